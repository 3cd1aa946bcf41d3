import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.events_search_range import EventsSearchRange
from ...models.events_search_response_400 import EventsSearchResponse400
from ...models.events_search_severity import EventsSearchSeverity
from ...models.log_event_page import LogEventPage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    cursor: str | Unset = UNSET,
    finding_id: str | Unset = UNSET,
    finding_type: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    q: str | Unset = UNSET,
    range_: EventsSearchRange | Unset = UNSET,
    region: str | Unset = UNSET,
    resource_id: str | Unset = UNSET,
    resource_type: str | Unset = UNSET,
    severity: EventsSearchSeverity | Unset = UNSET,
    severity_min: float | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    source: int | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["cursor"] = cursor

    params["finding_id"] = finding_id

    params["finding_type"] = finding_type

    params["page_size"] = page_size

    params["q"] = q

    json_range_: str | Unset = UNSET
    if not isinstance(range_, Unset):
        json_range_ = range_

    params["range"] = json_range_

    params["region"] = region

    params["resource_id"] = resource_id

    params["resource_type"] = resource_type

    json_severity: str | Unset = UNSET
    if not isinstance(severity, Unset):
        json_severity = severity

    params["severity"] = json_severity

    params["severity_min"] = severity_min

    json_since: str | Unset = UNSET
    if not isinstance(since, Unset):
        json_since = since.isoformat()
    params["since"] = json_since

    params["source"] = source

    json_until: str | Unset = UNSET
    if not isinstance(until, Unset):
        json_until = until.isoformat()
    params["until"] = json_until

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/events/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | EventsSearchResponse400 | LogEventPage | None:
    if response.status_code == 200:
        response_200 = LogEventPage.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = EventsSearchResponse400.from_dict(response.json())

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
) -> Response[Error | EventsSearchResponse400 | LogEventPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    finding_id: str | Unset = UNSET,
    finding_type: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    q: str | Unset = UNSET,
    range_: EventsSearchRange | Unset = UNSET,
    region: str | Unset = UNSET,
    resource_id: str | Unset = UNSET,
    resource_type: str | Unset = UNSET,
    severity: EventsSearchSeverity | Unset = UNSET,
    severity_min: float | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    source: int | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
) -> Response[Error | EventsSearchResponse400 | LogEventPage]:
    """Search collected events

     Collected GuardDuty findings, newest first, one keyset page at a time.

    A plain view rather than a viewset's `list`: the body is a page object, not an array.

    Args:
        cursor (str | Unset):
        finding_id (str | Unset):
        finding_type (str | Unset):
        page_size (int | Unset):
        q (str | Unset):
        range_ (EventsSearchRange | Unset):
        region (str | Unset):
        resource_id (str | Unset):
        resource_type (str | Unset):
        severity (EventsSearchSeverity | Unset):
        severity_min (float | Unset):
        since (datetime.datetime | Unset):
        source (int | Unset):
        until (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | EventsSearchResponse400 | LogEventPage]
    """

    kwargs = _get_kwargs(
        cursor=cursor,
        finding_id=finding_id,
        finding_type=finding_type,
        page_size=page_size,
        q=q,
        range_=range_,
        region=region,
        resource_id=resource_id,
        resource_type=resource_type,
        severity=severity,
        severity_min=severity_min,
        since=since,
        source=source,
        until=until,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    finding_id: str | Unset = UNSET,
    finding_type: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    q: str | Unset = UNSET,
    range_: EventsSearchRange | Unset = UNSET,
    region: str | Unset = UNSET,
    resource_id: str | Unset = UNSET,
    resource_type: str | Unset = UNSET,
    severity: EventsSearchSeverity | Unset = UNSET,
    severity_min: float | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    source: int | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
) -> Error | EventsSearchResponse400 | LogEventPage | None:
    """Search collected events

     Collected GuardDuty findings, newest first, one keyset page at a time.

    A plain view rather than a viewset's `list`: the body is a page object, not an array.

    Args:
        cursor (str | Unset):
        finding_id (str | Unset):
        finding_type (str | Unset):
        page_size (int | Unset):
        q (str | Unset):
        range_ (EventsSearchRange | Unset):
        region (str | Unset):
        resource_id (str | Unset):
        resource_type (str | Unset):
        severity (EventsSearchSeverity | Unset):
        severity_min (float | Unset):
        since (datetime.datetime | Unset):
        source (int | Unset):
        until (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | EventsSearchResponse400 | LogEventPage
    """

    return sync_detailed(
        client=client,
        cursor=cursor,
        finding_id=finding_id,
        finding_type=finding_type,
        page_size=page_size,
        q=q,
        range_=range_,
        region=region,
        resource_id=resource_id,
        resource_type=resource_type,
        severity=severity,
        severity_min=severity_min,
        since=since,
        source=source,
        until=until,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    finding_id: str | Unset = UNSET,
    finding_type: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    q: str | Unset = UNSET,
    range_: EventsSearchRange | Unset = UNSET,
    region: str | Unset = UNSET,
    resource_id: str | Unset = UNSET,
    resource_type: str | Unset = UNSET,
    severity: EventsSearchSeverity | Unset = UNSET,
    severity_min: float | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    source: int | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
) -> Response[Error | EventsSearchResponse400 | LogEventPage]:
    """Search collected events

     Collected GuardDuty findings, newest first, one keyset page at a time.

    A plain view rather than a viewset's `list`: the body is a page object, not an array.

    Args:
        cursor (str | Unset):
        finding_id (str | Unset):
        finding_type (str | Unset):
        page_size (int | Unset):
        q (str | Unset):
        range_ (EventsSearchRange | Unset):
        region (str | Unset):
        resource_id (str | Unset):
        resource_type (str | Unset):
        severity (EventsSearchSeverity | Unset):
        severity_min (float | Unset):
        since (datetime.datetime | Unset):
        source (int | Unset):
        until (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | EventsSearchResponse400 | LogEventPage]
    """

    kwargs = _get_kwargs(
        cursor=cursor,
        finding_id=finding_id,
        finding_type=finding_type,
        page_size=page_size,
        q=q,
        range_=range_,
        region=region,
        resource_id=resource_id,
        resource_type=resource_type,
        severity=severity,
        severity_min=severity_min,
        since=since,
        source=source,
        until=until,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    finding_id: str | Unset = UNSET,
    finding_type: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    q: str | Unset = UNSET,
    range_: EventsSearchRange | Unset = UNSET,
    region: str | Unset = UNSET,
    resource_id: str | Unset = UNSET,
    resource_type: str | Unset = UNSET,
    severity: EventsSearchSeverity | Unset = UNSET,
    severity_min: float | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    source: int | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
) -> Error | EventsSearchResponse400 | LogEventPage | None:
    """Search collected events

     Collected GuardDuty findings, newest first, one keyset page at a time.

    A plain view rather than a viewset's `list`: the body is a page object, not an array.

    Args:
        cursor (str | Unset):
        finding_id (str | Unset):
        finding_type (str | Unset):
        page_size (int | Unset):
        q (str | Unset):
        range_ (EventsSearchRange | Unset):
        region (str | Unset):
        resource_id (str | Unset):
        resource_type (str | Unset):
        severity (EventsSearchSeverity | Unset):
        severity_min (float | Unset):
        since (datetime.datetime | Unset):
        source (int | Unset):
        until (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | EventsSearchResponse400 | LogEventPage
    """

    return (
        await asyncio_detailed(
            client=client,
            cursor=cursor,
            finding_id=finding_id,
            finding_type=finding_type,
            page_size=page_size,
            q=q,
            range_=range_,
            region=region,
            resource_id=resource_id,
            resource_type=resource_type,
            severity=severity,
            severity_min=severity_min,
            since=since,
            source=source,
            until=until,
        )
    ).parsed
