from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("", views.search, name="search"),
    path("findings/", views.findings, name="findings"),
    path("export.<str:fmt>", views.export_events, name="export"),
    path("retention/", views.retention, name="retention"),
    path("retention/purge/", views.purge, name="purge"),
]
