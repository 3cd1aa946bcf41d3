from django.urls import path

from . import audit_views, views

app_name = "tenants"
urlpatterns = [
    path("", views.users, name="users"),
    path("audit/", audit_views.audit_events, name="audit"),
    path("audit/export.csv", audit_views.audit_events_csv, name="audit_export"),
    path("members/add/", views.member_add, name="member_add"),
    path("members/<int:pk>/role/", views.member_role, name="member_role"),
    path("members/<int:pk>/deactivate/", views.member_deactivate, name="member_deactivate"),
    path("members/<int:pk>/reactivate/", views.member_reactivate, name="member_reactivate"),
    path("members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("members/<int:pk>/tokens/", views.member_tokens, name="member_tokens"),
    path("tokens/<int:pk>/revoke/", views.member_token_revoke, name="member_token_revoke"),
    path("roles/add/", views.role_add, name="role_add"),
    path("roles/<int:pk>/", views.role_edit, name="role_edit"),
    path("roles/<int:pk>/delete/", views.role_delete_view, name="role_delete"),
]
