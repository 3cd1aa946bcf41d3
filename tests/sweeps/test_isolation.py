"""Tenant walls, swept: every route that takes an object id, every method, as another tenant.

Routes come from the URL resolver (pages and API alike, includes followed) and the API's
methods from its OpenAPI schema; charlie (Globex's admin, who holds every permission) asks
each one for each of alice's objects of the kind the route names, with a plausible body.
Every answer must be the one a missing id gets, a 404 wherever the method is allowed, with
nothing of Acme's in it; afterwards nothing of Acme's has changed and nothing was queued.
The staff area (Django admin) sends charlie, who is not staff, to its login whatever the id.
"""

from __future__ import annotations

import json

import pytest

from relay.services import endpoint_create
from tenants.models import Role
from tests.sweeps.calls import BEYOND, METHODS, MISSING, NO_WIZARD, admin_value, body_for, content, send, targets
from tests.sweeps.conftest import MARKER
from tests.sweeps.probes import Snapshot, report, request_bookkeeping
from tests.sweeps.routes import TEACH, Route, all_routes, object_parameters, schema_operations, schema_path


@pytest.fixture
def alices_wizard(world) -> str:
    response = world.page_client("alice").get("/sources/add/")
    return response.url.split("/add/")[1].split("/")[0]


def _comparisons(route: Route, world, kinds: dict[str, str]) -> dict[str, dict[str, str]]:
    """The same route naming what does not exist: a missing id, and one beyond any id column."""
    if route.is_admin:
        missing = {p: admin_value(route, p, world, missing=True) for p in route.parameters}
        return {"missing": missing}
    base = targets(route, world, wizard=NO_WIZARD, first_only=True)[0]
    return {
        "missing": {**base, **{p: MISSING for p in kinds}},
        "beyond": {**base, **{p: BEYOND for p in kinds}},
    }


def test_another_tenant_gets_404_from_every_route_that_takes_an_id(
    aws, world, alices_wizard, django_capture_on_commit_callbacks
):
    globex_endpoint = endpoint_create(
        user=world.users["charlie"], name="Globex Relay", hostname="relay.globex.example"
    ).pk
    globex_role = Role.objects.get(tenant=world.globex, builtin="admin").pk
    pages, api = world.page_client("charlie"), world.api_client("charlie")
    operations = schema_operations()
    untaught, failures = [], []
    swept: dict[str, set[str]] = {"pages": set(), "api": set(), "admin": set()}
    requests = 0
    before = Snapshot.take()

    with django_capture_on_commit_callbacks() as queued:
        for route in all_routes():
            kinds, problems = ({}, []) if route.is_admin else object_parameters(route)
            untaught += problems
            if problems or not (kinds or route.is_admin and route.parameters or "wid" in route.parameters):
                continue  # a route that names no object is the permission sweep's
            aimed = targets(route, world, wizard=alices_wizard)
            if not aimed:
                untaught.append(f"{route.label}: the world has no object of kind {sorted(set(kinds.values()))}.")
                continue
            client = api if route.is_api else pages
            allowed = operations.get(schema_path(route), set(METHODS)) if route.is_api else set(METHODS)
            comparisons = _comparisons(route, world, kinds)
            statuses = set()
            for method in METHODS:
                world.fresh_rate_limits()
                body = body_for(route, endpoint=globex_endpoint, role=globex_role)
                answers = {
                    label: send(client, method, route.url(values), body, api=route.is_api).status_code
                    for label, values in comparisons.items()
                }
                for values in aimed:
                    response = send(client, method, route.url(values), body, api=route.is_api)
                    statuses.add(response.status_code)
                    problem = _judge(route, method, response, answers, allowed)
                    if problem:
                        failures.append(f"{method} {route.url(values)} ({route.label}): {problem}")
                requests += len(aimed) + len(answers)
            if not route.is_admin and kinds and 404 not in statuses:
                failures.append(f"{route.label}: no method answered 404; the sweep never reached its lookup.")
            swept["admin" if route.is_admin else "api" if route.is_api else "pages"].add(route.label)

    assert not untaught, "\n".join(untaught) + "\n" + TEACH
    assert not failures, "\n".join(failures)
    changes = before.changes(
        Snapshot.take(),
        ignore=lambda table, record, column: (
            request_bookkeeping(table, record, column) or record.get("tenant_id") == world.globex.pk
        ),
    )
    assert not changes, f"another tenant's requests changed Acme's rows: {changes}"
    assert not queued, f"another tenant's requests queued work: {queued}"
    figures = report(
        "isolation",
        page_routes=len(swept["pages"]),
        api_routes=len(swept["api"]),
        admin_routes=len(swept["admin"]),
        requests=requests,
    )
    assert figures["page_routes"] >= 12 and figures["api_routes"] >= 9 and figures["requests"] >= 300


def _judge(route: Route, method: str, response, answers: dict[str, int], allowed: set[str]) -> str:
    status, body = response.status_code, content(response)
    if MARKER in body.lower():
        return f"{status} shows Acme's data"
    if status != answers["missing"]:
        return f"{status}, but a missing id gets {answers['missing']}: the answer tells that the object exists"
    if route.is_admin:
        if status != 302 or "/admin/login/" not in response.get("Location", ""):
            return f"{status}: the staff area must send a user who is not staff to its login"
        return ""
    if "wid" in route.parameters:
        # A wizard lives in its user's session: another user's id is one their session lacks.
        return "" if status in (302, 403, 404, 405) else f"{status} for another user's wizard"
    if status != answers["beyond"]:
        return f"{status}, but an id beyond any id column gets {answers['beyond']}"
    if method not in allowed:
        return "" if status == 405 else f"{status} for a method the schema does not list (expected 405)"
    if status not in (404, 405):
        return f"{status}, expected 404"
    if status == 404 and route.is_api and json.loads(body) != {"detail": "Not found."}:
        return f"404 with {body[:200]!r}"
    return ""


def test_a_route_whose_id_the_sweep_cannot_place_fails_it_naming_what_to_teach():
    unknown = Route(name="widgets:detail", template="widgets/<int:pk>/", callback=None)
    kinds, problems = object_parameters(unknown)
    assert kinds == {} and len(problems) == 1
    assert "'pk' after 'widgets'" in problems[0] and "widgets:detail" in problems[0]
    known = Route(name="log_sources:detail", template="sources/<int:pk>/", callback=None)
    assert object_parameters(known) == ({"pk": "source"}, [])
