"""Permission walls, swept: every route (pages and API), as a member whose role holds no
permission (every method) and as a Read Only member (every write).

Routes come from the URL resolver and the API's methods from its schema; object ids name
alice's objects in the same tenant, and write bodies are plausible ones, so a missing gate
would let the request through. Every answer is a 403, 404 or 405 with nothing of Acme's in it
(the staff area sends them to its login), and afterwards no row has changed and nothing was
queued. The only routes any logged-in member may use are listed below, each with its reason.
"""

from __future__ import annotations

from tenants.models import Role
from tenants.permissions import ACTION_PERMISSIONS, READ_ONLY
from tests.sweeps.calls import METHODS, WRITES, body_for, content, send, targets
from tests.sweeps.conftest import MARKER, World
from tests.sweeps.probes import Snapshot, report, request_bookkeeping
from tests.sweeps.routes import TEACH, Route, all_routes, object_parameters

# Routes any logged-in member may read: they hold nothing of a tenant's.
OPEN = {
    "home": "redirects to External Sources",
    "login": "the login form",
    "logout": "ends the caller's own session",
    "deployments:service_account": "the same IAM policy for everyone",
    "deployments:template_download": "the same CloudFormation templates for everyone",
    "api-root": "the API's list of resources",
    "api-schema": "the API's OpenAPI description",
    "api-docs": "the API's interactive documentation",
    "region-list": "the catalogue of supported regions",
    "api-token": "exchanges the caller's own password for a token",
    "api-password": "changes the caller's own password",
    "account_password": "changes the caller's own password",
    "account_tokens": "the caller's own API tokens",
    "token-list": "the caller's own API tokens (a tenant's need Manage Users)",
    "": "the API's JSON 404 for any other path",
}
# Writes on these act on the caller's own session, password or tokens, so the sweep sends none.
SELF_SERVICE = {"login", "logout", "api-token", "api-password", "account_password", "account_tokens"}
STAFF_SELF_SERVICE = {"admin:login", "admin:logout"}
# Writes the permission table gives Read Only: (route name, action).
READ_ONLY_WRITES = {
    "deployments:verify": "source.verify",
    "log-source-verify": "source.verify",
    "deployments:coverage_refresh": "source.verify",
}


def _sweep(world: World, who: str, methods: tuple[str, ...], skip: set[str], capture):
    """Send every route every method in `methods` as `who`; return (failures, requests, routes).

    Afterwards no row may have changed but the request bookkeeping, and nothing may be queued.
    """
    pages, api = world.page_client(who), world.api_client(who)
    before = Snapshot.take()
    with capture() as queued:
        failures, requests, routes = _requests(world, who, pages, api, methods, skip)
    changes = before.changes(Snapshot.take(), ignore=request_bookkeeping)
    assert not changes, f"refused requests changed rows: {changes}"
    assert not queued, f"refused requests queued work: {queued}"
    return failures, requests, routes


def _requests(world: World, who: str, pages, api, methods: tuple[str, ...], skip: set[str]):
    endpoint, role = world.ids["endpoint"][0], world.ids["role"][1]
    failures, untaught, requests = [], [], 0
    routes: dict[str, set[str]] = {"page": set(), "api": set(), "admin": set()}
    for route in all_routes():
        if route.name in skip:
            continue
        if not route.is_admin:
            untaught += object_parameters(route)[1]
        aimed = targets(route, world, first_only=True)
        if not aimed:
            untaught.append(f"{route.label}: no values for its parameters.")
            continue
        path = route.url(aimed[0])
        client = api if route.is_api else pages
        routes["admin" if route.is_admin else "api" if route.is_api else "page"].add(route.label)
        for method in methods:
            if method != "GET" and route.name in SELF_SERVICE | STAFF_SELF_SERVICE:
                continue
            world.fresh_rate_limits()
            response = send(client, method, path, body_for(route, endpoint=endpoint, role=role), api=route.is_api)
            requests += 1
            problem = _judge(route, method, response)
            if problem:
                failures.append(f"{method} {path} ({route.label}) as {who}: {problem}")
    assert not untaught, "\n".join(untaught) + "\n" + TEACH
    return failures, requests, routes


def _judge(route: Route, method: str, response) -> str:
    status, body = response.status_code, content(response)
    if MARKER in body.lower():
        return f"{status} shows Acme's data"
    if route.is_admin and route.name not in STAFF_SELF_SERVICE:
        location = response.get("Location", "")
        return (
            ""
            if status == 302 and "/admin/login/" in location
            else f"{status}: the staff area must send them to its login"
        )
    if route.name in OPEN or route.name in STAFF_SELF_SERVICE:
        return "" if status < 500 else f"{status}"
    if status not in (403, 404, 405):
        return (
            f"{status}: expected a refusal (403, 404 or 405). If any member may use this route, add it to OPEN "
            "in tests/sweeps/test_permission_sweep.py with the reason."
        )
    return ""


def _counts(routes: dict[str, set[str]]) -> dict[str, int]:
    return {f"{kind}_routes": len(labels) for kind, labels in routes.items()}


def test_every_route_named_here_exists():
    """A renamed route must be renamed here too, or its exemption would quietly cover nothing."""
    names = {route.name for route in all_routes()}
    named_here = set(OPEN) | SELF_SERVICE | STAFF_SELF_SERVICE | set(READ_ONLY_WRITES)
    assert named_here <= names, sorted(named_here - names)


def test_a_member_without_permissions_is_refused_by_every_route_and_method(
    aws, world, django_capture_on_commit_callbacks
):
    failures, requests, routes = _sweep(world, "nobody", METHODS, set(), django_capture_on_commit_callbacks)
    assert not failures, "\n".join(failures)
    figures = report("permissions, no permission", **_counts(routes), requests=requests)
    assert figures["page_routes"] >= 25 and figures["api_routes"] >= 15 and figures["requests"] >= 500


def test_read_only_is_refused_every_write(aws, world, django_capture_on_commit_callbacks):
    readonly_role = Role.objects.get(pk=world.users["readonly"].membership.role_id)
    assert readonly_role.builtin == Role.Builtin.READ_ONLY
    for name, action in READ_ONLY_WRITES.items():
        # Allowed by the permission table itself, which the README documents row by row.
        assert ACTION_PERMISSIONS[action][1] <= READ_ONLY, name
    failures, requests, routes = _sweep(
        world,
        "readonly",
        WRITES,
        set(READ_ONLY_WRITES),
        django_capture_on_commit_callbacks,
    )
    assert not failures, "\n".join(failures)
    figures = report("permissions, Read Only writes", **_counts(routes), requests=requests)
    assert figures["page_routes"] >= 20 and figures["api_routes"] >= 15 and figures["requests"] >= 400
