"""Pages for the AWS side. Thin: read input, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.aws import AwsCredentials
from core.errors import PortalError, RateLimited, ValidationFailed, error_text
from log_sources import validation
from log_sources.choices import CredentialType
from log_sources.credentials import portal_principal_arn, require_portal_principal
from log_sources.selectors import log_source_get
from log_sources.services import log_source_credentials_validate
from tenants.selectors import can, require, tenant_of
from tenants.services import external_id_regenerate as tenant_external_id_regenerate

from . import selectors, services, templates
from .forms import (
    DeployCredentialsForm,
    ExternalIdRegenerateForm,
    ReaderRoleLaunchForm,
    SourceCredentialsForm,
    SourceEditForm,
    deploy_key_errors,
)
from .throttles import refuse_if_too_many_key_checks


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "") or request.GET.get("format") == "json"


def _source_url(source) -> str:
    return reverse("log_sources:detail", args=[source.pk])


@login_required
@require_GET
def service_account(request):
    return _service_account_page(request)


def _service_account_page(
    request,
    *,
    launch: dict | None = None,
    launch_errors: dict | None = None,
    regenerate_errors: dict | None = None,
    status: int = 200,
):
    tenant = tenant_of(request.user)
    return render(
        request,
        "deployments/service_account.html",
        {
            "policy_json": templates.service_account_policy_json(),
            "policy_json_cn": templates.service_account_policy_json(partition="aws-cn"),
            "console_link": selectors.service_account_console_link(),
            "published": bool(selectors.template_url("service-account")),
            "user_name": templates.SERVICE_ACCOUNT_USER,
            "log_group": templates.LOG_GROUP,
            # The reader role: whom it trusts, with which External ID (the tenant's), and how to create it.
            # (What the API's aws/identity/ answers, to the same people: those who may list sources.)
            "identity": selectors.aws_identity(tenant=tenant) if tenant and can(request.user, "source.list") else None,
            "launch": launch or {"role_name": templates.READER_ROLE_NAME},
            "launch_errors": launch_errors or {},
            "regenerate_errors": regenerate_errors or {},
        },
        status=status,
    )


def _field_errors(form) -> dict[str, list[str]]:
    return {field: list(messages_) for field, messages_ in form.errors.items()}


def _refusal(exc: PortalError) -> dict[str, list[str]]:
    """A service's refusal as field errors; a permission refusal goes on to the 403 page."""
    if exc.status == 403:
        raise exc
    if isinstance(exc, ValidationFailed):
        return exc.errors
    return {exc.field or "non_field_errors": [exc.message]}


@login_required
@require_POST
def reader_role_launch(request):
    """Launch for me, the reader role: one Stack in the customer's account, then its operation page."""
    require(request.user, "source.add")
    form = ReaderRoleLaunchForm(request.POST)
    launch = {
        "aws_account_number": str(request.POST.get("aws_account_number", ""))[:64],
        "role_name": str(request.POST.get("role_name", ""))[:128],
    }
    if not form.is_valid():
        return _service_account_page(request, launch=launch, launch_errors=_field_errors(form), status=400)
    try:
        operation = services.reader_role_launch(
            user=request.user,
            account_number=form.cleaned_data["aws_account_number"],
            role_name=form.cleaned_data["role_name"].strip() or templates.READER_ROLE_NAME,
            deploy_credentials=form.credentials(),
        )
    except PortalError as exc:
        errors = deploy_key_errors(_refusal(exc))
        return _service_account_page(request, launch=launch, launch_errors=errors, status=exc.status)
    messages.success(
        request,
        "Launch started: the reader role's stack is being created. Once it succeeds, use its Role ARN in the "
        "Add Log Source wizard; the one-time deploy credentials are then deleted.",
    )
    return redirect("deployments:operation", pk=operation.pk)


@login_required
@require_POST
def external_id_regenerate(request):
    require(request.user, "external_id.regenerate")
    form = ExternalIdRegenerateForm(request.POST)
    if not form.is_valid():
        return _service_account_page(request, regenerate_errors=_field_errors(form), status=400)
    tenant = tenant_external_id_regenerate(actor=request.user, tenant=tenant_of(request.user))
    messages.success(
        request,
        f"New External ID: {tenant.aws_external_id}. Update the stack of every reader role with it: until then "
        "those roles cannot be assumed.",
    )
    return redirect(reverse("deployments:service_account") + "#role")


