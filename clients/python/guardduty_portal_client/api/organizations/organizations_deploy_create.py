from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.deploy_result import DeployResult
from ...models.error import Error
from ...models.organization_deploy_input import OrganizationDeployInput
from ...models.organizations_deploy_create_response_400 import OrganizationsDeployCreateResponse400
from ...types import Response


def _get_kwargs(
    id: int,
    *,
    body: OrganizationDeployInput,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/organizations/{id}/deploy/".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DeployResult | Error | OrganizationsDeployCreateResponse400 | None:
    if response.status_code == 202:
        response_202 = DeployResult.from_dict(response.json())

        return response_202

    if response.status_code == 400:
        response_400 = OrganizationsDeployCreateResponse400.from_dict(response.json())

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
) -> Response[DeployResult | Error | OrganizationsDeployCreateResponse400]:
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
    body: OrganizationDeployInput,
) -> Response[DeployResult | Error | OrganizationsDeployCreateResponse400]:
    """Deploy the Organization's collection with one-time deploy credentials

     AWS Organizations collected as a whole: their accounts, and what is collected of each.

    Args:
        id (int):
        body (OrganizationDeployInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeployResult | Error | OrganizationsDeployCreateResponse400]
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
    body: OrganizationDeployInput,
) -> DeployResult | Error | OrganizationsDeployCreateResponse400 | None:
    """Deploy the Organization's collection with one-time deploy credentials

     AWS Organizations collected as a whole: their accounts, and what is collected of each.

    Args:
        id (int):
        body (OrganizationDeployInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeployResult | Error | OrganizationsDeployCreateResponse400
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
    body: OrganizationDeployInput,
) -> Response[DeployResult | Error | OrganizationsDeployCreateResponse400]:
    """Deploy the Organization's collection with one-time deploy credentials

     AWS Organizations collected as a whole: their accounts, and what is collected of each.

    Args:
        id (int):
        body (OrganizationDeployInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeployResult | Error | OrganizationsDeployCreateResponse400]
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
    body: OrganizationDeployInput,
) -> DeployResult | Error | OrganizationsDeployCreateResponse400 | None:
    """Deploy the Organization's collection with one-time deploy credentials

     AWS Organizations collected as a whole: their accounts, and what is collected of each.

    Args:
        id (int):
        body (OrganizationDeployInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeployResult | Error | OrganizationsDeployCreateResponse400
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
