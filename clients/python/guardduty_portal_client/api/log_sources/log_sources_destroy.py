from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.log_sources_destroy_response_400 import LogSourcesDestroyResponse400
from ...models.operation import Operation
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: int,
    *,
    keep_aws_resources: bool | Unset = True,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["keep_aws_resources"] = keep_aws_resources

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/v1/log-sources/{id}/".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Error | LogSourcesDestroyResponse400 | Operation | None:
    if response.status_code == 202:
        response_202 = Operation.from_dict(response.json())

        return response_202

    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

    if response.status_code == 400:
        response_400 = LogSourcesDestroyResponse400.from_dict(response.json())

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

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | Error | LogSourcesDestroyResponse400 | Operation]:
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
    keep_aws_resources: bool | Unset = True,
) -> Response[Any | Error | LogSourcesDestroyResponse400 | Operation]:
    """Delete a log source

     AWS accounts whose GuardDuty findings the portal collects.

    Args:
        id (int):
        keep_aws_resources (bool | Unset):  Default: True.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error | LogSourcesDestroyResponse400 | Operation]
    """

    kwargs = _get_kwargs(
        id=id,
        keep_aws_resources=keep_aws_resources,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: int,
    *,
    client: AuthenticatedClient,
    keep_aws_resources: bool | Unset = True,
) -> Any | Error | LogSourcesDestroyResponse400 | Operation | None:
    """Delete a log source

     AWS accounts whose GuardDuty findings the portal collects.

    Args:
        id (int):
        keep_aws_resources (bool | Unset):  Default: True.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error | LogSourcesDestroyResponse400 | Operation
    """

    return sync_detailed(
        id=id,
        client=client,
        keep_aws_resources=keep_aws_resources,
    ).parsed


async def asyncio_detailed(
    id: int,
    *,
    client: AuthenticatedClient,
    keep_aws_resources: bool | Unset = True,
) -> Response[Any | Error | LogSourcesDestroyResponse400 | Operation]:
    """Delete a log source

     AWS accounts whose GuardDuty findings the portal collects.

    Args:
        id (int):
        keep_aws_resources (bool | Unset):  Default: True.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error | LogSourcesDestroyResponse400 | Operation]
    """

    kwargs = _get_kwargs(
        id=id,
        keep_aws_resources=keep_aws_resources,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: int,
    *,
    client: AuthenticatedClient,
    keep_aws_resources: bool | Unset = True,
) -> Any | Error | LogSourcesDestroyResponse400 | Operation | None:
    """Delete a log source

     AWS accounts whose GuardDuty findings the portal collects.

    Args:
        id (int):
        keep_aws_resources (bool | Unset):  Default: True.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error | LogSourcesDestroyResponse400 | Operation
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            keep_aws_resources=keep_aws_resources,
        )
    ).parsed
