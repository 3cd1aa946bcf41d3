"""The search syntax, in one place: parsing, SQL conditions, highlighting and keyset pages.

Syntax (case-insensitive, matched against the raw message):
- Several terms mean AND: `Recon 198.51.100.7`.
- `*` matches any run of characters, `?` exactly one: `*123456789012*`, `i-0?bc*`.
  A term matches anywhere in the message, so `*x*` and `x` find the same events.
- "Quoted phrases" keep their spaces: `"port probe"`.
- `%` and `_` are ordinary characters.

Speed without giving up exactness: every term is checked against the raw message, except
terms made of one kind of characters only (letters, digits and dots, or a long hex id),
which the search text answers exactly (see events.search_text). For the other
terms the search text adds necessary conditions that an index can answer first.
"The search text contains x" is "one of its words contains x": on PostgreSQL, the words of
the tenant's vocabulary (events.models.SearchWord) that contain x are looked up first, and
the events holding one of them are found through the index of search text words.
Events whose search text the indexer has not built yet are matched by their raw message:
the RAW_MATCH_LIMIT most recently stored of them, so that a backlog never makes a search slow.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db import OperationalError, connection, transaction
from django.db.models import Lookup, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, StrIndex
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.errors import ValidationFailed

from . import search_text
from .models import LogEvent, SearchWord

MAX_TERMS = 20
# How many of the events still waiting for the search indexer a search matches by their raw
# message: the most recently stored ones. Each costs reading and case-folding its whole
# message, so without a bound the backlog of a backfill made every rare-term search slow
# (README, Benchmarks). The indexer keeps pace with a steady pull, so the bound only matters
# during a backfill: the Search page then says how many events are still waiting, and the
# indexer works through the backlog from its other end.
RAW_MATCH_LIMIT = 500
MAX_QUERY_CHARS = 1000
# A part of a term contained in more of the tenant's words than this (a short, common run of
# letters) is matched on the search text itself, walking the newest events: a list of
# thousands of words costs the word index one look-up each.
WORDS_PER_TERM = 2_000
# The vocabulary's trigram index is asked for the words holding a part's first characters
# only, and the whole part is checked on those few: the index reads one list of words per
# trigram, and a finding id has thirty trigrams, each in tens of thousands of hex ids.
WORD_LOOKUP_CHARS = 8
_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')


class ILikePattern(Lookup):
    """`field__ilike_pattern=<LIKE pattern>`: case-insensitive LIKE with `\\` as the escape."""

    lookup_name = "ilike_pattern"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        operator = "ILIKE" if connection.vendor == "postgresql" else "LIKE"  # SQLite's LIKE ignores ASCII case
        return f"{lhs} {operator} {rhs} ESCAPE '\\'", [*lhs_params, *rhs_params]


class ILikeAsciiPattern(ILikePattern):
    """`field__ilike_ascii=<LIKE pattern>`: the same, folding the case of ASCII letters only.

    As the search text folds them (events.search_text). PostgreSQL folds the message about
    twice as fast this way as through the database's Unicode-aware locale; SQLite's LIKE
    folds ASCII only anyway.
    """

    lookup_name = "ilike_ascii"

    def as_sql(self, compiler, connection):
        if connection.vendor != "postgresql":
            return super().as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} COLLATE \"C\" ILIKE {rhs} ESCAPE '\\'", [*lhs_params, *rhs_params]


def search_words_sql(column: str) -> str:
    """The array of a search text's words, as migration 0009 indexes it and keeps statistics of."""
    return f"string_to_array({column} COLLATE \"C\", ' ')"


class HasAnyWord(Lookup):
    """`search_text__has_any_word=(part, [words])`: the search text holds one of the words, all
    of which contain `part` (PostgreSQL).

    The array expression is the one migration 0009 indexes (log_event_search_words) and keeps
    statistics of; the words are a constant array, so that the planner weighs them by those.
    The same condition as a plain substring test comes first: an event read by walking the
    newest ones is checked by it, which costs a fraction of splitting its text into words.
    """

    lookup_name = "has_any_word"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        part, words = self.rhs
        sql = f"(strpos({lhs}, %s) > 0 AND {search_words_sql(lhs)} && %s::text[])"
        return sql, [*lhs_params, part, *lhs_params, list(words)]


LogEvent._meta.get_field("message").register_lookup(ILikePattern)
LogEvent._meta.get_field("message").register_lookup(ILikeAsciiPattern)
LogEvent._meta.get_field("search_text").register_lookup(HasAnyWord)


