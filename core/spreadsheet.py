"""CSV exports that are safe to open in a spreadsheet (OWASP's CSV injection advice)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

FORMULA_STARTS = ("=", "+", "-", "@")


def csv_safe(value) -> str:
    # A cell starting with =, +, - or @ runs as a formula in spreadsheets, and so does one whose
    # formula follows spaces, tabs or line breaks (spreadsheets skip them), or that starts with
    # a tab or carriage return itself (OWASP's list): make it text.
    text = "" if value is None else str(value)
    if text[:1] in ("\t", "\r") or text.lstrip(" \t\r\n")[:1] in FORMULA_STARTS:
        return "'" + text
    return text


def csv_stream(header: list[str], rows: Iterable[Iterable], *, chunk_rows: int = 200) -> Iterator[str]:
    """The header and rows as CSV text, every cell neutralised, yielded in chunks for a streaming response."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for n, row in enumerate(rows):
        writer.writerow([csv_safe(cell) for cell in row])
        if n % chunk_rows == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
