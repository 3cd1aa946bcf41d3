from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.log_sources_template_retrieve_format import (
    LogSourcesTemplateRetrieveFormat,
)
from ...models.log_sources_template_retrieve_kind import (
    LogSourcesTemplateRetrieveKind,
)
from ...models.log_sources_template_retrieve_response_400 import LogSourcesTemplateRetrieveResponse400
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: int,
    *,
    format_: LogSourcesTemplateRetrieveFormat | Unset = UNSET,
    kind: LogSourcesTemplateRetrieveKind | Unset = "stackset",
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_

    params["format"] = json_format_

    json_kind: str | Unset = UNSET
    if not isinstance(kind, Unset):
        json_kind = kind

    params["kind"] = json_kind

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/log-sources/{id}/template/".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | LogSourcesTemplateRetrieveResponse400 | str | None:
    if response.status_code == 200:
        response_200 = response.text
        return response_200

    if response.status_code == 400:
        response_400 = LogSourcesTemplateRetrieveResponse400.from_dict(response.json())

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
) -> Response[Error | LogSourcesTemplateRetrieveResponse400 | str]:
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
    format_: LogSourcesTemplateRetrieveFormat | Unset = UNSET,
    kind: LogSourcesTemplateRetrieveKind | Unset = "stackset",
) -> Response[Error | LogSourcesTemplateRetrieveResponse400 | str]:
    """Download a CloudFormation template

     AWS accounts whose GuardDuty findings the portal collects.

    Args:
        id (int):
        format_ (LogSourcesTemplateRetrieveFormat | Unset):
        kind (LogSourcesTemplateRetrieveKind | Unset):  Default: 'stackset'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | LogSourcesTemplateRetrieveResponse400 | str]
    """

    kwargs = _get_kwargs(
        id=id,
        format_=format_,
        kind=kind,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: int,
    *,
    client: AuthenticatedClient,
    format_: LogSourcesTemplateRetrieveFormat | Unset = UNSET,
    kind: LogSourcesTemplateRetrieveKind | Unset = "stackset",
) -> Error | LogSourcesTemplateRetrieveResponse400 | str | None:
    """Download a CloudFormation template

     AWS accounts whose GuardDuty findings the portal collects.

    Args:
        id (int):
        format_ (LogSourcesTemplateRetrieveFormat | Unset):
        kind (LogSourcesTemplateRetrieveKind | Unset):  Default: 'stackset'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | LogSourcesTemplateRetrieveResponse400 | str
    """

    return sync_detailed(
        id=id,
        client=client,
        format_=format_,
        kind=kind,
    ).parsed


async def asyncio_detailed(
    id: int,
    *,
    client: AuthenticatedClient,
    format_: LogSourcesTemplateRetrieveFormat | Unset = UNSET,
    kind: LogSourcesTemplateRetrieveKind | Unset = "stackset",
) -> Response[Error | LogSourcesTemplateRetrieveResponse400 | str]:
    """Download a CloudFormation template

     AWS accounts whose GuardDuty findings the portal collects.

    Args:
        id (int):
        format_ (LogSourcesTemplateRetrieveFormat | Unset):
        kind (LogSourcesTemplateRetrieveKind | Unset):  Default: 'stackset'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | LogSourcesTemplateRetrieveResponse400 | str]
    """

    kwargs = _get_kwargs(
        id=id,
        format_=format_,
        kind=kind,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: int,
    *,
    client: AuthenticatedClient,
    format_: LogSourcesTemplateRetrieveFormat | Unset = UNSET,
    kind: LogSourcesTemplateRetrieveKind | Unset = "stackset",
) -> Error | LogSourcesTemplateRetrieveResponse400 | str | None:
    """Download a CloudFormation template

     AWS accounts whose GuardDuty findings the portal collects.

    Args:
        id (int):
        format_ (LogSourcesTemplateRetrieveFormat | Unset):
        kind (LogSourcesTemplateRetrieveKind | Unset):  Default: 'stackset'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | LogSourcesTemplateRetrieveResponse400 | str
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            format_=format_,
            kind=kind,
        )
    ).parsed