class SearchTextMatch:
    """The SQL conditions "the search text contains x", for the events of one tenant.

    On PostgreSQL through the tenant's vocabulary and the index of search text words; a part
    found in too many words is matched on the search text itself, and `broad` then says so.
    The words are looked up before the events are read, in a statement of their own: an event
    that an indexer makes searchable in between, with a word new to the vocabulary, is missed
    by that one search (it was still waiting for the look-up, and is not for the read).
    """

    def __init__(self, tenant_id: int | None):
        self.tenant_id = tenant_id
        self.on_words = connection.vendor == "postgresql"
        self.broad = False

    def contains(self, part: str) -> Q:
        if not self.on_words:
            return Q(search_text__contains=part)
        candidates = SearchWord.objects.filter(tenant_id=self.tenant_id, word__contains=part[:WORD_LOOKUP_CHARS])
        if len(part) > WORD_LOOKUP_CHARS:
            # STRPOS, which the trigram index cannot answer: PostgreSQL would otherwise look
            # up every trigram of the part.
            candidates = candidates.annotate(at=StrIndex("word", Value(part))).filter(at__gt=0)
        words = list(candidates.order_by().values_list("word", flat=True)[: WORDS_PER_TERM + 1])
        if len(words) > WORDS_PER_TERM:
            self.broad = True
            return Q(search_text__contains=part)
        if not words:
            return Q(pk__in=[])
        return Q(search_text__has_any_word=(part, words))


@dataclass(frozen=True)
class Term:
    text: str  # as typed, outer `*` removed, lowercased

    @property
    def has_wildcards(self) -> bool:
        return "*" in self.text or "?" in self.text

    @property
    def like(self) -> str:
        out = []
        for char in self.text:
            if char == "*":
                out.append("%")
            elif char == "?":
                out.append("_")
            elif char in "%_\\":
                out.append("\\" + char)
            else:
                out.append(char)
        return "%" + "".join(out) + "%"

    @property
    def exact_on_search_text(self) -> bool:
        return not self.has_wildcards and search_text.is_exact(self.text)

    def runs(self) -> list[str]:
        """Parts of the term that every matching message's search text must contain."""
        found = [word for segment in re.split(r"[*?]", self.text) for word in search_text.required_words(segment)]
        return list(dict.fromkeys(found))

    def condition(self, waiting: Q, search_text: SearchTextMatch) -> Q:
        """The SQL condition of this term; `waiting` chooses the unindexed events matched by their raw message."""
        # An event the indexer has not reached yet has no search text: only its raw message
        # can answer, and the partial index log_event_unindexed finds those events quickly.
        # An ASCII term folds as the search text does (a Kelvin sign is no "k"), and faster.
        lookup = "message__ilike_ascii" if self.text.isascii() else "message__ilike_pattern"
        matches_raw = Q(**{lookup: self.like})
        if self.exact_on_search_text:
            return search_text.contains(self.text) | (waiting & matches_raw)
        runs = self.runs()
        if not runs:
            return matches_raw
        in_search_text = Q()
        for run in runs:
            in_search_text &= search_text.contains(run)
        return matches_raw & (in_search_text | waiting)


def parse(q: str) -> list[Term]:
    """The terms of a query; raises ValidationFailed on `q` for an unusable one."""
    q = (q or "").strip()
    if len(q) > MAX_QUERY_CHARS:
        raise ValidationFailed.one("q", f"The search query must be at most {MAX_QUERY_CHARS} characters.")
    terms: list[Term] = []
    for phrase, word in _TOKEN.findall(q):
        text = (phrase if phrase else word).strip("*").lower()
        # A bare `*` (or an empty phrase) matches everything: it adds no condition.
        if text.replace("*", "") == "":
            continue
        terms.append(Term(text))
    if len(terms) > MAX_TERMS:
        raise ValidationFailed.one("q", f"Use at most {MAX_TERMS} search terms.")
    return list(dict.fromkeys(terms))


def waiting_searched(events: QuerySet[LogEvent], limit: int | None = None) -> Q:
    """The events of `events` still waiting for the indexer that a search matches by their raw message.

    The `limit` (default RAW_MATCH_LIMIT) most recently stored: one look-up in the partial
    index log_event_unindexed finds the id from which on they are, and the same index
    then yields exactly them.
    """
    limit = RAW_MATCH_LIMIT if limit is None else limit
    nth_newest = events.filter(search_text__isnull=True).order_by("-pk").values("pk")[limit - 1 : limit]
    return Q(search_text__isnull=True, pk__gte=Coalesce(Subquery(nth_newest), 0))


