from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.log_sources_health_partial_update_response_400 import LogSourcesHealthPartialUpdateResponse400
from ...models.patched_health_thresholds import PatchedHealthThresholds
from ...models.source_health import SourceHealth
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: int,
    *,
    body: PatchedHealthThresholds | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/log-sources/{id}/health/".format(
            id=quote(str(id), safe=""),
        ),
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | LogSourcesHealthPartialUpdateResponse400 | SourceHealth | None:
    if response.status_code == 200:
        response_200 = SourceHealth.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = LogSourcesHealthPartialUpdateResponse400.from_dict(response.json())

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

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | LogSourcesHealthPartialUpdateResponse400 | SourceHealth]:
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
    body: PatchedHealthThresholds | Unset = UNSET,
) -> Response[Error | LogSourcesHealthPartialUpdateResponse400 | SourceHealth]:
    """Change when a quiet source turns Warning and Critical

     A source's health and its thresholds; PATCH changes the thresholds.

    Args:
        id (int):
        body (PatchedHealthThresholds | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | LogSourcesHealthPartialUpdateResponse400 | SourceHealth]
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
    body: PatchedHealthThresholds | Unset = UNSET,
) -> Error | LogSourcesHealthPartialUpdateResponse400 | SourceHealth | None:
    """Change when a quiet source turns Warning and Critical

     A source's health and its thresholds; PATCH changes the thresholds.

    Args:
        id (int):
        body (PatchedHealthThresholds | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | LogSourcesHealthPartialUpdateResponse400 | SourceHealth
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
    body: PatchedHealthThresholds | Unset = UNSET,
) -> Response[Error | LogSourcesHealthPartialUpdateResponse400 | SourceHealth]:
    """Change when a quiet source turns Warning and Critical

     A source's health and its thresholds; PATCH changes the thresholds.

    Args:
        id (int):
        body (PatchedHealthThresholds | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | LogSourcesHealthPartialUpdateResponse400 | SourceHealth]
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
    body: PatchedHealthThresholds | Unset = UNSET,
) -> Error | LogSourcesHealthPartialUpdateResponse400 | SourceHealth | None:
    """Change when a quiet source turns Warning and Critical

     A source's health and its thresholds; PATCH changes the thresholds.

    Args:
        id (int):
        body (PatchedHealthThresholds | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | LogSourcesHealthPartialUpdateResponse400 | SourceHealth
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
