"""The Celery application shared by the deploy workers, beat and the relay workers."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def _ensure_broker_folders(sender, **kwargs):
    # The embedded file-system broker needs its folders before the first message.
    from django.conf import settings

    if settings.CELERY_BROKER_URL == "filesystem://":
        for folder in ("processed", "control"):
            (settings.BROKER_DIR / folder).mkdir(parents=True, exist_ok=True)
