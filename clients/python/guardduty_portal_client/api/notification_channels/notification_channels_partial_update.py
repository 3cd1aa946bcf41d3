from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.channel import Channel
from ...models.error import Error
from ...models.notification_channels_partial_update_response_400 import NotificationChannelsPartialUpdateResponse400
from ...models.patched_channel_change import PatchedChannelChange
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: int,
    *,
    body: PatchedChannelChange | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/notification-channels/{id}/".format(
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
) -> Channel | Error | NotificationChannelsPartialUpdateResponse400 | None:
    if response.status_code == 200:
        response_200 = Channel.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = NotificationChannelsPartialUpdateResponse400.from_dict(response.json())

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
) -> Response[Channel | Error | NotificationChannelsPartialUpdateResponse400]:
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
    body: PatchedChannelChange | Unset = UNSET,
) -> Response[Channel | Error | NotificationChannelsPartialUpdateResponse400]:
    """Change a notification channel's name, target, events or enabled

     Where collection-health alerts go: email addresses or signed webhooks.

    Args:
        id (int):
        body (PatchedChannelChange | Unset): What `channel_update` takes: any of these; the kind
            cannot change.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Channel | Error | NotificationChannelsPartialUpdateResponse400]
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
    body: PatchedChannelChange | Unset = UNSET,
) -> Channel | Error | NotificationChannelsPartialUpdateResponse400 | None:
    """Change a notification channel's name, target, events or enabled

     Where collection-health alerts go: email addresses or signed webhooks.

    Args:
        id (int):
        body (PatchedChannelChange | Unset): What `channel_update` takes: any of these; the kind
            cannot change.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Channel | Error | NotificationChannelsPartialUpdateResponse400
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
    body: PatchedChannelChange | Unset = UNSET,
) -> Response[Channel | Error | NotificationChannelsPartialUpdateResponse400]:
    """Change a notification channel's name, target, events or enabled

     Where collection-health alerts go: email addresses or signed webhooks.

    Args:
        id (int):
        body (PatchedChannelChange | Unset): What `channel_update` takes: any of these; the kind
            cannot change.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Channel | Error | NotificationChannelsPartialUpdateResponse400]
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
    body: PatchedChannelChange | Unset = UNSET,
) -> Channel | Error | NotificationChannelsPartialUpdateResponse400 | None:
    """Change a notification channel's name, target, events or enabled

     Where collection-health alerts go: email addresses or signed webhooks.

    Args:
        id (int):
        body (PatchedChannelChange | Unset): What `channel_update` takes: any of these; the kind
            cannot change.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Channel | Error | NotificationChannelsPartialUpdateResponse400
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
