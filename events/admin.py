from django.contrib import admin

from .models import LogEvent


@admin.register(LogEvent)
class LogEventAdmin(admin.ModelAdmin):
    list_display = ("timestamp", "tenant", "source", "region", "severity", "finding_type", "malformed")
    list_filter = ("region", "malformed")
    search_fields = ("finding_id", "account_id", "event_id")
    raw_id_fields = ("tenant", "source")
    readonly_fields = [f.name for f in LogEvent._meta.fields]
    show_full_result_count = False  # counting millions of rows on every page is slow
