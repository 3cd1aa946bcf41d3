"""The pull units move out of log_sources' SourceRegion into a table of the pull engine's own."""

import django.db.models.deletion
from django.db import migrations, models

COPIED = (
    "collection_state",
    "last_error",
    "last_event_at",
    "last_pull_at",
    "checkpoint_ms",
    "next_pull_at",
    "lease_owner",
    "lease_expires_at",
    "consecutive_failures",
)


def units_of_existing_regions(apps, schema_editor):
    """One unit per region that exists already, carrying its checkpoint, lease and state over."""
    SourceRegion = apps.get_model("log_sources", "SourceRegion")
    PullUnit = apps.get_model("collection", "PullUnit")
    regions = SourceRegion.objects.values("pk", *COPIED).iterator(chunk_size=2000)
    batch = []
    for row in regions:
        batch.append(PullUnit(source_region_id=row.pop("pk"), **row))
        if len(batch) >= 2000:
            PullUnit.objects.bulk_create(batch)
            batch = []
    PullUnit.objects.bulk_create(batch)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("log_sources", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="PullUnit",
            fields=[
                (
                    "source_region",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="log_sources.sourceregion",
                    ),
                ),
                (
                    "collection_state",
                    models.CharField(
                        choices=[
                            ("waiting", "Waiting for first pull"),
                            ("ok", "Collecting"),
                            ("throttled", "Throttled (retrying)"),
                            ("credentials_invalid", "Credentials invalid"),
                            ("access_denied", "Access denied"),
                            ("log_group_missing", "Log group missing"),
                            ("unreachable", "Region unreachable"),
                            ("error", "Error"),
                        ],
                        default="waiting",
                        max_length=24,
                    ),
                ),
                ("last_error", models.TextField(blank=True)),
                ("last_event_at", models.DateTimeField(blank=True, null=True)),
                ("last_pull_at", models.DateTimeField(blank=True, null=True)),
                ("checkpoint_ms", models.BigIntegerField(blank=True, null=True)),
                ("next_pull_at", models.DateTimeField(blank=True, db_index=True, null=True)),
                ("lease_owner", models.CharField(blank=True, max_length=255)),
                ("lease_expires_at", models.DateTimeField(blank=True, null=True)),
                ("consecutive_failures", models.PositiveIntegerField(default=0)),
            ],
            options={"ordering": ["source_region_id"]},
        ),
        migrations.RunPython(units_of_existing_regions, migrations.RunPython.noop),
    ]
