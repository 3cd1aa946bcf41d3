"""Contains all the data models used in inputs/outputs"""

from .account_check import AccountCheck
from .api_token import ApiToken
from .attempt import Attempt
from .audit_event import AuditEvent
from .audit_events_list_response_400 import AuditEventsListResponse400
from .auth_token_create_response_400 import AuthTokenCreateResponse400
from .aws_identity import AwsIdentity
from .aws_reader_role_launch_response_400 import AwsReaderRoleLaunchResponse400
from .aws_reader_role_template_format import AwsReaderRoleTemplateFormat
from .aws_reader_role_template_response_200 import AwsReaderRoleTemplateResponse200
from .channel import Channel
from .channel_input import ChannelInput
from .channel_input_kind_enum import ChannelInputKindEnum
from .channel_with_secret import ChannelWithSecret
from .check import Check
from .collection_state_enum import CollectionStateEnum
from .credential_type_enum import CredentialTypeEnum
from .delivery import Delivery
from .delivery_detail import DeliveryDetail
from .delivery_status_enum import DeliveryStatusEnum
from .deploy_action_enum import DeployActionEnum
from .deploy_credentials import DeployCredentials
from .deploy_input import DeployInput
from .deploy_result import DeployResult
from .deployment import Deployment
from .deployment_change import DeploymentChange
from .deployment_change_tags import DeploymentChangeTags
from .deployment_input import DeploymentInput
from .deployment_input_tags import DeploymentInputTags
from .deployment_mode_enum import DeploymentModeEnum
from .deployment_state_enum import DeploymentStateEnum
from .deployment_tags import DeploymentTags
from .detector_status_enum import DetectorStatusEnum
from .endpoint import Endpoint
from .endpoint_input import EndpointInput
from .endpoint_status_enum import EndpointStatusEnum
from .endpoints_create_response_400 import EndpointsCreateResponse400
from .error import Error
from .event_enum import EventEnum
from .events_search_range import EventsSearchRange
from .events_search_response_400 import EventsSearchResponse400
from .events_search_severity import EventsSearchSeverity
from .finding import Finding
from .finding_page import FindingPage
from .findings_list_format import FindingsListFormat
from .findings_list_range import FindingsListRange
from .findings_list_response_400 import FindingsListResponse400
from .findings_list_severity import FindingsListSeverity
from .findings_retrieve_format import FindingsRetrieveFormat
from .health import Health
from .health_level_enum import HealthLevelEnum
from .health_list_health import HealthListHealth
from .health_list_response_400 import HealthListResponse400
from .health_row import HealthRow
from .log_event import LogEvent
from .log_event_page import LogEventPage
from .log_retention_days_enum import LogRetentionDaysEnum
from .log_source import LogSource
from .log_source_console_links import LogSourceConsoleLinks
from .log_source_create import LogSourceCreate
from .log_source_create_regions_type_0_item import LogSourceCreateRegionsType0Item
from .log_source_create_regions_type_1 import LogSourceCreateRegionsType1
from .log_source_update_result import LogSourceUpdateResult
from .log_source_update_result_console_links import LogSourceUpdateResultConsoleLinks
from .log_sources_create_response_400 import LogSourcesCreateResponse400
from .log_sources_deploy_create_response_400 import LogSourcesDeployCreateResponse400
from .log_sources_destroy_response_400 import LogSourcesDestroyResponse400
from .log_sources_health_partial_update_response_400 import LogSourcesHealthPartialUpdateResponse400
from .log_sources_partial_update_response_400 import LogSourcesPartialUpdateResponse400
from .log_sources_sample_finding_create_response_400 import LogSourcesSampleFindingCreateResponse400
from .log_sources_template_retrieve_format import LogSourcesTemplateRetrieveFormat
from .log_sources_template_retrieve_kind import LogSourcesTemplateRetrieveKind
from .log_sources_template_retrieve_response_400 import LogSourcesTemplateRetrieveResponse400
from .me_password_change_response_400 import MePasswordChangeResponse400
from .member import Member
from .member_input import MemberInput
from .members_create_response_400 import MembersCreateResponse400
from .members_partial_update_response_400 import MembersPartialUpdateResponse400
from .notification_channel_kind_enum import NotificationChannelKindEnum
from .notification_channels_create_response_400 import NotificationChannelsCreateResponse400
from .notification_channels_partial_update_response_400 import NotificationChannelsPartialUpdateResponse400
from .notification_channels_rotate_secret_create_response_400 import NotificationChannelsRotateSecretCreateResponse400
from .notification_event_enum import NotificationEventEnum
from .operation import Operation
from .operation_mode_enum import OperationModeEnum
from .operation_region import OperationRegion
from .operation_status_enum import OperationStatusEnum
from .organization import Organization
from .organization_account import OrganizationAccount
from .organization_account_status_enum import OrganizationAccountStatusEnum
from .organization_deploy_input import OrganizationDeployInput
from .organization_deploy_status_enum import OrganizationDeployStatusEnum
from .organization_input import OrganizationInput
from .organization_input_credential_type_enum import OrganizationInputCredentialTypeEnum
from .organization_input_regions_type_0_item import OrganizationInputRegionsType0Item
from .organization_input_regions_type_1 import OrganizationInputRegionsType1
from .organization_mode_enum import OrganizationModeEnum
from .organization_summary import OrganizationSummary
from .organizations_create_response_400 import OrganizationsCreateResponse400
from .organizations_deploy_create_response_400 import OrganizationsDeployCreateResponse400
from .organizations_partial_update_response_400 import OrganizationsPartialUpdateResponse400
from .paginated_audit_event_list import PaginatedAuditEventList
from .partition_enum import PartitionEnum
from .password_change import PasswordChange
from .patched_channel_change import PatchedChannelChange
from .patched_health_thresholds import PatchedHealthThresholds
from .patched_log_source import PatchedLogSource
from .patched_log_source_regions_type_0_item import PatchedLogSourceRegionsType0Item
from .patched_log_source_regions_type_1 import PatchedLogSourceRegionsType1
from .patched_member_update import PatchedMemberUpdate
from .patched_organization_update import PatchedOrganizationUpdate
from .patched_role_update import PatchedRoleUpdate
from .permissions_enum import PermissionsEnum
from .pull_queued import PullQueued
from .reader_role_launch import ReaderRoleLaunch
from .reader_role_launch_kind_enum import ReaderRoleLaunchKindEnum
from .region import Region
from .region_check import RegionCheck
from .region_coverage import RegionCoverage
from .region_coverage_plans import RegionCoveragePlans
from .region_state import RegionState
from .role import Role
from .role_input import RoleInput
from .roles_create_response_400 import RolesCreateResponse400
from .roles_partial_update_response_400 import RolesPartialUpdateResponse400
from .sample_finding import SampleFinding
from .sample_finding_figures import SampleFindingFigures
from .sample_finding_input import SampleFindingInput
from .sample_finding_status_enum import SampleFindingStatusEnum
from .secret import Secret
from .source_health import SourceHealth
from .source_region_coverage import SourceRegionCoverage
from .source_region_coverage_plans import SourceRegionCoveragePlans
from .source_status_enum import SourceStatusEnum
from .source_type_enum import SourceTypeEnum
from .state_enum import StateEnum
from .sync_result import SyncResult
from .token import Token
from .token_request import TokenRequest
from .tokens_list_response_400 import TokensListResponse400
from .tokens_list_scope import TokensListScope
from .verification import Verification

