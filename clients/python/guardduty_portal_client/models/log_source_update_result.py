from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.credential_type_enum import CredentialTypeEnum, check_credential_type_enum
from ..models.source_status_enum import SourceStatusEnum, check_source_status_enum
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.deployment import Deployment
    from ..models.log_source_update_result_console_links import LogSourceUpdateResultConsoleLinks
    from ..models.operation import Operation
    from ..models.region_state import RegionState
    from ..models.source_health import SourceHealth
    from ..models.source_region_coverage import SourceRegionCoverage
    from ..models.verification import Verification


T = TypeVar("T", bound="LogSourceUpdateResult")


@_attrs_define
class LogSourceUpdateResult:
    """
    Attributes:
        id (int):
        source_type (str):
        endpoint (int):
        hostname (str):
        protocol (str):
        aws_account_number (str):
        credential_type (CredentialTypeEnum): * `role` - role
            * `access_key` - access_key
        role_arn (str): The reader role the portal assumes ("" for access keys).
        external_id (str): Your tenant's External ID, which the role's trust policy must require (not a secret).
        aws_access_key_id_last4 (str): "" for a role.
        regions (list[str]):
        deployment (Deployment):
        region_states (list[RegionState]):
        paused_reason (str): Why the relays no longer pull this source (its account left its AWS Organization); "" while
            they do.
        created_at (datetime.datetime):
        operation (None | Operation): The update the deploy workers run (null when nothing had to change in AWS).
        verification (None | Verification): After a credentials change: Test connection's checklist with the new
            credentials (else null).
        console_links (LogSourceUpdateResultConsoleLinks): Region to the AWS console's quick-create link, where one
            exists (a Stack, once published).
        coverage (list[SourceRegionCoverage]):
        status (SourceStatusEnum): * `no_regions` - No regions
            * `paused` - Paused
            * `deployment_failed` - Deployment failed
            * `deploying` - Deploying
            * `deleting` - Deleting
            * `needs_attention` - Needs attention
            * `collecting` - Collecting
            * `waiting_for_events` - Waiting for events
            * `not_deployed` - Not deployed
        status_label (str): The status as External Sources shows it.
        last_event_at (datetime.datetime | None):
        organization (int | None): The AWS Organization this source was added for, if any.
        health (SourceHealth): A source's health and its staleness thresholds (read from the LogSource itself).
        created_by (None | str | Unset):
    """

    id: int
    source_type: str
    endpoint: int
    hostname: str
    protocol: str
    aws_account_number: str
    credential_type: CredentialTypeEnum
    role_arn: str
    external_id: str
    aws_access_key_id_last4: str
    regions: list[str]
    deployment: Deployment
    region_states: list[RegionState]
    paused_reason: str
    created_at: datetime.datetime
    operation: None | Operation
    verification: None | Verification
    console_links: LogSourceUpdateResultConsoleLinks
    coverage: list[SourceRegionCoverage]
    status: SourceStatusEnum
    status_label: str
    last_event_at: datetime.datetime | None
    organization: int | None
    health: SourceHealth
    created_by: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.operation import Operation  # noqa: PLC0415
        from ..models.verification import Verification  # noqa: PLC0415

        id = self.id

        source_type = self.source_type

        endpoint = self.endpoint

        hostname = self.hostname

        protocol = self.protocol

        aws_account_number = self.aws_account_number

        credential_type: str = self.credential_type

        role_arn = self.role_arn

        external_id = self.external_id

        aws_access_key_id_last4 = self.aws_access_key_id_last4

        regions = self.regions

        deployment = self.deployment.to_dict()

        region_states = []
        for region_states_item_data in self.region_states:
            region_states_item = region_states_item_data.to_dict()
            region_states.append(region_states_item)

        paused_reason = self.paused_reason

        created_at = self.created_at.isoformat()

        operation: dict[str, Any] | None
        if isinstance(self.operation, Operation):
            operation = self.operation.to_dict()
        else:
            operation = self.operation

        verification: dict[str, Any] | None
        if isinstance(self.verification, Verification):
            verification = self.verification.to_dict()
        else:
            verification = self.verification

        console_links = self.console_links.to_dict()

        coverage = []
        for coverage_item_data in self.coverage:
            coverage_item = coverage_item_data.to_dict()
            coverage.append(coverage_item)

        status: str = self.status

        status_label = self.status_label

        last_event_at: None | str
        if isinstance(self.last_event_at, datetime.datetime):
            last_event_at = self.last_event_at.isoformat()
        else:
            last_event_at = self.last_event_at

        organization: int | None
        organization = self.organization

        health = self.health.to_dict()

        created_by: None | str | Unset
        if isinstance(self.created_by, Unset):
            created_by = UNSET
        else:
            created_by = self.created_by

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "source_type": source_type,
                "endpoint": endpoint,
                "hostname": hostname,
                "protocol": protocol,
                "aws_account_number": aws_account_number,
                "credential_type": credential_type,
                "role_arn": role_arn,
                "external_id": external_id,
                "aws_access_key_id_last4": aws_access_key_id_last4,
                "regions": regions,
                "deployment": deployment,
                "region_states": region_states,
                "paused_reason": paused_reason,
                "created_at": created_at,
                "operation": operation,
                "verification": verification,
                "console_links": console_links,
                "coverage": coverage,
                "status": status,
                "status_label": status_label,
                "last_event_at": last_event_at,
                "organization": organization,
                "health": health,
            }
        )
        if created_by is not UNSET:
            field_dict["created_by"] = created_by

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.deployment import Deployment  # noqa: PLC0415
        from ..models.log_source_update_result_console_links import LogSourceUpdateResultConsoleLinks  # noqa: PLC0415
        from ..models.operation import Operation  # noqa: PLC0415
        from ..models.region_state import RegionState  # noqa: PLC0415
        from ..models.source_health import SourceHealth  # noqa: PLC0415
        from ..models.source_region_coverage import SourceRegionCoverage  # noqa: PLC0415
        from ..models.verification import Verification  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        source_type = d.pop("source_type")

        endpoint = d.pop("endpoint")

        hostname = d.pop("hostname")

        protocol = d.pop("protocol")

        aws_account_number = d.pop("aws_account_number")

        credential_type = check_credential_type_enum(d.pop("credential_type"))

        role_arn = d.pop("role_arn")

        external_id = d.pop("external_id")

        aws_access_key_id_last4 = d.pop("aws_access_key_id_last4")

        regions = cast(list[str], d.pop("regions"))

        deployment = Deployment.from_dict(d.pop("deployment"))

        region_states = []
        _region_states = d.pop("region_states")
        for region_states_item_data in _region_states:
            region_states_item = RegionState.from_dict(region_states_item_data)

            region_states.append(region_states_item)

        paused_reason = d.pop("paused_reason")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_operation(data: object) -> None | Operation:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                operation_type_0 = Operation.from_dict(data)

                return operation_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Operation, data)

        operation = _parse_operation(d.pop("operation"))

        def _parse_verification(data: object) -> None | Verification:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                verification_type_0 = Verification.from_dict(data)

                return verification_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Verification, data)

        verification = _parse_verification(d.pop("verification"))

        console_links = LogSourceUpdateResultConsoleLinks.from_dict(d.pop("console_links"))

        coverage = []
        _coverage = d.pop("coverage")
        for coverage_item_data in _coverage:
            coverage_item = SourceRegionCoverage.from_dict(coverage_item_data)

            coverage.append(coverage_item)

        status = check_source_status_enum(d.pop("status"))

        status_label = d.pop("status_label")

        def _parse_last_event_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_event_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_event_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_event_at = _parse_last_event_at(d.pop("last_event_at"))

        def _parse_organization(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        organization = _parse_organization(d.pop("organization"))

        health = SourceHealth.from_dict(d.pop("health"))

        def _parse_created_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        created_by = _parse_created_by(d.pop("created_by", UNSET))

        log_source_update_result = cls(
            id=id,
            source_type=source_type,
            endpoint=endpoint,
            hostname=hostname,
            protocol=protocol,
            aws_account_number=aws_account_number,
            credential_type=credential_type,
            role_arn=role_arn,
            external_id=external_id,
            aws_access_key_id_last4=aws_access_key_id_last4,
            regions=regions,
            deployment=deployment,
            region_states=region_states,
            paused_reason=paused_reason,
            created_at=created_at,
            operation=operation,
            verification=verification,
            console_links=console_links,
            coverage=coverage,
            status=status,
            status_label=status_label,
            last_event_at=last_event_at,
            organization=organization,
            health=health,
            created_by=created_by,
        )

        log_source_update_result.additional_properties = d
        return log_source_update_result

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
