"""A source region's deploy state and Test connection results move out of log_sources into deployments.

One vocabulary of deploy state: an operation's region steps use the same choices.
"""

import django.db.models.deletion
from django.db import migrations, models

DEPLOY_STATES = [
    ("not_deployed", "Not deployed"),
    ("pending", "Pending"),
    ("in_progress", "In progress"),
    ("complete", "Complete"),
    ("failed", "Failed"),
    ("deleting", "Deleting"),
]


def deployments_of_existing_regions(apps, schema_editor):
    """A row for every region that was ever deployed or tested; the others read as not deployed."""
    SourceRegion = apps.get_model("log_sources", "SourceRegion")
    RegionDeployment = apps.get_model("deployments", "RegionDeployment")
    regions = (
        SourceRegion.objects.exclude(deployment_state="not_deployed", deployment_error="", verified_at=None)
        .values("pk", "deployment_state", "deployment_error", "deployment_updated_at", "verification", "verified_at")
        .iterator(chunk_size=2000)
    )
    RegionDeployment.objects.bulk_create(
        [
            RegionDeployment(
                source_region_id=row["pk"],
                state=row["deployment_state"],
                error=row["deployment_error"],
                updated_at=row["deployment_updated_at"],
                verification=row["verification"] or {},
                verified_at=row["verified_at"],
            )
            for row in regions
        ],
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("deployments", "0001_initial"),
        ("log_sources", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="deployregion",
            name="state",
            field=models.CharField(choices=DEPLOY_STATES, default="pending", max_length=12),
        ),
        migrations.CreateModel(
            name="RegionDeployment",
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
                ("state", models.CharField(choices=DEPLOY_STATES, default="not_deployed", max_length=16)),
                ("error", models.TextField(blank=True)),
                ("updated_at", models.DateTimeField(blank=True, null=True)),
                ("verification", models.JSONField(blank=True, default=dict)),
                ("verified_at", models.DateTimeField(blank=True, null=True)),
            ],
            options={"ordering": ["source_region_id"]},
        ),
        migrations.RunPython(deployments_of_existing_regions, migrations.RunPython.noop),
    ]
