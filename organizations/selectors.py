"""Reads of Organizations: the list, one Organization, and its accounts with what is collected of each."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.core.paginator import Paginator
from django.db.models import Count, Max, Q, QuerySet

from events.models import Finding
from log_sources import extensions
from log_sources.models import LogSource

from .choices import AccountStatus, DeployStatus, OrganizationMode
from .models import Organization, OrganizationAccount

ACCOUNTS_PER_PAGE = 50

# Filters of the accounts table: name -> what it keeps.
ACCOUNT_FILTERS = {
    "all": ("All accounts", Q()),
    "attention": (
        "Needs attention",
        Q(deploy_status=DeployStatus.FAILED) | Q(guardduty_member=False) | ~Q(status=AccountStatus.ACTIVE),
    ),
    "failed": ("Deploy failed", Q(deploy_status=DeployStatus.FAILED)),
    "not_member": ("Not a GuardDuty member", Q(guardduty_member=False)),
    "active": ("Active", Q(status=AccountStatus.ACTIVE)),
    "inactive": ("Suspended or removed", ~Q(status=AccountStatus.ACTIVE)),
}


def organization_list(*, user) -> QuerySet[Organization]:
    return (
        Organization.objects.restrict(user, "source.list")
        .select_related("endpoint", "tenant")
        .annotate(
            account_count=Count("accounts", filter=~Q(accounts__status=AccountStatus.REMOVED)),
            source_count=Count("accounts__source"),
        )
        .order_by("name", "id")
    )


def organization_get(*, user, pk, action: str = "source.view") -> Organization:
    """The user's Organization if `action` allows it, or Organization.DoesNotExist (a 404) for another tenant's."""
    return Organization.objects.restrict(user, action).select_related("endpoint", "tenant").get(pk=pk)


@dataclass
class AccountRow:
    account: OrganizationAccount
    source: LogSource | None = None
    last_event_at: datetime | None = None
    findings: int | None = None
    regions_collecting: list[str] = field(default_factory=list)


@dataclass
class AccountsView:
    rows: list[AccountRow]
    summary: dict[str, int]
    page_number: int
    pages: int
    total: int


def _collecting_regions(source: LogSource) -> list[str]:
    return [
        region.region for region in source.regions.all() if getattr(region, "unit", None) and region.unit.last_event_at
    ]


def account_rows(organization: Organization, accounts: list[OrganizationAccount]) -> list[AccountRow]:
    """Each account with what the portal collects of it.

    Administrator mode: the findings of every member arrive in the administrator's source, so
    each account's last event and count come from the findings attributed to it (GuardDuty's
    accountId). Every account mode: each account's own source, its Last Event and regions.
    """
    rows = [AccountRow(account=a) for a in accounts]
    if organization.mode == OrganizationMode.ADMINISTRATOR and organization.administrator_source_id:
        stats: dict[str, dict] = {}
        for found in (
            Finding.objects.filter(
                tenant_id=organization.tenant_id,
                source_id=organization.administrator_source_id,
                account_id__in=[a.account_number for a in accounts],
            )
            .values("account_id", "region")
            .annotate(findings=Count("id"), last=Max("last_collected_at"))
            .order_by("account_id", "region")
        ):
            account = stats.setdefault(found["account_id"], {"findings": 0, "last": None, "regions": []})
            account["findings"] += found["findings"]
            account["last"] = max(filter(None, (account["last"], found["last"])), default=None)
            account["regions"].append(found["region"])
        for row in rows:
            found = stats.get(row.account.account_number)
            row.findings = found["findings"] if found else 0
            row.last_event_at = found["last"] if found else None
            row.regions_collecting = found["regions"] if found else []
        return rows
    sources = {
        s.pk: s
        for s in extensions.read_into(LogSource.objects.filter(pk__in=[a.source_id for a in accounts if a.source_id]))
    }
    for row in rows:
        row.source = sources.get(row.account.source_id)
        if row.source is not None:
            row.last_event_at = getattr(row.source, "last_event_at", None)
            row.regions_collecting = _collecting_regions(row.source)
    return rows


def accounts_summary(organization: Organization) -> dict[str, int]:
    """Counts for the Organization page's header, over every account (one query); every key is always there."""
    counts: Counter[str] = Counter(
        {f"status_{s}": 0 for s in AccountStatus.values}
        | {f"deploy_{d}": 0 for d in DeployStatus.values}
        | dict.fromkeys(("accounts", "inactive", "guardduty_members", "not_guardduty_members", "sources"), 0)
    )
    for status, deploy, member, has_source in organization.accounts.values_list(
        "status", "deploy_status", "guardduty_member", "source"
    ):
        counts["accounts"] += 1
        counts[f"status_{status}"] += 1
        counts["inactive"] += status != AccountStatus.ACTIVE
        counts[f"deploy_{deploy}"] += 1
        counts["guardduty_members"] += member is True
        counts["not_guardduty_members"] += member is False
        counts["sources"] += bool(has_source)
    return dict(counts)


def _failures_first(deploy_status: str, guardduty_member: bool | None, status: str, account_number: str) -> tuple:
    """Failed deploys first, then accounts that are not GuardDuty members, then inactive ones; then by number."""
    return (
        deploy_status != DeployStatus.FAILED,
        guardduty_member is not False,
        status == AccountStatus.ACTIVE,
        account_number,
    )


def organization_accounts(
    organization: Organization, *, filter_name: str = "all", query: str = "", page: int | str = 1
) -> AccountsView:
    """One page of the accounts table, failures first, with the summary counts of all accounts."""
    accounts = organization.accounts.filter(ACCOUNT_FILTERS.get(filter_name, ACCOUNT_FILTERS["all"])[1])
    query = (query or "").strip()
    if query:
        accounts = accounts.filter(
            Q(account_number__contains=query) | Q(name__icontains=query) | Q(parent_name__icontains=query)
        )
    ordered = sorted(
        accounts.values_list("pk", "deploy_status", "guardduty_member", "status", "account_number"),
        key=lambda r: _failures_first(*r[1:]),
    )
    paginator = Paginator([r[0] for r in ordered], ACCOUNTS_PER_PAGE)
    page_obj = paginator.get_page(page)
    by_pk = {a.pk: a for a in OrganizationAccount.objects.filter(pk__in=list(page_obj.object_list))}
    chosen = [by_pk[pk] for pk in page_obj.object_list if pk in by_pk]
    return AccountsView(
        rows=account_rows(organization, chosen),
        summary=accounts_summary(organization),
        page_number=page_obj.number,
        pages=paginator.num_pages,
        total=paginator.count,
    )


def organization_accounts_all(organization: Organization) -> AccountsView:
    """Every account (the API's view: a client filters itself), failures first."""
    accounts = sorted(
        organization.accounts.all(),
        key=lambda a: _failures_first(a.deploy_status, a.guardduty_member, a.status, a.account_number),
    )
    return AccountsView(
        rows=account_rows(organization, accounts),
        summary=accounts_summary(organization),
        page_number=1,
        pages=1,
        total=len(accounts),
    )


def read_organization_links(sources: list[LogSource]) -> None:
    """log_sources' reader: `organization`, the id of the Organization a source was added for (or None)."""
    ids = [source.pk for source in sources]
    links = dict(OrganizationAccount.objects.filter(source_id__in=ids).values_list("source_id", "organization_id"))
    links.update(
        Organization.objects.filter(administrator_source_id__in=ids).values_list("administrator_source_id", "pk")
    )
    for source in sources:
        source.organization = links.get(source.pk)
