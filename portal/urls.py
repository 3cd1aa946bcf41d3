from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from tenants import views as tenant_views

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="log_sources:list", permanent=False), name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(template_name="login.html"), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", tenant_views.PasswordChange.as_view(), name="account_password"),
    path("accounts/tokens/", tenant_views.account_tokens, name="account_tokens"),
    path("accounts/tokens/<int:pk>/revoke/", tenant_views.account_token_revoke, name="account_token_revoke"),
    path("admin/", admin.site.urls),
    path("sources/", include("log_sources.urls")),
    path("organizations/", include("organizations.urls")),
    path("", include("relay.urls")),
    path("users/", include("tenants.urls")),
    path("", include("deployments.urls")),
    path("search/", include("events.urls")),
    path("notifications/", include("notifications.urls")),
    path("health/", include("health.urls")),
    path("api/", include("portal.api.urls")),
]
