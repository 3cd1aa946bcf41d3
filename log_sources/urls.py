from django.urls import path

from . import views

app_name = "log_sources"
urlpatterns = [
    path("", views.source_list, name="list"),
    path("add/", views.source_add, name="add"),
    path("add/<str:wid>/step/<int:step>/", views.source_wizard, name="wizard"),
    path("<int:pk>/", views.source_detail, name="detail"),
]
