"""The credentials the portal acts with in a source's account: its access keys, or temporary
credentials of its reader role, assumed as the portal's own principal with the tenant's
External ID.

Role credentials are kept in this process's memory only (never in the database), one
AssumeRole per source and role for most of an hour (`core.aws.TemporaryCredentialCache`).
"""

from __future__ import annotations

from django.conf import settings

from core import aws
from core.errors import ValidationFailed

from . import regions as region_catalogue

_cache = aws.TemporaryCredentialCache()


class RoleUnavailable(Exception):
    """The source's role could not be assumed; `failure` is AWS's answer (None: the portal's setup)."""

    def __init__(self, message: str, failure: aws.AwsFailure | None = None):
        super().__init__(message)
        self.failure = failure


def portal_principal_arn() -> str:
    """The portal's own AWS principal, the one reader roles trust ("" when not configured)."""
    return settings.PORTAL_AWS_PRINCIPAL_ARN


def require_portal_principal(field: str = "credential_type") -> str:
    principal = portal_principal_arn()
    if not principal:
        raise ValidationFailed.one(
            field,
            "IAM roles are not available on this portal yet: its operator has not set PORTAL_AWS_PRINCIPAL_ARN "
            "(the portal's own AWS identity, which roles trust). Use access keys meanwhile.",
        )
    return principal


def session_name(source) -> str:
    """Who acted, as the customer reads it in CloudTrail: the portal and the source."""
    return aws.session_name(f"ArmorPortal-source-{source.pk}")


def sts_region(region: str) -> str:
    """The region to call STS in: the pull's own (regional endpoint), in the role's partition."""
    return region if region in region_catalogue.BY_CODE else "us-east-1"


def role_denied_message(*, role_arn: str, external_id: str, failure: aws.AwsFailure) -> str:
    """What an AccessDenied from AssumeRole most likely means, in the order worth checking."""
    account = role_arn.split(":")[4] if role_arn.count(":") >= 5 else "the source's account"
    role_name = role_arn.rsplit("/", 1)[-1]
    principal = portal_principal_arn() or "(not configured)"
    return (
        f"The portal could not assume {role_arn}: {failure.message or failure.code} ({failure.code}). "
        f"Likely causes: the role {role_name} does not exist in account {account} (deploy the role template, "
        "or correct the Role ARN); its trust policy does not name the portal's principal "
        f"{principal}; or its sts:ExternalId condition is not this tenant's External ID ending in "
        f"…{external_id[-4:]} (it changes when an admin regenerates it: update the role's stack)."
    )


def _assume(source, region: str) -> aws.AwsCredentials:
    external_id = source.tenant.aws_external_id
    if not portal_principal_arn():
        raise RoleUnavailable(
            "The portal's AWS principal is not configured (PORTAL_AWS_PRINCIPAL_ARN), so no role can be assumed."
        )
    try:
        return aws.assume_role(
            role_arn=source.role_arn,
            external_id=external_id,
            session_name=session_name(source),
            region=sts_region(region),
        )
    except Exception as exc:
        failure = aws.classify(exc)
        if failure.kind == aws.Kind.ACCESS_DENIED:
            raise RoleUnavailable(
                role_denied_message(role_arn=source.role_arn, external_id=external_id, failure=failure), failure
            ) from exc
        if failure.kind in (aws.Kind.INVALID_KEY, aws.Kind.BAD_SECRET, aws.Kind.EXPIRED):
            raise RoleUnavailable(
                f"The portal's own AWS credentials were refused by STS ({failure.code}): the operators must fix "
                "the credentials of PORTAL_AWS_PRINCIPAL_ARN.",
                failure,
            ) from exc
        raise  # throttling, network, AWS's own trouble: the caller's usual handling


def credentials_for(source, *, region: str) -> aws.AwsCredentials:
    """The credentials to act with in `source`'s account; raises RoleUnavailable for a role that cannot be assumed."""
    if not source.uses_role:
        return aws.AwsCredentials.of_source(source)
    key = (source.pk, source.role_arn, source.tenant.aws_external_id, region_catalogue.partition_of(region))
    return _cache.get(key, lambda: _assume(source, region))


def forget(source_id: int | None = None) -> None:
    """Drop the role credentials this process holds (of one source, or all)."""
    _cache.forget(lambda key: source_id is None or key[0] == source_id)