@login_required
@require_GET
def template_download(request, kind: str):
    if kind not in templates.TEMPLATE_KINDS:
        raise Http404("No such template")
    response = HttpResponse(templates.template_text(kind), content_type="application/x-yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{templates.template_filename(kind)}"'
    return response


@login_required
@require_POST
def launch(request, pk: int):
    source = log_source_get(user=request.user, pk=pk, action="source.deploy")
    form = DeployCredentialsForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose which credentials launch the template.")
        return redirect(_source_url(source))
    use_source, deploy_credentials = form.choice()
    try:
        operation = services.deployment_launch(
            user=request.user, source=source, use_source_credentials=use_source, deploy_credentials=deploy_credentials
        )
    except PortalError as exc:
        messages.error(request, error_text(exc))
        return redirect(_source_url(source))
    if _wants_json(request):
        return JsonResponse(selectors.operation_progress(operation), status=202)
    messages.success(request, "Launch started: each region's progress shows below.")
    return redirect(_source_url(source) + "#deployment")


def _progress_block(request, data: dict, **context):
    """What the live poller fetches: the progress as JSON, or the block it swaps in."""
    if _wants_json(request):
        return JsonResponse(data)
    return render(request, "deployments/_progress.html", {"progress": data, **context})


@login_required
@require_GET
def progress(request, pk: int):
    source = log_source_get(user=request.user, pk=pk)
    return _progress_block(request, selectors.source_progress(source), source=source)


@login_required
@require_GET
def operation_detail(request, pk: int):
    """One operation on a page of its own: a teardown outlives the source it removes."""
    operation = selectors.operation_get(user=request.user, pk=pk)
    return render(
        request,
        "deployments/operation.html",
        {
            "operation": operation,
            "progress": selectors.operation_state(operation),
            "progress_url": reverse("deployments:operation_progress", args=[operation.pk]),
        },
    )


@login_required
@require_GET
def operation_progress(request, pk: int):
    operation = selectors.operation_get(user=request.user, pk=pk)
    progress_url = reverse("deployments:operation_progress", args=[operation.pk])
    return _progress_block(request, selectors.operation_state(operation), progress_url=progress_url)


@login_required
@require_POST
def verify(request, pk: int):
    source = log_source_get(user=request.user, pk=pk, action="source.verify")
    try:
        refuse_if_too_many_key_checks(request)
    except RateLimited as exc:
        if _wants_json(request):
            return JsonResponse({"detail": exc.message}, status=429, headers={"Retry-After": str(exc.retry_after)})
        messages.error(request, exc.message)
        return redirect(_source_url(source) + "#verification")
    result = services.connection_verify(user=request.user, source=source)
    if _wants_json(request):
        return JsonResponse(result)
    if result["ok"]:
        messages.success(request, "Test connection: every check passed.")
    else:
        messages.error(request, "Test connection found problems: see the checklist below.")
    return redirect(_source_url(source) + "#verification")


@login_required
@require_POST
def check(request):
    """Test connection before a source exists (the wizard's credentials step)."""
    require(request.user, "source.add")
    try:
        account = validation.account_number(request.POST.get("aws_account_number"))
        credentials, role_arn = None, ""
        if request.POST.get("credential_type") == CredentialType.ROLE:
            require_portal_principal()
            role_arn = validation.role_arn(request.POST.get("role_arn"), account=account)
        else:
            key = validation.access_key_id(request.POST.get("aws_access_key_id"))
            secret = validation.secret_access_key(request.POST.get("aws_secret_access_key"))
            credentials = AwsCredentials(key, secret)
        chosen = request.POST.getlist("regions")
        # Without regions yet, only the account is checked.
        regions = validation.region_codes(chosen) if chosen else []
        refuse_if_too_many_key_checks(request)
    except (ValidationFailed, RateLimited) as exc:
        payload = {"ok": False, "errors": getattr(exc, "errors", {"non_field_errors": [exc.message]})}
        headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, RateLimited) else None
        if _wants_json(request):
            return JsonResponse(payload, status=exc.status, headers=headers)
        response = render(request, "deployments/_checklist.html", {"result": payload}, status=exc.status)
        if headers:
            response.headers.update(headers)
        return response
    result = services.credentials_check(
        user=request.user, account_number=account, credentials=credentials, role_arn=role_arn, regions=regions
    )
    if _wants_json(request):
        return JsonResponse(result)
    return render(request, "deployments/_checklist.html", {"result": result})


@login_required
@require_http_methods(["GET", "POST"])
def source_edit(request, pk: int):
    source = log_source_get(user=request.user, pk=pk, action="source.change")
    initial = {
        "regions": source.region_codes,
        "log_retention_days": source.log_retention_days,
        "tags": "\n".join(f"{k}={v}" for k, v in (source.tags or {}).items()),
    }
    form = SourceEditForm(request.POST or None, initial=initial)
    posted = None
    if request.method == "POST":
        posted = request.POST.copy()
        posted.setdefault("credentials", "source")  # an edit applies with the source's own keys unless told
    credentials_form = DeployCredentialsForm(posted, initial={"credentials": "source"})
    errors: dict[str, list[str]] = {}
    # Both forms are checked, so that both show their refusals; nothing is saved unless both pass.
    if request.method == "POST" and form.is_valid() & credentials_form.is_valid():
        data = {
            "regions": form.cleaned_data["regions"],
            "log_retention_days": form.cleaned_data["log_retention_days"],
            "tags": form.cleaned_data["tags"],
        }
        use_source, deploy_credentials = credentials_form.choice()
        if use_source:
            deploy_credentials = None
        try:
            source, operation = services.deployed_source_update(
                user=request.user, source=source, data=data, deploy_credentials=deploy_credentials
            )
        except PortalError as exc:
            errors = exc.errors if isinstance(exc, ValidationFailed) else {"__all__": [exc.message]}
        else:
            if operation:
                messages.success(request, "Saved. The change is being applied in AWS; progress shows below.")
            else:
                messages.success(request, "Saved.")
            return redirect(_source_url(source) + "#deployment")
    return render(
        request,
        "deployments/source_edit.html",
        {"source": source, "form": form, "credentials_form": credentials_form, "errors": errors},
        status=400 if errors or form.errors or credentials_form.errors else 200,
    )


