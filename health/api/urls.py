from django.urls import path, re_path

from .views import HealthListView, LogSourceHealthView

urlpatterns = [
    path("health/", HealthListView.as_view(), name="api-health"),
    re_path(r"^log-sources/(?P<pk>[0-9]+)/health/$", LogSourceHealthView.as_view(), name="log-source-health"),
]