__all__ = (
    "AccountCheck",
    "ApiToken",
    "Attempt",
    "AuditEvent",
    "AuditEventsListResponse400",
    "AuthTokenCreateResponse400",
    "AwsIdentity",
    "AwsReaderRoleLaunchResponse400",
    "AwsReaderRoleTemplateFormat",
    "AwsReaderRoleTemplateResponse200",
    "Channel",
    "ChannelInput",
    "ChannelInputKindEnum",
    "ChannelWithSecret",
    "Check",
    "CollectionStateEnum",
    "CredentialTypeEnum",
    "Delivery",
    "DeliveryDetail",
    "DeliveryStatusEnum",
    "DeployActionEnum",
    "DeployCredentials",
    "DeployInput",
    "Deployment",
    "DeploymentChange",
    "DeploymentChangeTags",
    "DeploymentInput",
    "DeploymentInputTags",
    "DeploymentModeEnum",
    "DeploymentStateEnum",
    "DeploymentTags",
    "DeployResult",
    "DetectorStatusEnum",
    "Endpoint",
    "EndpointInput",
    "EndpointsCreateResponse400",
    "EndpointStatusEnum",
    "Error",
    "EventEnum",
    "EventsSearchRange",
    "EventsSearchResponse400",
    "EventsSearchSeverity",
    "Finding",
    "FindingPage",
    "FindingsListFormat",
    "FindingsListRange",
    "FindingsListResponse400",
    "FindingsListSeverity",
    "FindingsRetrieveFormat",
    "Health",
    "HealthLevelEnum",
    "HealthListHealth",
    "HealthListResponse400",
    "HealthRow",
    "LogEvent",
    "LogEventPage",
    "LogRetentionDaysEnum",
    "LogSource",
    "LogSourceConsoleLinks",
    "LogSourceCreate",
    "LogSourceCreateRegionsType0Item",
    "LogSourceCreateRegionsType1",
    "LogSourcesCreateResponse400",
    "LogSourcesDeployCreateResponse400",
    "LogSourcesDestroyResponse400",
    "LogSourcesHealthPartialUpdateResponse400",
    "LogSourcesPartialUpdateResponse400",
    "LogSourcesSampleFindingCreateResponse400",
    "LogSourcesTemplateRetrieveFormat",
    "LogSourcesTemplateRetrieveKind",
    "LogSourcesTemplateRetrieveResponse400",
    "LogSourceUpdateResult",
    "LogSourceUpdateResultConsoleLinks",
    "Member",
    "MemberInput",
    "MembersCreateResponse400",
    "MembersPartialUpdateResponse400",
    "MePasswordChangeResponse400",
    "NotificationChannelKindEnum",
    "NotificationChannelsCreateResponse400",
    "NotificationChannelsPartialUpdateResponse400",
    "NotificationChannelsRotateSecretCreateResponse400",
    "NotificationEventEnum",
    "Operation",
    "OperationModeEnum",
    "OperationRegion",
    "OperationStatusEnum",
    "Organization",
    "OrganizationAccount",
    "OrganizationAccountStatusEnum",
    "OrganizationDeployInput",
    "OrganizationDeployStatusEnum",
    "OrganizationInput",
    "OrganizationInputCredentialTypeEnum",
    "OrganizationInputRegionsType0Item",
    "OrganizationInputRegionsType1",
    "OrganizationModeEnum",
    "OrganizationsCreateResponse400",
    "OrganizationsDeployCreateResponse400",
    "OrganizationsPartialUpdateResponse400",
    "OrganizationSummary",
    "PaginatedAuditEventList",
    "PartitionEnum",
    "PasswordChange",
    "PatchedChannelChange",
    "PatchedHealthThresholds",
    "PatchedLogSource",
    "PatchedLogSourceRegionsType0Item",
    "PatchedLogSourceRegionsType1",
    "PatchedMemberUpdate",
    "PatchedOrganizationUpdate",
    "PatchedRoleUpdate",
    "PermissionsEnum",
    "PullQueued",
    "ReaderRoleLaunch",
    "ReaderRoleLaunchKindEnum",
    "Region",
    "RegionCheck",
    "RegionCoverage",
    "RegionCoveragePlans",
    "RegionState",
    "Role",
    "RoleInput",
    "RolesCreateResponse400",
    "RolesPartialUpdateResponse400",
    "SampleFinding",
    "SampleFindingFigures",
    "SampleFindingInput",
    "SampleFindingStatusEnum",
    "Secret",
    "SourceHealth",
    "SourceRegionCoverage",
    "SourceRegionCoveragePlans",
    "SourceStatusEnum",
    "SourceTypeEnum",
    "StateEnum",
    "SyncResult",
    "Token",
    "TokenRequest",
    "TokensListResponse400",
    "TokensListScope",
    "Verification",
)
