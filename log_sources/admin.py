from django.contrib import admin

from .models import LogSource, SourceRegion


class SourceRegionInline(admin.TabularInline):
    model = SourceRegion
    extra = 0
    fields = ("region",)
    readonly_fields = fields


@admin.register(LogSource)
class LogSourceAdmin(admin.ModelAdmin):
    """Staff see and fix a source's settings; its AWS keys are write-only and never displayed here."""

    list_display = ("hostname", "tenant", "aws_account_number", "endpoint", "deployment_mode", "created_at")
    list_filter = ("tenant", "source_type", "deployment_mode")
    search_fields = ("hostname", "aws_account_number")
    exclude = ("aws_access_key_id", "aws_secret_access_key")
    readonly_fields = ("access_key", "created_by", "created_at", "updated_at")
    inlines = [SourceRegionInline]

    @admin.display(description="AWS Access Key")
    def access_key(self, obj: LogSource) -> str:
        return f"…{obj.aws_access_key_id_last4}" if obj.aws_access_key_id_last4 else "—"


@admin.register(SourceRegion)
class SourceRegionAdmin(admin.ModelAdmin):
    list_display = ("source", "region")
    list_filter = ("region",)
    search_fields = ("source__hostname", "region")
    raw_id_fields = ("source",)
