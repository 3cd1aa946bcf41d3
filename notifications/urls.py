from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.channel_list_view, name="list"),
    path("channels/<int:pk>/test/", views.channel_test_view, name="test"),
    path("channels/<int:pk>/toggle/", views.channel_toggle_view, name="toggle"),
    path("channels/<int:pk>/rotate-secret/", views.channel_rotate_view, name="rotate_secret"),
    path("channels/<int:pk>/delete/", views.channel_delete_view, name="delete"),
]
