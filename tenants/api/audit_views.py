"""GET /api/v1/audit-events/: the audit trail for tenant admins (Manage Users)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.pagination import CursorPagination

from core.api.base import ID_PARAMETER, PortalAPIMixin, errors, object_id
from tenants.audit_filters import AuditFilterForm
from tenants.models import AuditEvent
from tenants.selectors import audit_event_list


class AuditEventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField(help_text="The username of who acted; null for the portal itself.")

    class Meta:
        model = AuditEvent
        fields = ["id", "at", "actor", "action", "target_type", "target_id", "ip", "details"]

    def get_actor(self, event) -> str | None:
        return event.actor_username or None


class AuditEventPagination(CursorPagination):
    ordering = ("-at", "-id")
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


FILTER_PARAMETERS = [
    OpenApiParameter(
        name,
        OpenApiTypes.DATETIME if name in ("since", "until") else OpenApiTypes.STR,
        OpenApiParameter.QUERY,
        description=str(field.help_text),
    )
    for name, field in AuditFilterForm().fields.items()
]


@extend_schema_view(
    list=extend_schema(
        summary="List audit events, newest first",
        parameters=FILTER_PARAMETERS,
        responses={200: AuditEventSerializer(many=True), **errors(400)},
    ),
    retrieve=extend_schema(
        summary="Show an audit event", parameters=[ID_PARAMETER], responses={200: AuditEventSerializer, **errors(404)}
    ),
)
class AuditEventViewSet(PortalAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Who did what, when, from where. Append-only: there is no way to change or delete an event."""

    serializer_class = AuditEventSerializer
    pagination_class = AuditEventPagination
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        if self.action == "list":
            return audit_event_list(user=self.request.user, **AuditFilterForm(self.request.query_params).criteria())
        return audit_event_list(user=self.request.user)

    def get_object(self):
        return self.get_queryset().get(pk=object_id(self.kwargs["pk"]))
