from django.urls import path

from . import views

app_name = "deployments"
urlpatterns = [
    path("service-account/", views.service_account, name="service_account"),
    path("templates/<str:kind>.yaml", views.template_download, name="template_download"),
    path("check/", views.check, name="check"),
    path("sources/<int:pk>/launch/", views.launch, name="launch"),
    path("sources/<int:pk>/progress/", views.progress, name="progress"),
    path("operations/<int:pk>/", views.operation_detail, name="operation"),
    path("operations/<int:pk>/progress/", views.operation_progress, name="operation_progress"),
    path("sources/<int:pk>/verify/", views.verify, name="verify"),
    path("sources/<int:pk>/edit/", views.source_edit, name="source_edit"),
]
