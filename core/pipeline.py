"""Overlapping the two halves of a loop: producing the next item while the current one is used."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
_END = object()


def read_ahead(items: Iterator[T]) -> Iterator[T]:
    """Yield what `items` yields, producing each next item in a thread while the caller works.

    For loops whose producer waits on one thing (the network, or Python parsing) and whose
    consumer waits on another (the database): the two waits overlap instead of adding up.
    Items still arrive strictly in order, and `items` only ever runs in the one thread, so a
    generator that depends on its previous step (a page token) stays correct. An exception in
    `items` is raised in the caller at the item it would have produced. When the caller stops
    early, the one item already under way is finished and dropped.
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="read-ahead") as worker:
        pending = worker.submit(next, items, _END)
        while True:
            item = pending.result()
            if item is _END:
                return
            pending = worker.submit(next, items, _END)
            yield item
