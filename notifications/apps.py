from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """A tenant's notification channels (email, signed webhook) and every delivery made through them."""

    name = "notifications"
    verbose_name = "Notifications"
