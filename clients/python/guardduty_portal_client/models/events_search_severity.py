from typing import Literal

EventsSearchSeverity = Literal["critical", "high", "low", "medium"]

EVENTS_SEARCH_SEVERITY_VALUES: set[EventsSearchSeverity] = {
    "critical",
    "high",
    "low",
    "medium",
}


def check_events_search_severity(value: str) -> EventsSearchSeverity:
    if value in EVENTS_SEARCH_SEVERITY_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {EVENTS_SEARCH_SEVERITY_VALUES!r}")
