from django.urls import path  # noqa: F401

app_name = "log_sources"
urlpatterns: list = []
