from datetime import timedelta

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

# Append-only in PostgreSQL too: no UPDATE except clearing the link to a removed member's account.
APPEND_ONLY = """
CREATE FUNCTION tenants_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    IF NEW.actor_id IS NULL AND (NEW.id, NEW.at, NEW.tenant_id, NEW.actor_username, NEW.action, NEW.target_type,
        NEW.target_id, NEW.ip, NEW.details::text) IS NOT DISTINCT FROM (OLD.id, OLD.at, OLD.tenant_id,
        OLD.actor_username, OLD.action, OLD.target_type, OLD.target_id, OLD.ip, OLD.details::text) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit events cannot be changed';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER tenants_auditevent_append_only BEFORE UPDATE ON tenants_auditevent
    FOR EACH ROW EXECUTE FUNCTION tenants_auditevent_append_only();
"""
DROP_APPEND_ONLY = """
DROP TRIGGER IF EXISTS tenants_auditevent_append_only ON tenants_auditevent;
DROP FUNCTION IF EXISTS tenants_auditevent_append_only();
"""


def existing_tokens_expire(apps, schema_editor):
    """Tokens issued before expiry existed get the default life from now, not an immediate end."""
    ApiToken = apps.get_model("tenants", "ApiToken")
    ApiToken.objects.filter(expires_at__isnull=True).update(
        expires_at=django.utils.timezone.now() + timedelta(days=settings.API_TOKEN_DAYS)
    )


def append_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY)


def drop_append_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_APPEND_ONLY)


class Migration(migrations.Migration):

    dependencies = [
        ('tenants', '0002_apitoken_from_portal'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='apitoken',
            options={'ordering': ['-created_at', '-pk']},
        ),
        migrations.AddField(
            model_name='apitoken',
            name='expires_at',
            field=models.DateTimeField(null=True),
        ),
        migrations.AddField(
            model_name='apitoken',
            name='name',
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.CreateModel(
            name='AuditEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ('actor_username', models.CharField(blank=True, max_length=150)),
                ('action', models.CharField(max_length=64)),
                ('target_type', models.CharField(blank=True, max_length=32)),
                ('target_id', models.CharField(blank=True, max_length=64)),
                ('ip', models.GenericIPAddressField(blank=True, null=True)),
                ('details', models.JSONField(blank=True, default=dict)),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('tenant', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tenants.tenant')),
            ],
            options={
                'ordering': ['-at', '-pk'],
                'indexes': [models.Index(fields=['tenant', '-at'], name='audit_tenant_at')],
            },
        ),
        migrations.RunPython(existing_tokens_expire, migrations.RunPython.noop),
        migrations.AlterField(model_name="apitoken", name="expires_at", field=models.DateTimeField()),
        migrations.RunPython(append_only, drop_append_only),
    ]
