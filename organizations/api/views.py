"""Organizations over REST: the same services and selectors as the pages."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.base import ID_PARAMETER, PortalAPIMixin, errors, object_body, object_id
from core.errors import ValidationFailed
from deployments.api.views import deploy_credentials

from .. import selectors, services
from .serializers import (
    DeployResultSerializer,
    OrganizationDeployInputSerializer,
    OrganizationInputSerializer,
    OrganizationSerializer,
    OrganizationUpdateSerializer,
    SyncResultSerializer,
)


def _input(request, serializer_class, *, partial: bool = False) -> dict:
    """The body as the service takes it; a field the API does not know is refused, never ignored."""
    body = object_body(request)
    serializer = serializer_class(data=body, partial=partial)
    serializer.is_valid(raise_exception=True)
    unknown = sorted(str(key) for key in body if key not in serializer.fields)
    if unknown:
        message = (
            "This cannot be changed in place: PATCH changes name and organizational_unit_ids."
            if partial
            else "Unknown field; the fields are those of OrganizationInput in /api/schema/."
        )
        raise ValidationFailed({key: [message] for key in unknown})
    return dict(serializer.validated_data)


def _body(organization) -> dict:
    view = selectors.organization_accounts_all(organization)
    organization.account_rows = [
        {
            **{f: getattr(row.account, f) for f in ("account_number", "name", "parent_id", "status")},
            **{f: getattr(row.account, f) for f in ("guardduty_member", "deploy_status", "deploy_error", "source_id")},
            "last_event_at": row.last_event_at,
            "findings": row.findings,
            "regions_collecting": row.regions_collecting,
        }
        for row in view.rows
    ]
    organization.summary = view.summary
    return OrganizationSerializer(organization).data


@extend_schema_view(
    list=extend_schema(
        summary="List AWS Organizations", responses={200: OrganizationSerializer(many=True), **errors()}
    ),
    retrieve=extend_schema(
        summary="Show an AWS Organization and its accounts",
        parameters=[ID_PARAMETER],
        responses={200: OrganizationSerializer, **errors(404)},
    ),
    create=extend_schema(
        summary="Add an AWS Organization",
        description="Checks that the role answers, lists the accounts, and (with deploy_credentials) deploys at once.",
        request=OrganizationInputSerializer,
        responses={201: OrganizationSerializer, **errors(400)},
    ),
    partial_update=extend_schema(
        summary="Rename an Organization or change its OUs",
        parameters=[ID_PARAMETER],
        request=OrganizationUpdateSerializer,
        responses={200: OrganizationSerializer, **errors(400, 404)},
    ),
    destroy=extend_schema(
        summary="Delete an Organization and the sources it added (its StackSets stay in AWS)",
        parameters=[ID_PARAMETER],
        responses={204: None, **errors(404)},
    ),
)
class OrganizationViewSet(PortalAPIMixin, viewsets.ViewSet):
    """AWS Organizations collected as a whole: their accounts, and what is collected of each."""

    lookup_value_regex = r"[0-9]+"

    def get_organization(self, request, pk, action_name: str = "source.view"):
        return selectors.organization_get(user=request.user, pk=object_id(pk), action=action_name)

    def list(self, request):
        return Response([_body(o) for o in selectors.organization_list(user=request.user)])

    def retrieve(self, request, pk=None):
        return Response(_body(self.get_organization(request, pk)))

    def create(self, request):
        data = _input(request, OrganizationInputSerializer)
        credentials = deploy_credentials(data.pop("deploy_credentials", None))
        organization = services.organization_create(user=request.user, data=data, deploy_credentials=credentials)
        return Response(_body(self.get_organization(request, organization.pk)), status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        organization = self.get_organization(request, pk, "source.change")
        data = _input(request, OrganizationUpdateSerializer, partial=True)
        services.organization_update(user=request.user, organization=organization, data=data)
        return Response(_body(self.get_organization(request, pk)))

    def destroy(self, request, pk=None):
        organization = self.get_organization(request, pk, "source.delete")
        services.organization_delete(user=request.user, organization=organization)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Sync the Organization's accounts now",
        parameters=[ID_PARAMETER],
        request=None,
        responses={200: SyncResultSerializer, **errors(404)},
    )
    @action(detail=True, methods=["post"])
    def sync(self, request, pk=None):
        organization = self.get_organization(request, pk, "source.add")
        return Response(services.organization_sync_now(user=request.user, organization=organization).as_dict())

    @extend_schema(
        summary="Deploy the Organization's collection with one-time deploy credentials",
        parameters=[ID_PARAMETER],
        request=OrganizationDeployInputSerializer,
        responses={202: DeployResultSerializer, **errors(400, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def deploy(self, request, pk=None):
        organization = self.get_organization(request, pk, "source.deploy")
        data = _input(request, OrganizationDeployInputSerializer)
        credentials = deploy_credentials(data.get("deploy_credentials"))
        if credentials is None:
            raise ValidationFailed.one("deploy_credentials", "deploy_credentials is required: they are used once.")
        result = services.organization_deploy(
            user=request.user, organization=organization, deploy_credentials=credentials
        )
        return Response(result, status=status.HTTP_202_ACCEPTED)
