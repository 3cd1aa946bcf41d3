from django.urls import path

from . import views

app_name = "deployments"
urlpatterns = [
    path("aws/service-account/", views.service_account, name="service_account"),
    path("aws/templates/<str:kind>.yaml", views.template_download, name="template_download"),
    path("aws/check/", views.check, name="check"),
    path("aws/sources/<int:pk>/launch/", views.launch, name="launch"),
    path("aws/sources/<int:pk>/progress/", views.progress, name="progress"),
    path("aws/operations/<int:pk>/", views.operation_detail, name="operation"),
    path("aws/operations/<int:pk>/progress/", views.operation_progress, name="operation_progress"),
    path("aws/sources/<int:pk>/verify/", views.verify, name="verify"),
    path("aws/sources/<int:pk>/coverage/", views.coverage_refresh, name="coverage_refresh"),
    path("aws/sources/<int:pk>/sample-finding/", views.sample_finding, name="sample_finding"),
    path("aws/sources/<int:pk>/edit/", views.source_edit, name="source_edit"),
    path("aws/sources/<int:pk>/credentials/", views.source_credentials, name="source_credentials"),
    path("aws/reader-role/launch/", views.reader_role_launch, name="reader_role_launch"),
    path("aws/external-id/regenerate/", views.external_id_regenerate, name="external_id_regenerate"),
    # Deleting a source may tear down its AWS side, so the page is deployments', at the source's URL.
    path("sources/<int:pk>/delete/", views.source_delete, name="source_delete"),
]
