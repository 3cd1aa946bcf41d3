"""How the route sweeps call a route: the values of its parameters, a plausible body, the request."""

from __future__ import annotations

import json
from typing import Any

from core.validation import MAX_ID
from log_sources.models import LogSource
from tests.conftest import ACCESS_KEY, ACCOUNT, PASSWORD, SECRET_KEY
from tests.sweeps.conftest import World
from tests.sweeps.routes import NOT_AN_OBJECT, Route, object_parameters

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
WRITES = ("POST", "PUT", "PATCH", "DELETE")
MISSING = str(MAX_ID)  # the largest id there can be, and no row has it
BEYOND = str(10**20)  # more than any id column holds
NO_WIZARD = "nosuchwizard"

_SOURCE = {
    "endpoint": "{endpoint}",
    "hostname": "sweep-source.example",
    "protocol": "AWS CloudWatch Logs (HTTPS)",
    "aws_account_number": ACCOUNT,
    "aws_access_key_id": ACCESS_KEY,
    "aws_secret_access_key": SECRET_KEY,
    "regions": ["us-east-1"],
    "mode": "stack",
}

# A body that would do what the route does if the caller got through. "{endpoint}" and
# "{role}" stand for one of the caller's tenant's endpoints and roles.
BODIES: dict[str, Any] = {
    "log-source-list": _SOURCE,
    "log-source-detail": {"deployment": {"log_retention_days": 7}, "regions": ["us-east-1"]},
    "log-source-deploy": {"use_source_credentials": True},
    "endpoint-list": {"name": "Sweep Relay", "hostname": "sweep-relay.example"},
    "role-list": {"name": "Sweep Role", "permissions": ["Read Log Relays"]},
    "role-detail": {"name": "Renamed by the sweep", "permissions": ["Read Log Relays"]},
    "member-list": {"username": "sweep-member", "password": PASSWORD, "role": "{role}"},
    "member-detail": {"role": "{role}"},
    "relay:endpoint_add": {"name": "Sweep Relay", "hostname": "sweep-relay.example"},
    "log_sources:wizard": {"endpoint": "{endpoint}", "hostname": "sweep.example", "protocol": "AWS", "nav": "next"},
    "deployments:check": {
        "aws_account_number": ACCOUNT,
        "aws_access_key_id": ACCESS_KEY,
        "aws_secret_access_key": SECRET_KEY,
    },
    "deployments:source_edit": {"regions": ["us-east-1"], "log_retention_days": "7", "tags": ""},
    "deployments:source_delete": {"aws_resources": "keep"},
    "deployments:launch": {"credentials": "source"},
    "tenants:role_add": {"name": "Sweep Role", "permissions": ["read_log_relays"]},
    "tenants:role_edit": {"name": "Renamed by the sweep", "permissions": ["read_log_relays"]},
    "tenants:member_add": {"username": "sweep-member", "password": PASSWORD, "role": "{role}"},
    "tenants:member_role": {"role": "{role}"},
    "events:retention": {"log_retention_days": "30"},
}


def body_for(route: Route, *, endpoint: Any = "", role: Any = "") -> dict:
    body = json.loads(json.dumps(BODIES.get(route.name, {})))
    stand_ins = {"{endpoint}": endpoint, "{role}": role}
    return {key: stand_ins.get(value, value) if isinstance(value, str) else value for key, value in body.items()}


def send(client, method: str, path: str, body: dict, *, api: bool):
    """One request: JSON for the API, a form for the pages' POST (as a browser sends it)."""
    if api:
        return client.get(path) if method == "GET" else getattr(client, method.lower())(path, body, format="json")
    if method == "GET":
        return client.get(path)
    if method == "POST":
        return client.post(path, body)
    return getattr(client, method.lower())(path, json.dumps(body), content_type="application/json")


def content(response) -> bytes:
    """The whole body, streamed or not."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def admin_value(route: Route, parameter: str, world: World, *, missing: bool = False) -> str:
    """Staff-only routes (Django admin) name rows by model: Acme's row of that model, or a missing one."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    if parameter == "object_id":
        app_label, model_name = route.template.split("/")[1:3]
        # admin/r/<content type>/<object>/ is "view on site": the object is a log source there.
        model = LogSource if app_label == "r" else apps.get_model(app_label, model_name)
        row = model.objects.order_by("pk").first()
        return MISSING if missing or row is None else str(row.pk)
    if parameter == "content_type_id":
        return str(ContentType.objects.get_for_model(LogSource).pk)
    if parameter == "id":
        return MISSING if missing else str(world.users["alice"].pk)
    if parameter == "app_label":
        return "log_sources"
    return "nothing/" if missing else "zeta/"


def fixed_values(route: Route, wizard: str = NO_WIZARD) -> dict[str, str]:
    """The parameters that name no object, with a value that works."""
    return {
        parameter: (wizard if value == "wizard" else value)
        for (name, parameter), value in NOT_AN_OBJECT.items()
        if name == route.name and parameter in route.parameters
    }


def targets(route: Route, world: World, *, wizard: str = NO_WIZARD, first_only: bool = False) -> list[dict[str, str]]:
    """Parameter values naming alice's objects: one set per object (or only the first of each kind)."""
    if route.is_admin:
        return [{p: admin_value(route, p, world) for p in route.parameters}]
    kinds, problems = object_parameters(route)
    if problems:
        return []
    found = [fixed_values(route, wizard)]
    for parameter, kind in kinds.items():
        ids = (world.ids.get(kind) or [])[:1] if first_only else world.ids.get(kind) or []
        found = [{**values, parameter: str(i)} for values in found for i in ids]
    return [values for values in found if set(kinds) <= set(values)]
