from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.log_sources_sample_finding_create_response_400 import LogSourcesSampleFindingCreateResponse400
from ...models.sample_finding import SampleFinding
from ...models.sample_finding_input import SampleFindingInput
from ...types import Response


def _get_kwargs(
    id: int,
    *,
    body: SampleFindingInput,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/log-sources/{id}/sample-finding/".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | LogSourcesSampleFindingCreateResponse400 | SampleFinding | None:
    if response.status_code == 202:
        response_202 = SampleFinding.from_dict(response.json())

        return response_202

    if response.status_code == 400:
        response_400 = LogSourcesSampleFindingCreateResponse400.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | LogSourcesSampleFindingCreateResponse400 | SampleFinding]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: int,
    *,
    client: AuthenticatedClient,
    body: SampleFindingInput,
) -> Response[Error | LogSourcesSampleFindingCreateResponse400 | SampleFinding]:
    """Send a sample finding: time its way from GuardDuty to Search in one region

     GuardDuty creates one sample finding (Recon:EC2/PortProbeUnprotectedPort, marked as a sample) in the
    region; the portal follows it into the event store and Search and shows the delays in the region's
    `sample_finding`. Needs Write Log Relays, and the guardduty:ListDetectors and
    guardduty:CreateSampleFindings permissions in AWS.

    Args:
        id (int):
        body (SampleFindingInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | LogSourcesSampleFindingCreateResponse400 | SampleFinding]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: int,
    *,
    client: AuthenticatedClient,
    body: SampleFindingInput,
) -> Error | LogSourcesSampleFindingCreateResponse400 | SampleFinding | None:
    """Send a sample finding: time its way from GuardDuty to Search in one region

     GuardDuty creates one sample finding (Recon:EC2/PortProbeUnprotectedPort, marked as a sample) in the
    region; the portal follows it into the event store and Search and shows the delays in the region's
    `sample_finding`. Needs Write Log Relays, and the guardduty:ListDetectors and
    guardduty:CreateSampleFindings permissions in AWS.

    Args:
        id (int):
        body (SampleFindingInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | LogSourcesSampleFindingCreateResponse400 | SampleFinding
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    id: int,
    *,
    client: AuthenticatedClient,
    body: SampleFindingInput,
) -> Response[Error | LogSourcesSampleFindingCreateResponse400 | SampleFinding]:
    """Send a sample finding: time its way from GuardDuty to Search in one region

     GuardDuty creates one sample finding (Recon:EC2/PortProbeUnprotectedPort, marked as a sample) in the
    region; the portal follows it into the event store and Search and shows the delays in the region's
    `sample_finding`. Needs Write Log Relays, and the guardduty:ListDetectors and
    guardduty:CreateSampleFindings permissions in AWS.

    Args:
        id (int):
        body (SampleFindingInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | LogSourcesSampleFindingCreateResponse400 | SampleFinding]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: int,
    *,
    client: AuthenticatedClient,
    body: SampleFindingInput,
) -> Error | LogSourcesSampleFindingCreateResponse400 | SampleFinding | None:
    """Send a sample finding: time its way from GuardDuty to Search in one region

     GuardDuty creates one sample finding (Recon:EC2/PortProbeUnprotectedPort, marked as a sample) in the
    region; the portal follows it into the event store and Search and shows the delays in the region's
    `sample_finding`. Needs Write Log Relays, and the guardduty:ListDetectors and
    guardduty:CreateSampleFindings permissions in AWS.

    Args:
        id (int):
        body (SampleFindingInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | LogSourcesSampleFindingCreateResponse400 | SampleFinding
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
