"""Every route the portal serves, read from its URL resolver and its OpenAPI schema.

Nothing here lists the portal's routes: they are enumerated, so a route added later is swept
the day it is added. What the sweeps must be told is what a route's parameters mean: which
kind of object an id names (by the path segment before it), and the few parameters that name
no object. A parameter the sweep cannot place fails the sweep, naming what to teach it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, resolve

# The path segment before an id -> the kind of object the id names.
KIND_OF_SEGMENT = {
    "sources": "source",
    "log-sources": "source",
    "organizations": "organization",
    "endpoints": "endpoint",
    "operations": "operation",
    "roles": "role",
    "members": "member",
    "tokens": "token",
    "audit-events": "audit_event",
    "audit": "audit_event",
    "events": "event",
    "findings": "finding",
    "regions": "region",
    "notification-channels": "notification_channel",
    "channels": "notification_channel",  # /notifications/channels/<pk>/...
}

# Parameters that name no object of a tenant: (route name, parameter) -> a value to use.
NOT_AN_OBJECT = {
    ("log_sources:wizard", "wid"): "wizard",  # a wizard lives in its user's session, not in a table
    ("log_sources:wizard", "step"): "1",
    ("deployments:template_download", "kind"): "stack",
    ("events:export", "fmt"): "csv",
}

TEACH = (
    "Teach the sweep what it names: add the path segment before it to KIND_OF_SEGMENT in tests/sweeps/routes.py "
    "and give the `world` fixture (tests/sweeps/conftest.py) one of alice's objects of that kind; or, for a "
    "parameter that names no tenant's object, add it to NOT_AN_OBJECT."
)

_PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>|\(\?P<(?P<group>\w+)>")


@dataclass(frozen=True)
class Route:
    name: str  # "log_sources:detail", "log-source-detail"; "" when the pattern has no name
    template: str  # as the resolver has it, prefixes joined: "api/v1/^log-sources/(?P<pk>[0-9]+)/pull/$"
    callback: Any

    @property
    def label(self) -> str:
        return f"{self.name or '(unnamed)'} /{self.template}"

    @property
    def parameters(self) -> tuple[str, ...]:
        return tuple(m.group("name") or m.group("group") for m in _PARAMETER.finditer(self.template))

    @property
    def is_api(self) -> bool:
        return self.template.startswith("api/")

    @property
    def is_admin(self) -> bool:
        return self.template.startswith("admin/")

    def segment_before(self, parameter: str) -> str:
        match = next(m for m in _PARAMETER.finditer(self.template) if parameter in (m.group("name"), m.group("group")))
        path = self.template[: match.start()].replace("^", "").rstrip("/")
        return path.rsplit("/", 1)[-1]

    def url(self, values: dict[str, str]) -> str:
        """The route's path with `values` in place of its parameters, checked against the resolver."""
        template, out, index = self.template, [], 0
        for match in _PARAMETER.finditer(template):
            out.append(template[index : match.start()])
            name = match.group("name") or match.group("group")
            out.append(str(values[name]))
            index = match.end()
            if match.group("group"):
                index = _group_end(template, match.start())
        out.append(template[index:])
        path = "/" + "".join(out).replace("^", "").replace("$", "").replace("\\", "")
        assert resolve(path).func is self.callback, f"{path} does not resolve to {self.label}"
        return path


def _group_end(text: str, start: int) -> int:
    depth = 0
    for position in range(start, len(text)):
        if text[position] == "(" and text[position - 1 : position] != "\\":
            depth += 1
        elif text[position] == ")" and text[position - 1 : position] != "\\":
            depth -= 1
            if depth == 0:
                return position + 1
    raise ValueError(f"unbalanced group in {text}")


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace or ""]))
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = ":".join(filter(None, [namespace, pattern.name or ""])) if pattern.name else ""
            yield Route(name=name, template=prefix + str(pattern.pattern), callback=pattern.callback)


@cache
def all_routes() -> tuple[Route, ...]:
    """Every URL pattern of the root URLconf, includes followed recursively."""
    return tuple(_walk(get_resolver().url_patterns))


def object_parameters(route: Route) -> tuple[dict[str, str], list[str]]:
    """({parameter: kind} for the parameters that name a tenant's object, [problems])."""
    kinds, problems = {}, []
    for parameter in route.parameters:
        if (route.name, parameter) in NOT_AN_OBJECT:
            continue
        segment = route.segment_before(parameter)
        kind = KIND_OF_SEGMENT.get(segment)
        if kind is None:
            problems.append(f"{route.label}: parameter {parameter!r} after {segment!r} names nothing the sweep knows.")
        else:
            kinds[parameter] = kind
    return kinds, problems


@cache
def api_schema() -> dict:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def schema_operations() -> dict[str, set[str]]:
    """The API's paths in the OpenAPI schema, each with its methods (upper case)."""
    methods = {"get", "post", "put", "patch", "delete"}
    return {path: {m.upper() for m in operations if m in methods} for path, operations in api_schema()["paths"].items()}


def schema_path(route: Route) -> str:
    """The route's path as the schema writes it: /api/v1/log-sources/{id}/pull/."""
    path = "/" + route.template.replace("^", "").replace("$", "")
    path = re.sub(r"\(\?P<(pk|id)>[^)]*\)|<(?:\w+:)?(pk|id)>", "{id}", path)
    return re.sub(r"\(\?P<(\w+)>[^)]*\)|<(?:\w+:)?(\w+)>", lambda m: "{" + (m.group(1) or m.group(2)) + "}", path)
