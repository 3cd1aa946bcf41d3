"""Background work of Organizations: beat's hourly sync of every Organization."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="organizations.sync_all", ignore_result=True)
def sync_all() -> dict[str, int]:
    from .services import organizations_sync_all

    return organizations_sync_all()
