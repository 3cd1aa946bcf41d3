import secrets

from django.db import migrations, models

import tenants.models


def give_each_tenant_its_own(apps, schema_editor):
    Tenant = apps.get_model("tenants", "Tenant")
    for tenant in Tenant.objects.filter(aws_external_id__isnull=True):
        tenant.aws_external_id = secrets.token_hex(20)
        tenant.save(update_fields=["aws_external_id"])


class Migration(migrations.Migration):
    dependencies = [("tenants", "0003_audit_events_and_token_expiry")]

    operations = [
        # Added empty, filled one tenant at a time (a default would give every tenant the same
        # value), then made required and unique.
        migrations.AddField(
            model_name="tenant", name="aws_external_id", field=models.CharField(max_length=64, null=True)
        ),
        migrations.RunPython(give_each_tenant_its_own, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="tenant",
            name="aws_external_id",
            field=models.CharField(default=tenants.models.new_external_id, max_length=64, unique=True),
        ),
    ]
