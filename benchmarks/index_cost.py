"""What the search index costs an insert: COPY of the same parsed rows under different indexes.

    DATABASE_URL=postgres://.../scratch .venv/bin/python benchmarks/index_cost.py [--rows 20000]

Parses GuardDuty envelopes once and builds their search texts (each timed), then COPYs the
rows into a bare scratch table (message in lz4, as events_logevent) once per index variant:
none, the GIN of the search text's words as the portal builds it, the `pg_trgm` GIN on the
search text that it replaced (default, larger pending list, fastupdate off), and a trigram
GIN on a compact text of only the extracted fields. It explains why storing leaves the search
text to the search indexer, and the indexer's own rate; it is not a target of its own.
"""

from __future__ import annotations

import argparse
import time

from _common import machine, require_postgresql, say
from django.db import connection

from demo import findings
from events.parsing import parse_event
from events.search_text import search_tokens

TABLE = "benchmark_index_cost"
COMPACT_FIELDS = ("account_id", "finding_type", "title", "remote_ip", "resource_id", "finding_id")
VARIANTS = {
    "no search index": None,
    "GIN of the search text's words (as events/migrations/0009)": (
        "USING gin ((string_to_array(search_text COLLATE \"C\", ' ')))"
    ),
    "GIN on the search text (default)": "USING gin (search_text gin_trgm_ops)",
    "GIN on the search text, 64 MB pending list": "USING gin (search_text gin_trgm_ops) WITH (gin_pending_list_limit=65536)",
    "GIN on the search text, fastupdate off": "USING gin (search_text gin_trgm_ops) WITH (fastupdate=off)",
    "GIN on a compact text of the extracted fields": "USING gin (compact gin_trgm_ops)",
}


def compact(row: dict) -> str:
    return " ".join(str(row.get(field) or "") for field in COMPACT_FIELDS).lower()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    require_postgresql()
    say("machine:", machine())
    messages = [m for _, m in findings.stream(args.rows, seed=5)]
    started = time.perf_counter()
    rows = [
        parse_event({"eventId": f"{i:056d}", "timestamp": 1_700_000_000_000 + i, "message": m})
        for i, m in enumerate(messages)
    ]
    say(f"parse: {args.rows / (time.perf_counter() - started):,.0f} findings/s in one process")
    started = time.perf_counter()
    for row in rows:
        row["search_text"] = search_tokens(row["message"])
    say(f"search text: {args.rows / (time.perf_counter() - started):,.0f} findings/s in one process")
    say(
        f"search text {sum(len(r['search_text']) for r in rows) / args.rows:,.0f} B on average, "
        f"compact text {sum(len(compact(r)) for r in rows) / args.rows:,.0f} B"
    )
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        # Each distinct trigram of a row is one entry the GIN index maintains for it.
        cursor.execute(
            "SELECT avg(array_length(show_trgm(t), 1)) FROM unnest(%s::text[]) t", [[r["search_text"] for r in rows]]
        )
        say(f"distinct trigrams per search text: {float(cursor.fetchone()[0]):,.0f} on average")
        words = sum(len(r["search_text"].split()) for r in rows) / args.rows
        say(f"words per search text: {words:,.0f} on average")
        for name, index in VARIANTS.items():
            cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
            cursor.execute(
                f"CREATE TABLE {TABLE} (id bigserial PRIMARY KEY, message text, search_text text, compact text)"
            )
            cursor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN message SET COMPRESSION lz4")
            if index:
                cursor.execute(f"CREATE INDEX ON {TABLE} {index}")
            started = time.perf_counter()
            for start in range(0, args.rows, 5_000):
                with cursor.cursor.copy(f"COPY {TABLE} (message, search_text, compact) FROM STDIN") as copy:
                    for row in rows[start : start + 5_000]:
                        copy.write_row((row["message"], row["search_text"], compact(row)))
            say(f"{name}: {args.rows / (time.perf_counter() - started):,.0f} rows/s")
        cursor.execute(f"DROP TABLE {TABLE}")


if __name__ == "__main__":
    main()
