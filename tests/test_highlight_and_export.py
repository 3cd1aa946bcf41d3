"""Search's highlighting (linear in the text, whatever the pattern) and the CSV export's cells."""

from __future__ import annotations

import html
import re
import time

import pytest

from core.spreadsheet import csv_safe
from events import query


def marks(text: str, q: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(r"<mark>(.*?)</mark>", str(query.highlight(text, query.parse(q))))]


def lazy_regex_spans(text: str, q: str) -> list[str]:
    """What the former highlighter marked: one `.*?` regex per term (fine on short texts)."""
    pattern = "".join({"*": ".*?", "?": "."}.get(c) or re.escape(c) for c in query.parse(q)[0].text)
    return [m.group(0) for m in re.finditer(pattern, text, re.IGNORECASE | re.DOTALL) if m.group(0)]


@pytest.mark.parametrize(
    "q",
    ["203.0.113.24", "i-0?bc*", "*123456789012*", "Recon*Port", "port*probe*from", "e*e*s", "?e?", "UnProtected"],
)
def test_it_marks_what_the_wildcard_regex_would_mark(q):
    text = (
        '{"type": "Recon:EC2/PortProbeUnprotectedPort", "account": "123456789012", "ip": "203.0.113.24",'
        ' "instance": "i-0abcd1234", "note": "port probe from 198.51.100.7, then port probe from 203.0.113.24"}'
    )
    assert marks(text, q) == lazy_regex_spans(text, q)


def test_overlapping_matches_of_several_terms_are_marked_once_and_the_rest_is_escaped():
    html = str(query.highlight("<b>port probe</b>", query.parse("port probe ort")))
    assert html == "&lt;b&gt;<mark>port</mark> <mark>probe</mark>&lt;/b&gt;"


def test_a_pathological_pattern_takes_linear_time():
    # With one lazy regex per term, every extra `e*` multiplied the time by about ten: 4 took
    # 5.5 s on three events; 12 would take days. Matching segment by segment takes milliseconds.
    text = "e" * 20_000 + " resources " + "e" * 20_000
    q = "e*" * 12 + "resourcez"
    started = time.perf_counter()
    assert marks(text, q) == []
    assert marks(text, "e*" * 12 + "resources") == ["e" * 20_000 + " resources"]
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(
    "cell",
    ["=1+1", "+1", "-1", "@SUM(A1)", " =1+1", "\t=1+1", "\r=1+1", "\n=HYPERLINK(x)", "  \t @x", "\tplain", "\rplain"],
)
def test_csv_cells_that_a_spreadsheet_would_run_become_text(cell):
    assert csv_safe(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["plain", "a=b", "", "123", " plain", "Recon:EC2/PortProbeUnprotectedPort"])
def test_csv_cells_that_are_text_stay_as_they_are(cell):
    assert csv_safe(cell) == cell
