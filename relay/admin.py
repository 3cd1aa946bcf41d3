from django.contrib import admin

from .models import Endpoint


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    list_display = ("name", "tenant", "hostname", "queue", "status_label", "last_seen_at")
    list_filter = ("tenant",)
    search_fields = ("name", "hostname", "queue")
    readonly_fields = ("queue", "last_seen_at", "last_seen_worker", "created_by", "created_at")
