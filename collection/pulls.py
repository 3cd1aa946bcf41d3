"""Pull units: one (log source, region) each, with a durable checkpoint and a lease.

How a pull loses nothing and stores nothing twice (CloudWatch Logs' facts, in the README's Log relay section):
- FilterLogEvents from `checkpoint - re-read window`, interleaved, paging until there is no
  `nextToken` (a page may be empty while a token is still present).
- Each page is stored with ON CONFLICT DO NOTHING on (source, region, eventId), and the
  checkpoint moves in the same transaction as the rows it covers: a crash between pages
  restarts from the last committed page and re-reading it is harmless.
- The checkpoint is the newest event time seen, never `timestamp + 1`: events sharing a
  millisecond are all read, and the re-read window picks up events that became readable late.
- A lease (conditional update) gives a unit to one worker at a time. It is short
  (RELAY_LEASE_SECONDS) and renewed every third of that by a thread of the running pull
  (LeaseKeeper), so a pull waiting seconds on AWS or the database keeps it, while the unit of
  a dead worker is free again within one lease and dispatched again at the next beat tick.
- The portal's own services failing mid-pull (the database restarting, Redis down) is not
  the customer's problem and loses nothing: the pull stops, records why where the database
  lets it, gives the lease back (or lets it run out) and is pulled again at the next interval.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from contextlib import closing, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection, connections, transaction
from django.db.models import Case, F, Q, When
from django.utils import timezone

from core import aws
from core.pipeline import read_ahead
from events.parsing import timestamp_ms_of
from events.services import log_events_store
from log_sources import credentials as source_credentials
from log_sources.models import LogSource

from . import ratelimit
from .choices import CollectionState
from .models import PullUnit

logger = logging.getLogger(__name__)

THROTTLE_RETRIES = 6
MAX_BACKOFF_SECONDS = 20.0
# Failed pulls wait longer each time, up to this many intervals (a customer's fix is noticed
# within minutes); an unreachable region at most UNREACHABLE_BACKOFF_INTERVALS, because trying
# costs one connection and a network outage ends by itself.
MAX_BACKOFF_INTERVALS = 10
UNREACHABLE_BACKOFF_INTERVALS = 2
# The database connection was lost (a restart, a failover): nothing about the unit is wrong.
CONNECTION_LOST = (OperationalError, InterfaceError)


def _aws_config() -> Config:
    """One attempt per call (our own retry loop spends the shared rate budget on every attempt;
    botocore's would not), and AWS that hangs is given up on after the settings' timeouts."""
    return Config(
        retries={"mode": "standard", "total_max_attempts": 1},
        connect_timeout=settings.RELAY_AWS_CONNECT_TIMEOUT_SECONDS,
        read_timeout=settings.RELAY_AWS_READ_TIMEOUT_SECONDS,
    )


class LeaseLost(Exception):
    """Another worker took the unit over (our lease had expired): stop without committing."""


@dataclass
class PullResult:
    unit_id: int
    source_id: int | None = None
    region: str = ""
    state: str = ""
    pages: int = 0
    fetched: int = 0
    stored: int = 0
    throttled: int = 0
    error: str = ""
    skipped: str = ""  # "leased" (another worker has it) or "gone" (deleted meanwhile)
    checkpoint_ms: int | None = None
    page_sizes: list[int] = field(default_factory=list)

    def __str__(self) -> str:
        if self.skipped:
            return f"unit {self.unit_id}: skipped ({self.skipped})"
        text = (
            f"source {self.source_id} {self.region}: {self.stored} new of {self.fetched} read "
            f"in {self.pages} page(s), state {self.state}"
        )
        return text + (f" - {self.error}" if self.error else "")


def _lease_token(worker: str) -> str:
    return f"{worker[:200]}/{uuid.uuid4().hex[:12]}"


def _lease_end():
    return timezone.now() + timedelta(seconds=settings.RELAY_LEASE_SECONDS)


def _free(now) -> Q:
    return Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=now)


def _abandoned(now) -> Q:
    """Units whose pull stopped without finishing: a lease still named but run out."""
    return Q(lease_expires_at__lt=now) & ~Q(lease_owner="")


def _take_lease(unit_id: int, token: str) -> bool:
    return bool(
        PullUnit.objects.filter(pk=unit_id)
        .filter(_free(timezone.now()))
        .update(lease_owner=token, lease_expires_at=_lease_end())
    )


def _drop_broken_connection() -> None:
    """Close this thread's database connection after it failed, so the next query opens a new one.

    Inside a caller's transaction it stays: closing would end work that is not ours.
    """
    if not connection.in_atomic_block:
        with suppress(DatabaseError):
            connection.close()


class LeaseKeeper:
    """Renews a running pull's lease from a thread of its own, every third of RELAY_LEASE_SECONDS.

    A pull waits on AWS (up to the read timeout) and on the database for seconds at a time, so
    renewing per page alone would need a lease as long as the slowest page; renewed while the
    pull lives, the lease can be short, and a dead worker's unit is free again soon after it
    died. Inside a caller's transaction another connection could not see the lease (nor wait
    for it), so there the committed pages alone renew it.
    """

    def __init__(self, unit_id: int, token: str):
        self.unit_id, self.token = unit_id, token
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> LeaseKeeper:
        if not connection.in_atomic_block:
            self._thread = threading.Thread(target=self._run, name=f"lease-{self.unit_id}", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        if self._thread is not None:
            # A renewal stuck on an unreachable database is left to finish on its own.
            self._thread.join(timeout=2)

    def _run(self) -> None:
        every = max(settings.RELAY_LEASE_SECONDS / 3, 0.2)
        try:
            while not self._stop.wait(every):
                try:
                    renewed = PullUnit.objects.filter(pk=self.unit_id, lease_owner=self.token).update(
                        lease_expires_at=_lease_end()
                    )
                except DatabaseError:
                    # The pull itself meets the same problem and deals with it; keep trying meanwhile.
                    _drop_broken_connection()
                    continue
                if not renewed:
                    return  # taken over or gone: the pull's next commit finds out
        finally:
            connections.close_all()  # this thread's own connection


def _explain(exc: Exception, *, source: LogSource, region: str) -> tuple[str, str]:
    """(collection state, a reason the customer can act on) for a failed call."""
    if isinstance(exc, source_credentials.RoleUnavailable):
        return CollectionState.ROLE_UNAVAILABLE, str(exc)
    failure = aws.classify(exc)
    code, group = failure.code, source.log_group
    if source.uses_role and failure.kind in (aws.Kind.INVALID_KEY, aws.Kind.BAD_SECRET, aws.Kind.EXPIRED):
        # The role's temporary credentials stopped working early (the role's sessions were revoked):
        # the next pull assumes the role again.
        source_credentials.forget(source.pk)
        return CollectionState.ROLE_UNAVAILABLE, (
            f"AWS refused the role's temporary credentials in {region} ({code}): {failure.message[:300].strip()} "
            "The role is assumed again at the next pull."
        )
    if source.uses_role and failure.kind == aws.Kind.ACCESS_DENIED:
        return CollectionState.ACCESS_DENIED, (
            f"Access denied to logs:FilterLogEvents on log group {group} in {region} ({code}): "
            f"give the role {source.role_arn} the portal's read policy (the role template has it)."
        )
    if failure.kind == aws.Kind.INVALID_KEY:
        return CollectionState.CREDENTIALS_INVALID, (
            f"AWS does not recognise the access key ending in {source.aws_access_key_id_last4} ({code}): "
            "enter a current access key of the service account."
        )
    if failure.kind == aws.Kind.BAD_SECRET:
        return CollectionState.CREDENTIALS_INVALID, (
            f"The secret key does not match the access key ending in {source.aws_access_key_id_last4} ({code}): "
            "enter the secret key again."
        )
    if failure.kind == aws.Kind.EXPIRED:
        return CollectionState.CREDENTIALS_INVALID, f"The AWS credentials have expired ({code})."
    if failure.kind == aws.Kind.ACCESS_DENIED:
        return CollectionState.ACCESS_DENIED, (
            f"Access denied to logs:FilterLogEvents on log group {group} in {region} ({code}): "
            "attach the portal's IAM policy to the service account."
        )
    if failure.kind == aws.Kind.NOT_FOUND:
        return CollectionState.LOG_GROUP_MISSING, (
            f"The log group {group} does not exist in {region}: the collection template is not deployed "
            "there yet (deploy it, or remove the region)."
        )
    if failure.kind in (aws.Kind.NETWORK, aws.Kind.TRANSIENT):
        return CollectionState.UNREACHABLE, f"CloudWatch Logs in {region} could not be reached: {type(exc).__name__}."
    if isinstance(exc, ClientError):
        return CollectionState.ERROR, (
            f"CloudWatch Logs in {region} refused the request ({code}): {failure.message[:300].strip()}"
        )
    return CollectionState.ERROR, f"Pulling from {region} failed: {type(exc).__name__}."


def _commit_page(unit: PullUnit, token: str, events: list[dict], result: PullResult) -> None:
    """Store a page and move the checkpoint (and Last Event) in one transaction."""
    now = timezone.now()
    with transaction.atomic():
        newest_ms = max((timestamp_ms_of(event) for event in events), default=None)
        checkpoint = unit.checkpoint_ms
        if newest_ms is not None and (checkpoint is None or newest_ms > checkpoint):
            checkpoint = newest_ms
        # The lease check and the checkpoint move are one statement: a worker whose lease
        # was taken over commits nothing.
        moved = PullUnit.objects.filter(pk=unit.pk, lease_owner=token).update(
            checkpoint_ms=checkpoint, lease_expires_at=now + timedelta(seconds=settings.RELAY_LEASE_SECONDS)
        )
        if not moved:
            raise LeaseLost()
        result.stored += log_events_store(
            tenant_id=unit.source.tenant_id, source_id=unit.source_id, region=unit.region, events=events
        )
        if newest_ms is not None:
            newest = datetime.fromtimestamp(newest_ms / 1000, tz=UTC)
            PullUnit.objects.filter(pk=unit.pk).filter(
                Q(last_event_at__isnull=True) | Q(last_event_at__lt=newest)
            ).update(last_event_at=newest)
    unit.checkpoint_ms = checkpoint
    result.checkpoint_ms = checkpoint


def _finish(unit_id: int, token: str, *, state: str, error: str, delay: float, success: bool) -> None:
    now = timezone.now()
    due = now + timedelta(seconds=delay)
    updates = {
        # Both read the row as it was: the time moves only when the state does.
        "state_since": Case(
            When(collection_state=state, state_since__isnull=False, then=F("state_since")), default=now
        ),
        "collection_state": state,
        "last_error": error,
        "next_pull_at": due,
        "due_at": due,
        "lease_owner": "",
        "lease_expires_at": None,
    }
    if success:
        updates.update(last_pull_at=now, consecutive_failures=0)
    PullUnit.objects.filter(pk=unit_id, lease_owner=token).update(**updates)


def log_events_pull(*, unit_id: int, worker: str, page_limit: int | None = None, on_page=None) -> PullResult:
    """Pull one (source, region) unit from its checkpoint to now, if no other worker holds it.

    `on_page(result)` is called after each committed page (progress for the command line).
    Transient problems (throttling) leave the state THROTTLED and retry at the next due time;
    permanent ones (credentials, permissions, missing log group) record an actionable reason
    and back off; the next successful pull sets the state back to OK by itself. Losing the
    portal's database or Redis mid-pull is INTERRUPTED (recorded once the database answers),
    and the unit is pulled again at its next interval.
    """
    result = PullResult(unit_id=unit_id)
    token = _lease_token(worker)
    try:
        taken = _take_lease(unit_id, token)
    except CONNECTION_LOST as exc:
        # Nothing was taken, so nothing is left behind: beat queues the unit again.
        _drop_broken_connection()
        result.skipped = f"database unreachable ({type(exc).__name__})"
        logger.warning("pull of unit %s not started: the database is unreachable (%s)", unit_id, exc)
        return result
    if not taken:
        result.skipped = "leased" if PullUnit.objects.filter(pk=unit_id).exists() else "gone"
        return result
    interval = settings.RELAY_PULL_INTERVAL_SECONDS
    with LeaseKeeper(unit_id, token):
        try:
            unit = PullUnit.objects.select_related("source_region__source").get(pk=unit_id)
            interval = unit.source.pull_interval_seconds or interval
            return _pull(unit, token, result, interval=interval, page_limit=page_limit, on_page=on_page)
        except CONNECTION_LOST as exc:
            return _interrupted(unit_id, token, result, exc, what="the portal's database", interval=interval)
        except ratelimit.BudgetUnavailable as exc:
            return _interrupted(unit_id, token, result, exc, what="the portal's Redis", interval=interval)


def _pull(unit: PullUnit, token: str, result: PullResult, *, interval: int, page_limit, on_page) -> PullResult:
    source = unit.source
    result.source_id, result.region = source.pk, unit.region
    try:
        client = aws.client(
            "logs",
            region=unit.region,
            credentials=source_credentials.credentials_for(source, region=unit.region),
            config=_aws_config(),
        )
        bucket = ratelimit.limiter()
        budget = ratelimit.budget_key(source.aws_account_number, unit.region)
        params: dict = {"logGroupName": source.log_group, "interleaved": True}
        page_limit = page_limit or settings.RELAY_PAGE_LIMIT
        if page_limit:
            params["limit"] = page_limit
        if unit.checkpoint_ms is not None:
            params["startTime"] = max(0, unit.checkpoint_ms - settings.RELAY_REREAD_WINDOW_SECONDS * 1000)

        def fetch(request: dict) -> dict:
            def throttled(failure: aws.AwsFailure, attempt: int, delay: float) -> None:
                result.throttled += 1

            # Only throttling is retried here; every attempt spends the shared rate budget first.
            return aws.retrying(
                lambda: client.filter_log_events(**request),
                attempts=THROTTLE_RETRIES + 1,
                retry_on={aws.Kind.THROTTLED},
                before_attempt=lambda: bucket.acquire(budget),
                on_retry=throttled,
                base=0.25,
                cap=MAX_BACKOFF_SECONDS,
            )

        def pages():
            request = dict(params)
            while True:
                response = fetch(request)
                yield response.get("events", [])
                if not response.get("nextToken"):
                    return
                request["nextToken"] = response["nextToken"]

        # The next page is fetched while this one is parsed and stored: the wait on AWS and the
        # database's work overlap (and storing a page overlaps its own parsing, see
        # log_events_store). Pages are still committed strictly in order. closing(): a page
        # that fails to commit stops the read-ahead thread at once.
        with closing(read_ahead(pages())) as fetched_pages:
            for events in fetched_pages:
                _commit_page(unit, token, events, result)
                result.pages += 1
                result.fetched += len(events)
                result.page_sizes.append(len(events))
                if on_page:
                    on_page(result)
    except LeaseLost:
        result.skipped = "lease lost"
        result.state = unit.collection_state
        return result
    except ClientError as exc:
        if aws.classify(exc).kind == aws.Kind.THROTTLED:
            result.throttled += 1  # the last throttle, which ran out of retries
            # Still throttled after our retries: the budget is shared with the customer's own
            # tools. Not a failure: what was read is committed, the rest comes next time.
            result.state, result.error = (
                CollectionState.THROTTLED,
                (f"CloudWatch Logs in {unit.region} is throttling this account; collection continues shortly."),
            )
            _finish(unit.pk, token, state=result.state, error=result.error, delay=min(interval, 30), success=False)
            return result
        return _failed(unit, token, exc, result, interval)
    except (BotoCoreError, OSError, source_credentials.RoleUnavailable) as exc:
        return _failed(unit, token, exc, result, interval)
    except (ratelimit.BudgetUnavailable, *CONNECTION_LOST):
        raise  # the portal's own services: log_events_pull records it and keeps the lease for that
    except Exception:
        # Never leave the lease held by a crash we did not foresee.
        PullUnit.objects.filter(pk=unit.pk, lease_owner=token).update(lease_owner="", lease_expires_at=None)
        raise
    result.state = CollectionState.OK
    _finish(unit.pk, token, state=CollectionState.OK, error="", delay=interval, success=True)
    return result


def _interrupted(
    unit_id: int, token: str, result: PullResult, exc: Exception, *, what: str, interval: int
) -> PullResult:
    """The pull lost `what` (the portal's database or Redis): record why, give the lease back, retry next interval.

    The database may still be restarting, so recording is tried for up to one lease; if it
    never answers, the lease runs out by itself and the unit is dispatched again.
    """
    cause = type(exc.__cause__ or exc).__name__
    reason = (
        f"The relay lost its connection to {what} during a pull ({cause}); nothing collected "
        "is lost and the region is pulled again at its next interval."
    )
    logger.warning("pull of unit %s interrupted: %s", unit_id, reason)
    result.state, result.error = CollectionState.INTERRUPTED, reason
    give_up = time.monotonic() + settings.RELAY_LEASE_SECONDS
    while True:
        _drop_broken_connection()
        try:
            _finish(unit_id, token, state=CollectionState.INTERRUPTED, error=reason, delay=interval, success=False)
            return result
        except CONNECTION_LOST:
            if time.monotonic() >= give_up:
                logger.warning("pull of unit %s: the database is still unreachable; its lease runs out", unit_id)
                return result
            time.sleep(0.5)


def _failed(unit: PullUnit, token: str, exc: Exception, result: PullResult, interval: int) -> PullResult:
    state, reason = _explain(exc, source=unit.source, region=unit.region)
    logger.warning("pull %s %s failed: %s", unit.source_id, unit.region, reason)
    failures = unit.consecutive_failures + 1
    PullUnit.objects.filter(pk=unit.pk, lease_owner=token).update(consecutive_failures=failures)
    cap = UNREACHABLE_BACKOFF_INTERVALS if state == CollectionState.UNREACHABLE else MAX_BACKOFF_INTERVALS
    delay = interval * min(2 ** (failures - 1), cap)
    result.state, result.error = state, reason
    _finish(unit.pk, token, state=state, error=reason, delay=delay, success=False)
    return result


# Due units are claimed and queued in batches of this many: one claiming statement and one
# producer per batch, and a tick goes on batch after batch until nothing is due, so every due
# unit is queued in the tick that finds it (there is no per-tick cap).
DISPATCH_BATCH = 2000


def due_units(units=None, *, now=None, limit: int | None = None) -> list[tuple[int, str, int]]:
    """(unit id, endpoint queue, interval) of every unit that nobody holds and is due, or whose pull stopped
    without finishing (its worker died: the lease ran out while still named); the longest due first.
    A paused source's units are never due (its account left its Organization: log_sources.services)."""
    now = now or timezone.now()
    units = PullUnit.objects.all() if units is None else units
    rows = (
        units.filter(_free(now), source_region__source__paused_reason="")
        .filter(Q(next_pull_at__lte=now) | _abandoned(now))
        .values_list("pk", "source_region__source__endpoint__queue", "source_region__source__pull_interval_seconds")
        .order_by("next_pull_at", "pk")
    )
    return list(rows[:limit] if limit else rows)


def claim_for_dispatch(unit_id: int, *, interval: int, now=None) -> bool:
    """Push a due unit's next pull time forward so that beat does not queue it twice.

    An abandoned lease loses its owner here (so it is queued once), but keeps its run-out
    expiry: until a worker takes the unit, it reads as a pull that stopped (selectors).
    If the queued pull is lost, the unit simply becomes due again one interval later.
    """
    now = now or timezone.now()
    return bool(
        PullUnit.objects.filter(pk=unit_id)
        .filter(_free(now))
        .filter(Q(next_pull_at__lte=now) | _abandoned(now))
        .update(next_pull_at=now + timedelta(seconds=interval), lease_owner="")
    )


def claim_many_for_dispatch(units: list[tuple[int, int]], *, now=None) -> set[int]:
    """claim_for_dispatch for many (unit id, interval) at once; returns the ids claimed.

    A unit is claimed only if it is still free and due when the claim runs, exactly as one by
    one: a unit another dispatcher (a beat tick, Pull now) or a worker took meanwhile is left
    out. PostgreSQL does it in one UPDATE ... RETURNING; other databases (the embedded SQLite,
    where one writer runs at a time anyway) claim one by one inside one transaction.
    """
    now = now or timezone.now()
    if not units:
        return set()
    if connection.vendor == "postgresql":
        return _claim_many_postgresql(units, now)
    claimed = set()
    with transaction.atomic():
        for unit_id, interval in units:
            if claim_for_dispatch(unit_id, interval=interval, now=now):
                claimed.add(unit_id)
    return claimed


def _claim_many_postgresql(units: list[tuple[int, int]], now) -> set[int]:
    # The conditions are claim_for_dispatch's (_free and due or _abandoned), in SQL: the ORM's
    # update() cannot say which rows it changed, and one statement replaces thousands.
    meta = PullUnit._meta
    pk, next_pull, owner, expires = (
        meta.pk.column,
        meta.get_field("next_pull_at").column,
        meta.get_field("lease_owner").column,
        meta.get_field("lease_expires_at").column,
    )
    sql = (
        f"UPDATE {meta.db_table} AS u SET {next_pull} = %(now)s + c.seconds * interval '1 second', {owner} = '' "  # noqa: S608 - the model's own table and columns
        "FROM unnest(%(ids)s::bigint[], %(seconds)s::double precision[]) AS c(id, seconds) "
        f"WHERE u.{pk} = c.id AND (u.{expires} IS NULL OR u.{expires} < %(now)s) "
        f"AND (u.{next_pull} <= %(now)s OR (u.{expires} < %(now)s AND u.{owner} <> '')) "
        f"RETURNING u.{pk}"
    )
    params = {"now": now, "ids": [unit_id for unit_id, _ in units], "seconds": [float(s) for _, s in units]}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


def unclaim(unit_id: int, *, now=None) -> None:
    """Make a claimed unit due again at once: its pull could not be queued (the broker is down)."""
    unclaim_many([unit_id], now=now)


def unclaim_many(unit_ids: list[int], *, now=None) -> None:
    """unclaim for many units (a batch whose rest could not be queued)."""
    now = now or timezone.now()
    for start in range(0, len(unit_ids), DISPATCH_BATCH):
        chunk = unit_ids[start : start + DISPATCH_BATCH]
        PullUnit.objects.filter(pk__in=chunk, lease_owner="").update(next_pull_at=now)
