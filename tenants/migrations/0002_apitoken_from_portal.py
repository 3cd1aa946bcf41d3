"""API tokens move here from the project package, which now holds only wiring.

A database that already has the tokens (the table `portal_apitoken`) keeps them: the model is
added to this app's state over the existing table, then renamed to this app's table name.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def create_table_unless_present(apps, schema_editor):
    model = apps.get_model("tenants", "ApiToken")
    if model._meta.db_table not in schema_editor.connection.introspection.table_names():
        schema_editor.create_model(model)


class Migration(migrations.Migration):
    dependencies = [
        ("tenants", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ApiToken",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("digest", models.CharField(max_length=64, unique=True)),
                        ("prefix", models.CharField(max_length=8)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("last_used_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="api_tokens",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={"db_table": "portal_apitoken"},
                ),
            ],
        ),
        migrations.RunPython(create_table_unless_present, migrations.RunPython.noop),
        migrations.AlterModelTable(name="apitoken", table=None),
    ]
