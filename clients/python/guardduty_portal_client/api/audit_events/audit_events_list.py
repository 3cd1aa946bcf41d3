import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.audit_events_list_response_400 import AuditEventsListResponse400
from ...models.error import Error
from ...models.paginated_audit_event_list import PaginatedAuditEventList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    action: str | Unset = UNSET,
    actor: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["action"] = action

    params["actor"] = actor

    params["cursor"] = cursor

    params["page_size"] = page_size

    json_since: str | Unset = UNSET
    if not isinstance(since, Unset):
        json_since = since.isoformat()
    params["since"] = json_since

    json_until: str | Unset = UNSET
    if not isinstance(until, Unset):
        json_until = until.isoformat()
    params["until"] = json_until

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/audit-events/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AuditEventsListResponse400 | Error | PaginatedAuditEventList | None:
    if response.status_code == 200:
        response_200 = PaginatedAuditEventList.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = AuditEventsListResponse400.from_dict(response.json())

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
) -> Response[AuditEventsListResponse400 | Error | PaginatedAuditEventList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    action: str | Unset = UNSET,
    actor: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
) -> Response[AuditEventsListResponse400 | Error | PaginatedAuditEventList]:
    """List audit events, newest first

     Who did what, when, from where. Append-only: there is no way to change or delete an event.

    Args:
        action (str | Unset):
        actor (str | Unset):
        cursor (str | Unset):
        page_size (int | Unset):
        since (datetime.datetime | Unset):
        until (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuditEventsListResponse400 | Error | PaginatedAuditEventList]
    """

    kwargs = _get_kwargs(
        action=action,
        actor=actor,
        cursor=cursor,
        page_size=page_size,
        since=since,
        until=until,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    action: str | Unset = UNSET,
    actor: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
) -> AuditEventsListResponse400 | Error | PaginatedAuditEventList | None:
    """List audit events, newest first

     Who did what, when, from where. Append-only: there is no way to change or delete an event.

    Args:
        action (str | Unset):
        actor (str | Unset):
        cursor (str | Unset):
        page_size (int | Unset):
        since (datetime.datetime | Unset):
        until (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuditEventsListResponse400 | Error | PaginatedAuditEventList
    """

    return sync_detailed(
        client=client,
        action=action,
        actor=actor,
        cursor=cursor,
        page_size=page_size,
        since=since,
        until=until,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    action: str | Unset = UNSET,
    actor: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
) -> Response[AuditEventsListResponse400 | Error | PaginatedAuditEventList]:
    """List audit events, newest first

     Who did what, when, from where. Append-only: there is no way to change or delete an event.

    Args:
        action (str | Unset):
        actor (str | Unset):
        cursor (str | Unset):
        page_size (int | Unset):
        since (datetime.datetime | Unset):
        until (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuditEventsListResponse400 | Error | PaginatedAuditEventList]
    """

    kwargs = _get_kwargs(
        action=action,
        actor=actor,
        cursor=cursor,
        page_size=page_size,
        since=since,
        until=until,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    action: str | Unset = UNSET,
    actor: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
) -> AuditEventsListResponse400 | Error | PaginatedAuditEventList | None:
    """List audit events, newest first

     Who did what, when, from where. Append-only: there is no way to change or delete an event.

    Args:
        action (str | Unset):
        actor (str | Unset):
        cursor (str | Unset):
        page_size (int | Unset):
        since (datetime.datetime | Unset):
        until (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuditEventsListResponse400 | Error | PaginatedAuditEventList
    """

    return (
        await asyncio_detailed(
            client=client,
            action=action,
            actor=actor,
            cursor=cursor,
            page_size=page_size,
            since=since,
            until=until,
        )
    ).parsed
