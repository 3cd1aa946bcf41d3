"""Amazon GuardDuty: findings routed by EventBridge into a CloudWatch Logs group."""

from . import SourceType, register

GUARDDUTY = register(
    SourceType(
        key="guardduty",
        label="Amazon GuardDuty",
        default_log_group="Armor_GuardDuty_Log_Group",
        stack_name_prefix="Armor-GuardDuty",
        default_hostname="guardduty.amazonaws.com",
        default_protocol="AWS CloudWatch Logs (HTTPS)",
        collection_template="guardduty-collection.yaml",
    )
)
