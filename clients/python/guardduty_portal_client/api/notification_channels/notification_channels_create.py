from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.channel_input import ChannelInput
from ...models.channel_with_secret import ChannelWithSecret
from ...models.error import Error
from ...models.notification_channels_create_response_400 import NotificationChannelsCreateResponse400
from ...types import Response


def _get_kwargs(
    *,
    body: ChannelInput,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/notification-channels/",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ChannelWithSecret | Error | NotificationChannelsCreateResponse400 | None:
    if response.status_code == 201:
        response_201 = ChannelWithSecret.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = NotificationChannelsCreateResponse400.from_dict(response.json())

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
) -> Response[ChannelWithSecret | Error | NotificationChannelsCreateResponse400]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ChannelInput,
) -> Response[ChannelWithSecret | Error | NotificationChannelsCreateResponse400]:
    """Add a notification channel (a webhook's signing secret is in this response only)

     Where collection-health alerts go: email addresses or signed webhooks.

    Args:
        body (ChannelInput): What `notifications.services.channel_create` takes; it checks every
            value and names the field.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ChannelWithSecret | Error | NotificationChannelsCreateResponse400]
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
    body: ChannelInput,
) -> ChannelWithSecret | Error | NotificationChannelsCreateResponse400 | None:
    """Add a notification channel (a webhook's signing secret is in this response only)

     Where collection-health alerts go: email addresses or signed webhooks.

    Args:
        body (ChannelInput): What `notifications.services.channel_create` takes; it checks every
            value and names the field.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ChannelWithSecret | Error | NotificationChannelsCreateResponse400
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ChannelInput,
) -> Response[ChannelWithSecret | Error | NotificationChannelsCreateResponse400]:
    """Add a notification channel (a webhook's signing secret is in this response only)

     Where collection-health alerts go: email addresses or signed webhooks.

    Args:
        body (ChannelInput): What `notifications.services.channel_create` takes; it checks every
            value and names the field.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ChannelWithSecret | Error | NotificationChannelsCreateResponse400]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ChannelInput,
) -> ChannelWithSecret | Error | NotificationChannelsCreateResponse400 | None:
    """Add a notification channel (a webhook's signing secret is in this response only)

     Where collection-health alerts go: email addresses or signed webhooks.

    Args:
        body (ChannelInput): What `notifications.services.channel_create` takes; it checks every
            value and names the field.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ChannelWithSecret | Error | NotificationChannelsCreateResponse400
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
