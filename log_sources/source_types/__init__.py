"""The registry of log source types.

A type is one module that describes where its logs live and how to read them; GuardDuty is
the first. Adding CloudTrail or VPC Flow Logs means adding a module and registering it here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceType:
    key: str
    label: str
    default_log_group: str
    # The default Stack / StackSet name is this prefix and the account number.
    stack_name_prefix: str
    default_hostname: str
    default_protocol: str
    # The CloudFormation template (under deployments/cloudformation/) that routes this
    # type's logs into `default_log_group`.
    collection_template: str

    def hostname_for_account(self, account_number: str) -> str:
        return f"{self.key}-{account_number}"

    def default_stack_name(self, account_number: str) -> str:
        return f"{self.stack_name_prefix}-{account_number}"


_REGISTRY: dict[str, SourceType] = {}


def register(source_type: SourceType) -> SourceType:
    _REGISTRY[source_type.key] = source_type
    return source_type


def get(key: str) -> SourceType:
    return _REGISTRY[key]


def all_types() -> list[SourceType]:
    return list(_REGISTRY.values())


def choices() -> list[tuple[str, str]]:
    return [(t.key, t.label) for t in _REGISTRY.values()]


from .guardduty import GUARDDUTY  # noqa: E402,F401  (registers itself)
