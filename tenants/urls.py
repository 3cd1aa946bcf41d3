from django.urls import path

from . import views

app_name = "tenants"
urlpatterns = [
    path("", views.users, name="users"),
    path("members/add/", views.member_add, name="member_add"),
    path("members/<int:pk>/role/", views.member_role, name="member_role"),
    path("roles/add/", views.role_add, name="role_add"),
    path("roles/<int:pk>/", views.role_edit, name="role_edit"),
    path("roles/<int:pk>/delete/", views.role_delete_view, name="role_delete"),
]
