from celery import shared_task

from .audit import audit_events_purge


@shared_task(name="tenants.purge_audit_events")
def purge_audit_events() -> int:
    """Daily: audit events older than AUDIT_RETENTION_DAYS (13 months by default) leave the table."""
    return audit_events_purge()
