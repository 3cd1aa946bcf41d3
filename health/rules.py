"""How healthy a source and each of its regions are: pure rules over what the readers below set.

Region problems are judged per region: pulls failing, throttled for long, the deploy failed,
GuardDuty off. Silence is judged per source (its newest event in any region), because
GuardDuty is quiet for days in regions where nothing runs: a per-region clock would cry wolf
in every unused region of a fifteen-region source, and a warning that is always on is one
nobody reads. A region's end-to-end path is proven instead by the sample-finding canary.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from collection.choices import CollectionState
from deployments.choices import DeployState
from log_sources.models import LogSource, SourceRegion

from .choices import SEVERITY, HealthLevel

# A pull that keeps being throttled shares the account's 5 requests/s with something else
# for this long before anyone needs to look.
THROTTLED_WARNING_AFTER = timedelta(minutes=30)

# Collection states that no retry will mend: the customer must act, so Critical at once.
BROKEN_STATES = {
    CollectionState.CREDENTIALS_INVALID,
    CollectionState.ROLE_UNAVAILABLE,
    CollectionState.ACCESS_DENIED,
    CollectionState.LOG_GROUP_MISSING,
}
# Collection states that may mend themselves, but stop collection while they last.
FAILING_STATES = {CollectionState.UNREACHABLE, CollectionState.ERROR, CollectionState.OVERDUE}


@dataclass(frozen=True)
class Health:
    level: HealthLevel
    reason: str = ""
    since: datetime | None = None

    @property
    def label(self) -> str:
        return HealthLevel(self.level).label

    @property
    def severity(self) -> int:
        return SEVERITY[HealthLevel(self.level)]


OK = Health(HealthLevel.OK)


@dataclass(frozen=True)
class Thresholds:
    warning_after_hours: int
    critical_after_hours: int


def _utc(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC"


def _hours(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours:.0f} h" if hours >= 10 else f"{hours:.1f} h"


def region_problems(region: SourceRegion, *, now: datetime) -> list[Health]:
    """Everything wrong with one region, each with its level, reason and since (empty: OK)."""
    problems: list[Health] = []
    name = region.region
    deployment = getattr(region, "deployment", None)
    if deployment is not None and deployment.state == DeployState.FAILED:
        problems.append(
            Health(
                HealthLevel.CRITICAL,
                f"{name}: the deployment failed. {deployment.error}".strip(),
                deployment.updated_at,
            )
        )
    unit = getattr(region, "unit", None)
    if unit is not None:
        state = unit.collection_state
        since = unit.state_since or unit.last_pull_at
        if state in BROKEN_STATES:
            problems.append(
                Health(
                    HealthLevel.CRITICAL,
                    f"{name}: pulls fail ({CollectionState(state).label}). {unit.last_error}".strip(),
                    since,
                )
            )
        elif state in FAILING_STATES:
            problems.append(
                Health(
                    HealthLevel.WARNING,
                    f"{name}: pulls fail ({CollectionState(state).label}). {unit.last_error}".strip(),
                    since,
                )
            )
        elif state == CollectionState.THROTTLED and since is not None and now - since >= THROTTLED_WARNING_AFTER:
            problems.append(
                Health(
                    HealthLevel.WARNING,
                    f"{name}: CloudWatch Logs has throttled every pull since {_utc(since)} "
                    f"({_hours(now - since)}). Something else in the account uses its 5 requests/s in {name}.",
                    since + THROTTLED_WARNING_AFTER,
                )
            )
    coverage = getattr(region, "coverage", None)
    if coverage is not None:
        status = coverage.detector_status
        if status == "disabled":
            problems.append(
                Health(
                    HealthLevel.CRITICAL,
                    f"{name}: the GuardDuty detector is suspended, so no findings are made there. "
                    "Enable GuardDuty in this region.",
                    coverage.status_since,
                )
            )
        elif status == "missing":
            problems.append(
                Health(
                    HealthLevel.CRITICAL,
                    f"{name}: GuardDuty is not enabled (the account has no detector there). Enable GuardDuty "
                    "in this region, or remove the region from the source.",
                    coverage.status_since,
                )
            )
        elif status == "unknown" and coverage.checked_at is not None:
            # Checked, but GuardDuty could not be asked (often a role from before the coverage
            # permissions): whether anything is detected there is not known.
            problems.append(
                Health(
                    HealthLevel.WARNING,
                    f"{name}: whether GuardDuty is on could not be checked. {coverage.error}".strip(),
                    coverage.checked_at,
                )
            )
    return problems


def staleness(source: LogSource, thresholds: Thresholds, *, now: datetime) -> Health:
    """Whether the source has gone quiet: its newest event, in any region, against its thresholds."""
    last_event_at = getattr(source, "last_event_at", None)
    start = last_event_at or source.created_at
    quiet_for = now - start
    warning_at = start + timedelta(hours=thresholds.warning_after_hours)
    critical_at = start + timedelta(hours=thresholds.critical_after_hours)
    if now < warning_at:
        return OK
    level, since = (HealthLevel.CRITICAL, critical_at) if now >= critical_at else (HealthLevel.WARNING, warning_at)
    if last_event_at is None:
        what = f"No event has arrived in the {_hours(quiet_for)} since the source was added"
    else:
        what = f"No event for {_hours(quiet_for)} (the last arrived {_utc(last_event_at)})"
    return Health(
        level,
        f"{what}; Warning after {thresholds.warning_after_hours} h, Critical after "
        f"{thresholds.critical_after_hours} h. Send a sample finding to check the path end to end.",
        since,
    )


def worst(problems: list[Health]) -> Health:
    """The worst of several problems, its reasons joined, since the earliest at that level."""
    if not problems:
        return OK
    top = max(p.severity for p in problems)
    if top == 0:
        return OK
    at_top = [p for p in problems if p.severity == top]
    sinces = [p.since for p in at_top if p.since is not None]
    return Health(at_top[0].level, " ".join(p.reason for p in at_top), min(sinces) if sinces else None)


def evaluate(source: LogSource, thresholds: Thresholds, *, now: datetime) -> tuple[Health, dict[int, Health]]:
    """(the source's health, each region's health by region id).

    A paused source (its account left its Organization) is not collected on purpose: OK, with
    the reason. A region's own health leaves out staleness, which is the source's.
    """
    regions = list(source.regions.all())
    if source.paused:
        paused = Health(HealthLevel.OK, f"Not collected: {source.paused_reason}")
        return paused, {region.pk: paused for region in regions}
    by_region = {region.pk: worst(region_problems(region, now=now)) for region in regions}
    return worst([*by_region.values(), staleness(source, thresholds, now=now)]), by_region
