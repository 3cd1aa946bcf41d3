"""read_ahead: the next item is produced in a thread while the caller works on the current one."""

from __future__ import annotations

import threading

import pytest

from core.pipeline import read_ahead


def test_every_item_arrives_once_and_in_order():
    assert list(read_ahead(iter(range(1000)))) == list(range(1000))
    assert list(read_ahead(iter([]))) == []


def test_the_next_item_is_produced_while_the_caller_still_holds_the_current_one():
    second_started = threading.Event()

    def items():
        yield 1
        second_started.set()
        yield 2

    ahead = read_ahead(items())
    assert next(ahead) == 1
    # Without reading ahead, item 2 would only be produced when the caller asks for it.
    assert second_started.wait(timeout=10)
    assert next(ahead) == 2


def test_all_items_are_produced_in_one_thread_that_is_not_the_callers():
    threads = []

    def items():
        for n in range(5):
            threads.append(threading.get_ident())
            yield n

    assert list(read_ahead(items())) == [0, 1, 2, 3, 4]
    assert len(set(threads)) == 1
    assert threads[0] != threading.get_ident()


def test_an_error_of_the_producer_reaches_the_caller_after_the_items_before_it():
    def items():
        yield 1
        raise ValueError("page 2 could not be read")

    ahead = read_ahead(items())
    assert next(ahead) == 1
    with pytest.raises(ValueError, match="page 2"):
        next(ahead)


def test_a_caller_that_stops_early_stops_the_producer():
    produced = []

    def items():
        for n in range(100):
            produced.append(n)
            yield n

    ahead = read_ahead(items())
    assert next(ahead) == 0
    ahead.close()
    # The item under way when the caller stopped is finished and dropped; nothing after it.
    assert produced in ([0], [0, 1])
    assert not [t for t in threading.enumerate() if t.name.startswith("read-ahead")]