def _credentials_page(request, source, *, form=None, errors=None, result=None, unverified=False, status=200):
    return render(
        request,
        "deployments/source_credentials.html",
        {
            "source": source,
            "principal_arn": portal_principal_arn(),
            "cred": form.public_values() if form is not None else None,
            "cred_errors": errors or {},
            "result": result,
            "unverified": unverified,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def source_credentials(request, pk: int):
    """Replace a source's credentials in place (rotate keys, or move between keys and a role)."""
    source = log_source_get(user=request.user, pk=pk, action="source.change")
    if request.method == "GET":
        return _credentials_page(request, source)
    form = SourceCredentialsForm(request.POST)
    if not form.is_valid():
        return _credentials_page(request, source, form=form, errors=_field_errors(form), status=400)
    data = form.data_for_service()
    try:
        # Bad input is named before the check's budget is spent; the service checks it again.
        log_source_credentials_validate(user=request.user, source=source, data=data)
        refuse_if_too_many_key_checks(request)
        result = services.source_credentials_change(
            user=request.user, source=source, data=data, save_unverified=form.cleaned_data["save_unverified"]
        )
    except services.CredentialsUnverified as exc:
        return _credentials_page(
            request,
            source,
            form=form,
            errors={"save_unverified": [exc.message]},
            result=exc.result,
            unverified=True,
            status=exc.status,
        )
    except PortalError as exc:
        response = _credentials_page(request, source, form=form, errors=_refusal(exc), status=exc.status)
        if isinstance(exc, RateLimited):
            response["Retry-After"] = str(exc.retry_after)
        return response
    messages.success(request, "Credentials replaced; collection continues from where it was.")
    if not result["ok"]:
        messages.warning(
            request, "They were saved without passing Test connection: collection shows the problem until it is fixed."
        )
    return redirect(_source_url(source) + "#credentials")


@login_required
@require_http_methods(["GET", "POST"])
def source_delete(request, pk: int):
    source = log_source_get(user=request.user, pk=pk, action="source.delete")
    if request.method == "POST":
        choice = request.POST.get("aws_resources")
        if choice not in ("delete", "keep"):
            messages.error(request, "Choose whether to delete or keep the AWS resources the portal deployed.")
            return render(request, "deployments/source_delete.html", {"source": source}, status=400)
        name = source.hostname
        teardown = services.deployed_source_delete(
            user=request.user, source=source, keep_aws_resources=choice == "keep"
        )
        if teardown is not None:
            messages.success(request, f"Deleted the log source {name}; its AWS resources are being removed.")
            return redirect("deployments:operation", pk=teardown.pk)
        if choice == "keep":
            messages.success(request, f"Deleted the log source {name}; its AWS resources were kept.")
        else:
            messages.success(
                request, f"Deleted the log source {name}; the portal had deployed no AWS resources for it."
            )
        return redirect("log_sources:list")
    return render(request, "deployments/source_delete.html", {"source": source})


@login_required
@require_POST
def coverage_refresh(request, pk: int):
    """ "Refresh coverage": ask GuardDuty again, region by region, and show the matrix."""
    source = log_source_get(user=request.user, pk=pk, action="source.verify")
    found = services.coverage_refresh_by(user=request.user, source=source)
    unchecked = [c.region for c in found if c.status == "unknown"]
    if unchecked:
        messages.error(request, "GuardDuty coverage could not be checked in " + ", ".join(unchecked) + ": see below.")
    else:
        messages.success(request, "GuardDuty coverage refreshed.")
    return redirect(_source_url(source) + "#coverage")


@login_required
@require_POST
def sample_finding(request, pk: int):
    """ "Send a sample finding" from a source's page."""
    source = log_source_get(user=request.user, pk=pk, action="source.sample_finding")
    region = request.POST.get("region", "")
    try:
        services.sample_finding_send(user=request.user, source=source, region=region)
    except PortalError as exc:
        if exc.status == 403:
            raise
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request, f"Sample finding requested in {region}; its delays appear below once it is collected."
        )
    return redirect(_source_url(source) + "#sample-finding")
