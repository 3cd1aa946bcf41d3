"""A region's collection state is the pull engine's and its deploy state deployments'; a source's
Last Event is read from its regions' pull units. Both apps copied the values before this runs."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("log_sources", "0001_initial"),
        ("collection", "0001_initial"),
        ("deployments", "0002_region_deployment"),
    ]

    operations = [
        migrations.RemoveField(model_name="logsource", name="last_event_at"),
        migrations.RemoveField(model_name="logsource", name="last_pull_at"),
        *[
            migrations.RemoveField(model_name="sourceregion", name=name)
            for name in (
                "deployment_state",
                "deployment_error",
                "deployment_updated_at",
                "collection_state",
                "last_error",
                "last_event_at",
                "last_pull_at",
                "checkpoint_ms",
                "next_pull_at",
                "lease_owner",
                "lease_expires_at",
                "consecutive_failures",
                "verification",
                "verified_at",
            )
        ],
    ]
