"""Endpoint names are unique per tenant whatever their case.

Names that already differ only by case keep the first one's name; the later ones get " (2)",
" (3)", ... so that the constraint can be added without losing an endpoint.
"""

import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models


def rename_names_that_differ_only_by_case(apps, schema_editor):
    Endpoint = apps.get_model("relay", "Endpoint")
    seen: dict[tuple[int, str], int] = {}
    for endpoint in Endpoint.objects.order_by("tenant_id", "id"):
        key = (endpoint.tenant_id, endpoint.name.lower())
        if key not in seen:
            seen[key] = 1
            continue
        seen[key] += 1
        endpoint.name = f"{endpoint.name[:90]} ({seen[key]})"
        endpoint.save(update_fields=["name"])


class Migration(migrations.Migration):

    dependencies = [
        ('relay', '0001_initial'),
        ('tenants', '0002_apitoken_from_portal'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(rename_names_that_differ_only_by_case, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name='endpoint',
            name='endpoint_name_unique_per_tenant',
        ),
        migrations.AddConstraint(
            model_name='endpoint',
            constraint=models.UniqueConstraint(models.F('tenant'), django.db.models.functions.text.Lower('name'), name='endpoint_name_unique_per_tenant_any_case'),
        ),
    ]
