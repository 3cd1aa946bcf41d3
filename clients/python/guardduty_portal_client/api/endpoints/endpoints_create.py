from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.endpoint import Endpoint
from ...models.endpoint_input import EndpointInput
from ...models.endpoints_create_response_400 import EndpointsCreateResponse400
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    *,
    body: EndpointInput,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/endpoints/",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Endpoint | EndpointsCreateResponse400 | Error | None:
    if response.status_code == 201:
        response_201 = Endpoint.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = EndpointsCreateResponse400.from_dict(response.json())

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
) -> Response[Endpoint | EndpointsCreateResponse400 | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: EndpointInput,
) -> Response[Endpoint | EndpointsCreateResponse400 | Error]:
    """Add a log relay endpoint

     Log relays: each is a queue that its own workers consume.

    Args:
        body (EndpointInput): What `relay.services.endpoint_create` takes; it checks both values.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Endpoint | EndpointsCreateResponse400 | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: EndpointInput,
) -> Endpoint | EndpointsCreateResponse400 | Error | None:
    """Add a log relay endpoint

     Log relays: each is a queue that its own workers consume.

    Args:
        body (EndpointInput): What `relay.services.endpoint_create` takes; it checks both values.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Endpoint | EndpointsCreateResponse400 | Error
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: EndpointInput,
) -> Response[Endpoint | EndpointsCreateResponse400 | Error]:
    """Add a log relay endpoint

     Log relays: each is a queue that its own workers consume.

    Args:
        body (EndpointInput): What `relay.services.endpoint_create` takes; it checks both values.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Endpoint | EndpointsCreateResponse400 | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: EndpointInput,
) -> Endpoint | EndpointsCreateResponse400 | Error | None:
    """Add a log relay endpoint

     Log relays: each is a queue that its own workers consume.

    Args:
        body (EndpointInput): What `relay.services.endpoint_create` takes; it checks both values.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Endpoint | EndpointsCreateResponse400 | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
