from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.deploy_input import DeployInput
from ...models.error import Error
from ...models.log_sources_deploy_create_response_400 import LogSourcesDeployCreateResponse400
from ...models.operation import Operation
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: int,
    *,
    body: DeployInput | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/log-sources/{id}/deploy/".format(
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
) -> Error | LogSourcesDeployCreateResponse400 | Operation | None:
    if response.status_code == 202:
        response_202 = Operation.from_dict(response.json())

        return response_202

    if response.status_code == 400:
        response_400 = LogSourcesDeployCreateResponse400.from_dict(response.json())

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
) -> Response[Error | LogSourcesDeployCreateResponse400 | Operation]:
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
    body: DeployInput | Unset = UNSET,
) -> Response[Error | LogSourcesDeployCreateResponse400 | Operation]:
    """Launch the collection template (Stack or StackSet) in the source's regions

     Either `{"use_source_credentials": true}` or `{"deploy_credentials": {...}}` (one-time keys with
    CloudFormation rights, wiped when the operation ends). Follow progress in the source's
    `region_states`.

    Args:
        id (int):
        body (DeployInput | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | LogSourcesDeployCreateResponse400 | Operation]
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
    body: DeployInput | Unset = UNSET,
) -> Error | LogSourcesDeployCreateResponse400 | Operation | None:
    """Launch the collection template (Stack or StackSet) in the source's regions

     Either `{"use_source_credentials": true}` or `{"deploy_credentials": {...}}` (one-time keys with
    CloudFormation rights, wiped when the operation ends). Follow progress in the source's
    `region_states`.

    Args:
        id (int):
        body (DeployInput | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | LogSourcesDeployCreateResponse400 | Operation
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
    body: DeployInput | Unset = UNSET,
) -> Response[Error | LogSourcesDeployCreateResponse400 | Operation]:
    """Launch the collection template (Stack or StackSet) in the source's regions

     Either `{"use_source_credentials": true}` or `{"deploy_credentials": {...}}` (one-time keys with
    CloudFormation rights, wiped when the operation ends). Follow progress in the source's
    `region_states`.

    Args:
        id (int):
        body (DeployInput | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | LogSourcesDeployCreateResponse400 | Operation]
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
    body: DeployInput | Unset = UNSET,
) -> Error | LogSourcesDeployCreateResponse400 | Operation | None:
    """Launch the collection template (Stack or StackSet) in the source's regions

     Either `{"use_source_credentials": true}` or `{"deploy_credentials": {...}}` (one-time keys with
    CloudFormation rights, wiped when the operation ends). Follow progress in the source's
    `region_states`.

    Args:
        id (int):
        body (DeployInput | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | LogSourcesDeployCreateResponse400 | Operation
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
