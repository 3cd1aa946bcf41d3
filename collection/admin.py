from django.contrib import admin

from .models import PullUnit


@admin.register(PullUnit)
class PullUnitAdmin(admin.ModelAdmin):
    list_display = ("source_region", "collection_state", "last_event_at", "last_pull_at", "next_pull_at")
    list_filter = ("collection_state", "source_region__region")
    search_fields = ("source_region__source__hostname", "source_region__region")
    raw_id_fields = ("source_region",)
