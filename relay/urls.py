from django.urls import path

from . import views

app_name = "relay"
urlpatterns = [
    path("endpoints/", views.endpoint_list_view, name="endpoint_list"),
    path("endpoints/add/", views.endpoint_add, name="endpoint_add"),
    path("endpoints/<int:pk>/", views.endpoint_detail, name="endpoint_detail"),
    path("endpoints/<int:pk>/delete/", views.endpoint_delete_view, name="endpoint_delete"),
]
