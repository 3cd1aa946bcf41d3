"""The test-only fault proxy must pass calls through untouched and inject exactly what it is told."""

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from tests.conftest import ACCESS_KEY, SECRET_KEY

NO_RETRY = Config(retries={"total_max_attempts": 1, "mode": "standard"})


def _logs(url, region="us-east-1"):
    return boto3.client(
        "logs",
        region_name=region,
        endpoint_url=url,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=NO_RETRY,
    )


def test_it_passes_calls_through_and_injects_errors_by_action_and_region(aws_faults):
    _logs(aws_faults.url).create_log_group(logGroupName="g")
    _logs(aws_faults.url, "eu-west-1").create_log_group(logGroupName="g")
    aws_faults.inject("FilterLogEvents", "AccessDeniedException", region="eu-west-1")
    aws_faults.inject("FilterLogEvents", "ThrottlingException", region="us-east-1", times=1)

    with pytest.raises(ClientError) as throttled:
        _logs(aws_faults.url).filter_log_events(logGroupName="g")
    assert throttled.value.response["Error"]["Code"] == "ThrottlingException"
    assert _logs(aws_faults.url).filter_log_events(logGroupName="g")["events"] == []  # `times=1` is spent
    with pytest.raises(ClientError) as denied:
        _logs(aws_faults.url, "eu-west-1").filter_log_events(logGroupName="g")
    assert denied.value.response["Error"]["Code"] == "AccessDeniedException"
    assert aws_faults.injected("FilterLogEvents") == 2


def test_it_injects_query_protocol_errors_for_cloudformation(aws_faults):
    aws_faults.inject("DescribeStacks", "Throttling", times=1)
    cfn = boto3.client(
        "cloudformation",
        region_name="us-east-1",
        endpoint_url=aws_faults.url,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=NO_RETRY,
    )
    with pytest.raises(ClientError) as throttled:
        cfn.describe_stacks()
    assert throttled.value.response["Error"]["Code"] == "Throttling"
    assert cfn.describe_stacks()["Stacks"] == []
