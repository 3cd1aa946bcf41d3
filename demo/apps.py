from django.apps import AppConfig


class DemoConfig(AppConfig):
    """`make run`: the supervisor, the finding simulator and the demo commands. No product app imports it."""

    name = "demo"
    verbose_name = "Demo"
