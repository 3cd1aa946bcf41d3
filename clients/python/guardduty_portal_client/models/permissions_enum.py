from typing import Literal

PermissionsEnum = Literal[
    "Delete Log Management",
    "Delete Log Relays",
    "delete_log_management",
    "delete_log_relays",
    "Manage Users",
    "manage_users",
    "Read Log Endpoints",
    "Read Log Management",
    "Read Log Relays",
    "read_log_endpoints",
    "read_log_management",
    "read_log_relays",
    "Write Log Management",
    "Write Log Relays",
    "Write Virtual Machine",
    "write_log_management",
    "write_log_relays",
    "write_virtual_machine",
]

PERMISSIONS_ENUM_VALUES: set[PermissionsEnum] = {
    "Delete Log Management",
    "Delete Log Relays",
    "delete_log_management",
    "delete_log_relays",
    "Manage Users",
    "manage_users",
    "Read Log Endpoints",
    "Read Log Management",
    "Read Log Relays",
    "read_log_endpoints",
    "read_log_management",
    "read_log_relays",
    "Write Log Management",
    "Write Log Relays",
    "Write Virtual Machine",
    "write_log_management",
    "write_log_relays",
    "write_virtual_machine",
}


def check_permissions_enum(value: str) -> PermissionsEnum:
    if value in PERMISSIONS_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {PERMISSIONS_ENUM_VALUES!r}")