def apply(events: QuerySet[LogEvent], terms: list[Term], *, tenant_id: int | None) -> QuerySet[LogEvent]:
    """`events` (of the tenant `tenant_id`) narrowed to those matching every term."""
    if not terms:
        return events
    waiting = waiting_searched(events)
    search_text = SearchTextMatch(tenant_id)
    for term in terms:
        events = events.filter(term.condition(waiting, search_text))
    # Terms the raw message or the search text itself must answer: see `page`. Set on the
    # query, whose clones (further filters, order_by) keep it.
    events.query.search_prefers_newest_first = search_text.broad or any(not t.exact_on_search_text for t in terms)
    return events


def _segment_pattern(segment: str) -> re.Pattern:
    # Literals and `.` only: no quantifier, so a search never backtracks.
    return re.compile("".join("." if char == "?" else re.escape(char) for char in segment), re.IGNORECASE | re.DOTALL)


def _spans(text: str, term: Term) -> Iterator[tuple[int, int]]:
    """Where `term` matches in `text`, leftmost first and never overlapping, as (start, end).

    A term is literal segments (`?` one character) joined by `*`. Taking each next segment at
    its earliest place after the last is exactly what `seg1.*?seg2.*?seg3` would match, but
    in time linear in the text: a regex built that way backtracks once per `*` and per
    position, which a query like `e*e*e*e*resources` turned into seconds per event.
    """
    segments = [_segment_pattern(part) for part in term.text.split("*") if part]
    if not segments:
        return
    position = 0
    while position <= len(text):
        first = segments[0].search(text, position)
        if first is None:
            return
        end = first.end()
        for segment in segments[1:]:
            found = segment.search(text, end)
            if found is None:
                return  # no later start can find it either
            end = found.end()
        if end > first.start():
            yield first.start(), end
        position = max(end, first.start() + 1)


def highlight(text: str, terms: list[Term]) -> SafeString:
    """`text` escaped, with every match of a term wrapped in <mark>."""
    if not terms or not text:
        return escape(text)
    spans = sorted(span for term in terms for span in _spans(text, term))
    out, last = [], 0
    for start, end in spans:
        if end <= last:
            continue
        start = max(start, last)  # where two terms' matches overlap, the first one's mark keeps it
        out.append(escape(text[last:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece above went through escape()


# --- Keyset pagination: newest first on (timestamp, id); the cursor is the last row's key.


def encode_cursor(event: LogEvent) -> str:
    raw = f"{event.timestamp.isoformat()}|{event.pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        stamp, pk = raw.rsplit("|", 1)
        moment = datetime.fromisoformat(stamp)
        if moment.tzinfo is None:
            raise ValueError
        return moment, int(pk)
    except (ValueError, UnicodeDecodeError):
        raise ValidationFailed.one("cursor", "The page cursor is not valid; start again from the first page.") from None


NEWEST_FIRST_PROBE_MS = 300


def _rows(events: QuerySet[LogEvent], limit: int, prefer_newest_first: bool) -> list[LogEvent]:
    if prefer_newest_first and connection.vendor == "postgresql":
        # A common term checked against the raw message (or a search text) is found fastest
        # by walking the newest events and stopping at a full page; PostgreSQL cannot tell
        # common from rare and tends to recheck every candidate first (seconds at a million events).
        # So: try the newest-first walk briefly, and fall back to the index plan (which is
        # what a rare term needs) when it does not fill the page in time.
        # SET LOCAL lasts until the outermost transaction ends, not the savepoint; rolling the
        # read-only probe's savepoint back is what takes its settings away again, so a
        # request that runs in a transaction does not inherit a 300 ms statement timeout.
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    for planner_setting in ("enable_bitmapscan", "enable_seqscan", "enable_sort"):
                        cursor.execute(f"SET LOCAL {planner_setting} = off")
                    cursor.execute(f"SET LOCAL statement_timeout = {int(NEWEST_FIRST_PROBE_MS)}")
                rows = list(events[:limit])
                transaction.set_rollback(True)
            return rows
        except OperationalError:
            pass  # the probe ran out of time: the savepoint is rolled back, settings with it
    return list(events[:limit])


def page(events: QuerySet[LogEvent], *, cursor: str = "", size: int = 50) -> tuple[list[LogEvent], str]:
    """One page of `events` (newest first) after `cursor`, and the cursor of the next page ('' at the end)."""
    newest_first = getattr(events.query, "search_prefers_newest_first", False)
    events = events.order_by("-timestamp", "-id")
    if cursor:
        moment, pk = decode_cursor(cursor)
        events = events.filter(Q(timestamp__lt=moment) | Q(timestamp=moment, id__lt=pk))
    rows = _rows(events, size + 1, newest_first)
    if len(rows) > size:
        return rows[:size], encode_cursor(rows[size - 1])
    return rows, ""
