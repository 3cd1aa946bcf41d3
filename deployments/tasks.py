"""Deploy workers: follow a CloudFormation operation in short steps that re-queue themselves."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="deployments.advance", ignore_result=True)
def deployment_advance_task(operation_id: int, step: int | None = None) -> None:
    """Do one step of a deploy operation, then queue the next step with a countdown.

    A step never sleeps on AWS: waiting happens in the broker, so a worker is free for other
    work between polls and a restart loses nothing (the state is in the database). `step` is
    the count of steps taken that this message expects (deployments.steps.run_step).
    """
    delay = services.deployment_advance(operation_id=operation_id, step=step)
    if delay is not None:
        next_step = None if step is None else step + 1
        deployment_advance_task.apply_async((operation_id, next_step), countdown=delay)


@shared_task(name="deployments.resume_stalled", ignore_result=True)
def resume_stalled_task() -> int:
    """Beat, every minute: queue a step of each operation whose steps stopped (a worker was killed)."""
    return services.deployments_resume_stalled()


@shared_task(name="deployments.refresh_coverage", ignore_result=True)
def refresh_coverage_task() -> None:
    """Daily: ask GuardDuty, for every source region, whether a detector is on and which plans are (a task per source)."""
    services.coverage_refresh_all()


@shared_task(name="deployments.refresh_source_coverage", ignore_result=True)
def refresh_source_coverage_task(source_id: int) -> None:
    """One source's coverage: soon after it gained regions or credentials, and daily."""
    from log_sources.models import LogSource

    source = LogSource.objects.filter(pk=source_id, paused_reason="").first()
    if source is not None:
        services.coverage_refresh(source=source)
