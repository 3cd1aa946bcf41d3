from django.contrib import admin

from .models import DeployEvent, DeployOperation, DeployRegion, RegionDeployment


class DeployRegionInline(admin.TabularInline):
    model = DeployRegion
    extra = 0
    readonly_fields = ("region", "action", "state", "reason", "aws_id", "updated_at")


@admin.register(DeployOperation)
class DeployOperationAdmin(admin.ModelAdmin):
    list_display = ("id", "tenant", "source_label", "kind", "mode", "status", "created_at", "finished_at")
    list_filter = ("kind", "status", "mode")
    # The one-time credentials are never shown, not even to operators.
    exclude = ("access_key_id", "secret_access_key", "session_token")
    readonly_fields = ("attempts", "polls", "last_error", "started_at", "finished_at")
    inlines = [DeployRegionInline]


@admin.register(DeployEvent)
class DeployEventAdmin(admin.ModelAdmin):
    list_display = ("operation", "region", "state", "created_at")


@admin.register(RegionDeployment)
class RegionDeploymentAdmin(admin.ModelAdmin):
    list_display = ("source_region", "state", "updated_at", "verified_at")
    list_filter = ("state", "source_region__region")
    search_fields = ("source_region__source__hostname", "source_region__region")
    raw_id_fields = ("source_region",)
    exclude = ("verification",)
