"""The one way the portal talks to AWS: boto3 clients built from a source's credentials.

boto3 honours the standard configuration on its own (AWS_ENDPOINT_URL,
AWS_ENDPOINT_URL_<SERVICE>, AWS_MAX_ATTEMPTS, ...), so pointing the whole portal at a local
emulator is one environment variable and there is no endpoint plumbing here.
"""

from __future__ import annotations

from dataclasses import dataclass

import boto3
from botocore.config import Config

# Standard retries absorb short throttling bursts inside one call; callers still treat a
# ThrottlingException that gets through as transient.
_CONFIG = Config(
    retries={"mode": "standard", "total_max_attempts": 4},
    connect_timeout=5,
    read_timeout=30,
    user_agent_appid="guardduty-external-sources",
)


@dataclass(frozen=True)
class AwsCredentials:
    access_key_id: str
    secret_access_key: str
    session_token: str | None = None

    def __repr__(self) -> str:  # never print the secret, even in a traceback
        return f"AwsCredentials(access_key_id='...{self.access_key_id[-4:]}')"

    @classmethod
    def of_source(cls, source) -> AwsCredentials:
        return cls(source.aws_access_key_id, source.aws_secret_access_key)


def client(service: str, *, region: str, credentials: AwsCredentials, config: Config | None = None):
    session = boto3.session.Session(
        aws_access_key_id=credentials.access_key_id,
        aws_secret_access_key=credentials.secret_access_key,
        aws_session_token=credentials.session_token,
        region_name=region,
    )
    return session.client(service, config=_CONFIG.merge(config) if config else _CONFIG)


def error_code(exc: Exception) -> str:
    """The AWS error code of a botocore ClientError ('' for anything else)."""
    response = getattr(exc, "response", None) or {}
    return str(response.get("Error", {}).get("Code", ""))


THROTTLING_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestLimitExceeded",
        "TooManyRequestsException",
        "RequestThrottled",
        "SlowDown",
    }
)
INVALID_KEY_CODES = frozenset({"InvalidClientTokenId", "UnrecognizedClientException", "InvalidAccessKeyId"})
BAD_SECRET_CODES = frozenset({"SignatureDoesNotMatch", "IncompleteSignature"})
ACCESS_DENIED_CODES = frozenset({"AccessDenied", "AccessDeniedException", "UnauthorizedOperation"})
