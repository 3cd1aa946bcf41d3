"""Background work of collection health."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="health.evaluate", ignore_result=True)
def evaluate_health() -> int:
    """Beat, every HEALTH_EVALUATE_SECONDS: judge every source, announce each change of level once."""
    from .services import health_evaluate

    return len(health_evaluate())


@shared_task(name="health.purge_changes", ignore_result=True)
def purge_changes() -> int:
    """Beat, daily: health changes older than HEALTH_CHANGE_RETENTION_DAYS leave the table."""
    from .services import health_changes_purge

    return health_changes_purge()


@shared_task(name="health.follow_sample_findings", ignore_result=True)
def follow_sample_findings_task(again: bool = True) -> None:
    """Follow the pending sample findings; queue itself again while any is still pending.

    Sending a sample starts such a chain. Beat's pass (again=False) only catches a chain whose
    message was lost: if it started chains of its own, they would pile up, one a minute, for as
    long as a sample stays pending.
    """
    from . import canary

    if canary.sample_findings_follow() and again:
        follow_sample_findings_task.apply_async(countdown=canary.FOLLOW_AGAIN_SECONDS)
