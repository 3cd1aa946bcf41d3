from typing import Literal

EventsSearchRange = Literal["1h", "24h", "30d", "7d"]

EVENTS_SEARCH_RANGE_VALUES: set[EventsSearchRange] = {
    "1h",
    "24h",
    "30d",
    "7d",
}


def check_events_search_range(value: str) -> EventsSearchRange:
    if value in EVENTS_SEARCH_RANGE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {EVENTS_SEARCH_RANGE_VALUES!r}")
