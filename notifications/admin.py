from django.contrib import admin

from .models import Delivery, NotificationChannel


@admin.register(NotificationChannel)
class NotificationChannelAdmin(admin.ModelAdmin):
    list_display = ("name", "tenant", "kind", "target", "enabled", "created_at")
    list_filter = ("tenant", "kind", "enabled")
    search_fields = ("name", "target")
    # The signing secret is never shown, not even to staff: rotate it from the portal instead.
    exclude = ("secret",)
    readonly_fields = ("created_by", "created_at", "updated_at")


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("pk", "tenant", "channel", "event", "status", "attempts", "created_at", "delivered_at")
    list_filter = ("status", "event")
    readonly_fields = (
        "tenant",
        "channel",
        "event",
        "subject",
        "payload",
        "status",
        "attempts",
        "next_attempt_at",
        "created_at",
        "delivered_at",
        "last_error",
    )
