"""A unit remembers when its pull was due (`due_at`), so a pull that never ran shows as overdue."""

from django.db import migrations, models
from django.db.models import F


def due_when_next_pulled(apps, schema_editor):
    """Existing units were due at their next pull time."""
    PullUnit = apps.get_model("collection", "PullUnit")
    PullUnit.objects.filter(due_at__isnull=True).update(due_at=F("next_pull_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("collection", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="pullunit",
            name="due_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="pullunit",
            name="collection_state",
            field=models.CharField(
                choices=[
                    ("waiting", "Waiting for first pull"),
                    ("ok", "Collecting"),
                    ("throttled", "Throttled (retrying)"),
                    ("credentials_invalid", "Credentials invalid"),
                    ("access_denied", "Access denied"),
                    ("log_group_missing", "Log group missing"),
                    ("unreachable", "Region unreachable"),
                    ("interrupted", "Interrupted (retrying)"),
                    ("overdue", "Pull overdue"),
                    ("error", "Error"),
                ],
                default="waiting",
                max_length=24,
            ),
        ),
        migrations.RunPython(due_when_next_pulled, migrations.RunPython.noop, elidable=True),
    ]
