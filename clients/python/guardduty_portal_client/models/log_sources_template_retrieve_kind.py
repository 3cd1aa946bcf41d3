from typing import Literal

LogSourcesTemplateRetrieveKind = Literal["organization-role", "role", "service-account", "stack", "stackset"]

LOG_SOURCES_TEMPLATE_RETRIEVE_KIND_VALUES: set[LogSourcesTemplateRetrieveKind] = {
    "organization-role",
    "role",
    "service-account",
    "stack",
    "stackset",
}


def check_log_sources_template_retrieve_kind(value: str) -> LogSourcesTemplateRetrieveKind:
    if value in LOG_SOURCES_TEMPLATE_RETRIEVE_KIND_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {LOG_SOURCES_TEMPLATE_RETRIEVE_KIND_VALUES!r}")
