"""How the apps above log_sources add what they know to a source's pages and API output.

log_sources never imports deployments or the pull engine (the Code map in the README), yet
External Sources, a source's page and the API show each region's deployment and collection
state. Those apps register a reader in their AppConfig.ready(): a function given a list of
sources, with their regions prefetched, that reads its own tables once for the whole list and
sets its attributes on the sources and their regions. Readers run in the order the apps are
installed, so a reader may use what the readers of the apps below it have set.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import prefetch_related_objects

if TYPE_CHECKING:
    from .models import LogSource

Reader = Callable[[list["LogSource"]], None]

_readers: list[Reader] = []


def register_reader(reader: Reader) -> None:
    if reader not in _readers:
        _readers.append(reader)


def read_into(sources: Iterable[LogSource]) -> list[LogSource]:
    """The sources, with every registered app's state set on them and on their regions."""
    sources = list(sources)
    if sources:
        # Readers set attributes on the region objects, so every reader must see the same ones.
        prefetch_related_objects(sources, "regions")
        for reader in _readers:
            reader(sources)
    return sources


# The API fields that go with what the readers set: name -> a function making a new serializer
# field (DRF binds each field instance to one serializer, so each serializer gets its own).
FieldFactory = Callable[[], Any]

_source_fields: dict[str, FieldFactory] = {}
_region_fields: dict[str, FieldFactory] = {}


def register_fields(
    *, source: dict[str, FieldFactory] | None = None, region: dict[str, FieldFactory] | None = None
) -> None:
    """Add output fields to the API's LogSource (`source`) and to each of its `region_states` (`region`)."""
    _source_fields.update(source or {})
    _region_fields.update(region or {})


def source_fields() -> dict[str, Any]:
    return {name: make() for name, make in _source_fields.items()}


def region_fields() -> dict[str, Any]:
    return {name: make() for name, make in _region_fields.items()}
