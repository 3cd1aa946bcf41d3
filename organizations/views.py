"""Organization pages: thin views over organizations.services and organizations.selectors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.aws import AwsCredentials
from core.errors import PortalError, ValidationFailed
from deployments import services as deployment_services
from deployments import templates
from deployments.forms import deploy_key_errors
from deployments.selectors import aws_identity
from log_sources import regions as region_catalogue
from relay.models import Endpoint
from tenants.selectors import require, tenant_of

from . import aws as organization_aws
from . import selectors, services
from .choices import OrganizationMode
from .forms import DeployCredentialsFields, OrganizationAddForm, RoleLaunchForm


def _errors(exc: PortalError) -> dict[str, list[str]]:
    """A service's refusal as field errors, the deploy keys' on their own inputs; a permission
    refusal goes on to the 403 page."""
    if exc.status == 403:
        raise exc
    if isinstance(exc, ValidationFailed):
        return deploy_key_errors(exc.errors)
    return {exc.field or "non_field_errors": [exc.message]}


def _form_errors(form) -> dict[str, list[str]]:
    return {field: list(messages_) for field, messages_ in form.errors.items()}


@login_required
@require_safe
def organization_list(request):
    organizations = selectors.organization_list(user=request.user)
    return render(request, "organizations/list.html", {"organizations": organizations})


def _add_page(
    request, *, values: dict, errors: dict | None = None, launch_errors: dict | None = None, status: int = 200
):
    identity = aws_identity(tenant=tenant_of(request.user))
    return render(
        request,
        "organizations/add.html",
        {
            "values": values,
            "errors": errors or {},
            "launch_errors": launch_errors or {},
            "endpoints": Endpoint.objects.restrict(request.user, "endpoint.list").order_by("name"),
            "modes": OrganizationMode.choices,
            "regions": region_catalogue.REGIONS,
            "identity": identity,
            "role_name": templates.ORGANIZATION_ROLE_NAME,
            "role_template_url": reverse("deployments:template_download", args=[templates.ORGANIZATION_ROLE_KIND]),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_add(request):
    require(request.user, "source.add")
    if request.method == "GET":
        return _add_page(request, values={"mode": OrganizationMode.ADMINISTRATOR, "regions": []})
    form = OrganizationAddForm(request.POST)
    values = {
        key: str(request.POST.get(key, ""))[:2048]
        for key in ("name", "endpoint", "mode", "account_number", "role_arn", "organizational_unit_ids")
    }
    values["regions"] = [str(code)[:32] for code in request.POST.getlist("regions")][:64]
    values["select_all_regions"] = bool(request.POST.get("select_all_regions"))
    if not form.is_valid():
        return _add_page(request, values=values, errors=_form_errors(form), status=400)
    try:
        organization = services.organization_create(
            user=request.user, data=form.service_data(), deploy_credentials=form.deploy_credentials()
        )
    except PortalError as exc:
        return _add_page(request, values=values, errors=_errors(exc), status=exc.status)
    messages.success(request, f"Organization {organization.name} added: its accounts are listed below.")
    return redirect("organizations:detail", pk=organization.pk)


@login_required
@require_POST
def organization_role_launch(request):
    """Launch for me, the Organization role: one Stack in the account, then its operation page with the Role ARN."""
    require(request.user, "source.add")
    form = RoleLaunchForm(request.POST)
    values = {
        "mode": OrganizationMode.ADMINISTRATOR,
        "regions": [],
        "launch_account_number": str(request.POST.get("account_number", ""))[:64],
    }
    if not form.is_valid():
        return _add_page(request, values=values, launch_errors=_form_errors(form), status=400)
    try:
        operation = deployment_services.reader_role_launch(
            user=request.user,
            account_number=form.cleaned_data["account_number"],
            deploy_credentials=form.deploy_credentials() or AwsCredentials("", ""),
            kind=templates.ORGANIZATION_ROLE_KIND,
        )
    except PortalError as exc:
        errors = _errors(exc)
        errors = {("account_number" if k == "aws_account_number" else k): v for k, v in errors.items()}
        return _add_page(request, values=values, launch_errors=errors, status=exc.status)
    messages.success(
        request,
        "Launch started: the Organization role's stack is being created. Once it succeeds, enter its Role ARN in "
        "Add AWS Organization; the one-time deploy credentials are then deleted.",
    )
    return redirect("deployments:operation", pk=operation.pk)


def _detail_page(request, organization, *, deploy_errors: dict | None = None, status: int = 200):
    filter_name = str(request.GET.get("filter", "all"))[:32]
    if filter_name not in selectors.ACCOUNT_FILTERS:
        filter_name = "all"
    query = str(request.GET.get("q", ""))[:64]
    view = selectors.organization_accounts(
        organization, filter_name=filter_name, query=query, page=str(request.GET.get("page", "1"))[:8]
    )
    return render(
        request,
        "organizations/detail.html",
        {
            "organization": organization,
            "view": view,
            "filters": [(key, label) for key, (label, _) in selectors.ACCOUNT_FILTERS.items()],
            "filter_name": filter_name,
            "q": query,
            "deploy_errors": deploy_errors or {},
            "stack_sets": (organization_aws.READER_ROLE_STACK_SET, organization_aws.COLLECTION_STACK_SET),
            "operation_preferences": organization_aws.OPERATION_PREFERENCES,
            "tenant": tenant_of(request.user),
        },
        status=status,
    )


@login_required
@require_safe
def organization_detail(request, pk: int):
    organization = selectors.organization_get(user=request.user, pk=pk)
    return _detail_page(request, organization)


@login_required
@require_POST
def organization_sync(request, pk: int):
    organization = selectors.organization_get(user=request.user, pk=pk, action="source.add")
    result = services.organization_sync_now(user=request.user, organization=organization)
    if result.error:
        messages.error(request, f"Sync failed: {result.error}")
    else:
        messages.success(
            request,
            f"Synced {result.accounts} accounts: {len(result.added)} new, {len(result.removed)} removed, "
            f"{len(result.suspended)} suspended, {len(result.sources_added)} sources added.",
        )
    return redirect("organizations:detail", pk=organization.pk)


@login_required
@require_POST
def organization_deploy(request, pk: int):
    organization = selectors.organization_get(user=request.user, pk=pk, action="source.deploy")
    form = DeployCredentialsFields(request.POST)
    if not form.is_valid():
        return _detail_page(request, organization, deploy_errors=_form_errors(form), status=400)
    credentials = form.deploy_credentials()
    if credentials is None:
        errors = {"deploy_access_key_id": ["Enter one-time deploy credentials: they are used for this deploy only."]}
        return _detail_page(request, organization, deploy_errors=errors, status=400)
    try:
        services.organization_deploy(user=request.user, organization=organization, deploy_credentials=credentials)
    except PortalError as exc:
        return _detail_page(request, organization, deploy_errors=_errors(exc), status=exc.status)
    messages.success(request, "Deploy started; the deploy credentials were used for it only and are not kept.")
    return redirect("organizations:detail", pk=organization.pk)


@login_required
@require_POST
def organization_delete(request, pk: int):
    organization = selectors.organization_get(user=request.user, pk=pk, action="source.delete")
    if request.POST.get("confirm") != "yes":
        messages.error(request, "Tick the confirmation to delete the Organization and what was collected for it.")
        return redirect("organizations:detail", pk=organization.pk)
    name = organization.name
    services.organization_delete(user=request.user, organization=organization)
    messages.success(
        request,
        f"Organization {name} deleted with its sources. Its StackSets stay in your management account: delete "
        f"{organization_aws.COLLECTION_STACK_SET} and {organization_aws.READER_ROLE_STACK_SET} there when you want "
        "them gone.",
    )
    return redirect("organizations:list")
