from django.apps import AppConfig


class LogSourcesConfig(AppConfig):
    name = "log_sources"
    verbose_name = "Log sources"
