"""The REST API: /api/v1/ resources, the OpenAPI schema and its interactive docs."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from core.api.views import not_found
from deployments.api.views import (
    AwsIdentityView,
    ExternalIdRegenerateView,
    LogSourceViewSet,
    OperationViewSet,
    ReaderRoleLaunchView,
    ReaderRoleTemplateView,
)
from events.api.views import FindingDetailView, FindingListView, LogEventSearchView
from log_sources.api.views import RegionViewSet
from notifications.api.views import NotificationChannelViewSet
from organizations.api.views import OrganizationViewSet
from relay.api.views import EndpointViewSet
from tenants.api.audit_views import AuditEventViewSet
from tenants.api.token_views import TokenView
from tenants.api.tokens import ApiTokenViewSet
from tenants.api.views import MemberViewSet, PasswordChangeView, RoleViewSet

router = DefaultRouter()
router.include_format_suffixes = False
router.register("regions", RegionViewSet, basename="region")
router.register("endpoints", EndpointViewSet, basename="endpoint")
router.register("log-sources", LogSourceViewSet, basename="log-source")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("operations", OperationViewSet, basename="operation")
router.register("roles", RoleViewSet, basename="role")
router.register("members", MemberViewSet, basename="member")
router.register("tokens", ApiTokenViewSet, basename="token")
router.register("audit-events", AuditEventViewSet, basename="audit-event")
router.register("notification-channels", NotificationChannelViewSet, basename="notification-channel")

urlpatterns = [
    path("v1/auth/token/", TokenView.as_view(), name="api-token"),
    path("v1/me/password/", PasswordChangeView.as_view(), name="api-password"),
    path("v1/events/", LogEventSearchView.as_view(), name="api-events"),
    path("v1/findings/", FindingListView.as_view(), name="api-findings"),
    path("v1/findings/<int:pk>/", FindingDetailView.as_view(), name="api-finding"),
    path("v1/aws/identity/", AwsIdentityView.as_view(), name="api-aws-identity"),
    path("v1/aws/identity/external-id/", ExternalIdRegenerateView.as_view(), name="api-aws-external-id"),
    path("v1/aws/reader-role/", ReaderRoleLaunchView.as_view(), name="api-aws-reader-role"),
    path("v1/aws/reader-role/template/", ReaderRoleTemplateView.as_view(), name="api-aws-reader-role-template"),
    path("v1/", include("collection.api.urls")),
    path("v1/", include("health.api.urls")),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    # Anything else under /api/ is a JSON 404, never the pages' HTML one.
    re_path(r"^.*$", not_found),
]
