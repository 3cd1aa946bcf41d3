from django.urls import path

from . import views

app_name = "health"

urlpatterns = [
    path("", views.health_page, name="page"),
    path("sources/<int:pk>/thresholds/", views.thresholds, name="thresholds"),
]
