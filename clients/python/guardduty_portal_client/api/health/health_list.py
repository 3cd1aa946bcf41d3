from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.health_list_health import HealthListHealth
from ...models.health_list_response_400 import HealthListResponse400
from ...models.health_row import HealthRow
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    health: HealthListHealth | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_health: str | Unset = UNSET
    if not isinstance(health, Unset):
        json_health = health

    params["health"] = json_health

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/health/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | HealthListResponse400 | list[HealthRow] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = HealthRow.from_dict(response_200_item_data)

            response_200.append(response_200_item)

        return response_200

    if response.status_code == 400:
        response_400 = HealthListResponse400.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | HealthListResponse400 | list[HealthRow]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    health: HealthListHealth | Unset = UNSET,
) -> Response[Error | HealthListResponse400 | list[HealthRow]]:
    """Health of every source and region

     Every source and region with its health, worst first.

    Args:
        health (HealthListHealth | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | HealthListResponse400 | list[HealthRow]]
    """

    kwargs = _get_kwargs(
        health=health,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    health: HealthListHealth | Unset = UNSET,
) -> Error | HealthListResponse400 | list[HealthRow] | None:
    """Health of every source and region

     Every source and region with its health, worst first.

    Args:
        health (HealthListHealth | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | HealthListResponse400 | list[HealthRow]
    """

    return sync_detailed(
        client=client,
        health=health,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    health: HealthListHealth | Unset = UNSET,
) -> Response[Error | HealthListResponse400 | list[HealthRow]]:
    """Health of every source and region

     Every source and region with its health, worst first.

    Args:
        health (HealthListHealth | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | HealthListResponse400 | list[HealthRow]]
    """

    kwargs = _get_kwargs(
        health=health,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    health: HealthListHealth | Unset = UNSET,
) -> Error | HealthListResponse400 | list[HealthRow] | None:
    """Health of every source and region

     Every source and region with its health, worst first.

    Args:
        health (HealthListHealth | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | HealthListResponse400 | list[HealthRow]
    """

    return (
        await asyncio_detailed(
            client=client,
            health=health,
        )
    ).parsed
