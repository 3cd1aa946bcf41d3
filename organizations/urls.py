from django.urls import path

from . import views

app_name = "organizations"
urlpatterns = [
    path("", views.organization_list, name="list"),
    path("add/", views.organization_add, name="add"),
    path("role/launch/", views.organization_role_launch, name="role_launch"),
    path("<int:pk>/", views.organization_detail, name="detail"),
    path("<int:pk>/sync/", views.organization_sync, name="sync"),
    path("<int:pk>/deploy/", views.organization_deploy, name="deploy"),
    path("<int:pk>/delete/", views.organization_delete, name="delete"),
]
