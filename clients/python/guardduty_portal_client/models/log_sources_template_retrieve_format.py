from typing import Literal

LogSourcesTemplateRetrieveFormat = Literal["json", "yaml"]

LOG_SOURCES_TEMPLATE_RETRIEVE_FORMAT_VALUES: set[LogSourcesTemplateRetrieveFormat] = {
    "json",
    "yaml",
}


def check_log_sources_template_retrieve_format(value: str) -> LogSourcesTemplateRetrieveFormat:
    if value in LOG_SOURCES_TEMPLATE_RETRIEVE_FORMAT_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {LOG_SOURCES_TEMPLATE_RETRIEVE_FORMAT_VALUES!r}")
