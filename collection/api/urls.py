from django.urls import re_path

from .views import LogSourcePullView

# Beside the router's log-sources routes, at the URL the action had when it lived there.
urlpatterns = [
    re_path(r"^log-sources/(?P<pk>[0-9]+)/pull/$", LogSourcePullView.as_view(), name="log-source-pull"),
]
