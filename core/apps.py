from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares and that knows no app: errors, AWS access, secrets at rest, the API base."""

    name = "core"
    verbose_name = "Core"
