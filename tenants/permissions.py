"""The permission catalogue and the one table that says which permission gates which action.

Names are the ones customers know from AMP. The README mirrors ACTION_PERMISSIONS; a test
checks it row by row.
"""

from __future__ import annotations

from django.db import models


class Permission(models.TextChoices):
    READ_LOG_MANAGEMENT = "read_log_management", "Read Log Management"
    WRITE_LOG_MANAGEMENT = "write_log_management", "Write Log Management"
    DELETE_LOG_MANAGEMENT = "delete_log_management", "Delete Log Management"
    READ_LOG_ENDPOINTS = "read_log_endpoints", "Read Log Endpoints"
    READ_LOG_RELAYS = "read_log_relays", "Read Log Relays"
    WRITE_LOG_RELAYS = "write_log_relays", "Write Log Relays"
    DELETE_LOG_RELAYS = "delete_log_relays", "Delete Log Relays"
    WRITE_VIRTUAL_MACHINE = "write_virtual_machine", "Write Virtual Machine"
    MANAGE_USERS = "manage_users", "Manage Users"


P = Permission

# action -> (what the user is doing, in words for the 403 message; permissions it needs)
ACTION_PERMISSIONS: dict[str, tuple[str, frozenset[Permission]]] = {
    "source.list": ("list log sources", frozenset({P.READ_LOG_RELAYS})),
    "source.view": ("view a log source", frozenset({P.READ_LOG_RELAYS})),
    "source.add": ("add a log source", frozenset({P.WRITE_LOG_RELAYS, P.READ_LOG_ENDPOINTS})),
    "source.change": ("change a log source", frozenset({P.WRITE_LOG_RELAYS, P.READ_LOG_ENDPOINTS})),
    "source.deploy": ("deploy a log source's AWS resources", frozenset({P.WRITE_LOG_RELAYS})),
    "source.verify": ("test a log source's connection", frozenset({P.READ_LOG_RELAYS})),
    "source.pull": ("pull a log source now", frozenset({P.WRITE_LOG_RELAYS})),
    "source.sample_finding": ("send a sample finding to a log source", frozenset({P.WRITE_LOG_RELAYS})),
    "source.delete": ("delete a log source", frozenset({P.DELETE_LOG_RELAYS})),
    "endpoint.list": ("list log relay endpoints", frozenset({P.READ_LOG_ENDPOINTS})),
    "endpoint.view": ("view a log relay endpoint", frozenset({P.READ_LOG_ENDPOINTS})),
    "endpoint.add": ("add a log relay endpoint", frozenset({P.WRITE_VIRTUAL_MACHINE, P.WRITE_LOG_RELAYS})),
    "endpoint.delete": ("delete a log relay endpoint", frozenset({P.DELETE_LOG_RELAYS})),
    "logs.search": ("search collected logs", frozenset({P.READ_LOG_MANAGEMENT})),
    "logs.retention": ("change log retention", frozenset({P.WRITE_LOG_MANAGEMENT})),
    "logs.purge": ("purge collected logs", frozenset({P.DELETE_LOG_MANAGEMENT})),
    "users.manage": ("manage roles and members", frozenset({P.MANAGE_USERS})),
    # Every reader role of the tenant trusts the External ID: changing it is an admin's call.
    "external_id.regenerate": (
        "regenerate the tenant's External ID",
        frozenset({P.MANAGE_USERS, P.WRITE_LOG_RELAYS}),
    ),
    "audit.view": ("see the audit trail", frozenset({P.MANAGE_USERS})),
    "notifications.view": ("see notification channels", frozenset({P.READ_LOG_MANAGEMENT})),
    "notifications.manage": ("manage notification channels", frozenset({P.WRITE_LOG_MANAGEMENT})),
}

ALL_PERMISSIONS: frozenset[str] = frozenset(p.value for p in Permission)

# What the built-in roles hold. Admin is not listed: it holds every permission, including
# any added to the catalogue later, because it is flagged `grants_all` rather than enumerated.
LOG_RELAY_MANAGER = frozenset(
    {
        P.WRITE_VIRTUAL_MACHINE,
        P.DELETE_LOG_MANAGEMENT,
        P.READ_LOG_ENDPOINTS,
        P.READ_LOG_RELAYS,
        P.WRITE_LOG_RELAYS,
        P.DELETE_LOG_RELAYS,
        P.READ_LOG_MANAGEMENT,
    }
)
READ_ONLY = frozenset({P.READ_LOG_ENDPOINTS, P.READ_LOG_RELAYS, P.READ_LOG_MANAGEMENT})


def label(code: str) -> str:
    return Permission(code).label


def permission_by_name(name: str) -> Permission | None:
    """Accepts the catalogue name ("Read Log Relays") or its code ("read_log_relays")."""
    for permission in Permission:
        if name in (permission.value, permission.label):
            return permission
    return None
