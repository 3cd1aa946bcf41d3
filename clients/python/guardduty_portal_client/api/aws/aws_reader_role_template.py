from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.aws_reader_role_template_format import AwsReaderRoleTemplateFormat
from ...models.aws_reader_role_template_response_200 import AwsReaderRoleTemplateResponse200
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    format_: AwsReaderRoleTemplateFormat | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_

    params["format"] = json_format_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/aws/reader-role/template/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AwsReaderRoleTemplateResponse200 | Error | None:
    if response.status_code == 200:
        response_200 = AwsReaderRoleTemplateResponse200.from_dict(response.text)

        return response_200

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
) -> Response[AwsReaderRoleTemplateResponse200 | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    format_: AwsReaderRoleTemplateFormat | Unset = UNSET,
) -> Response[AwsReaderRoleTemplateResponse200 | Error]:
    """Download the reader role template

     Parameters: RoleName, PortalPrincipalArn and ExternalId (both from aws/identity/). Output: RoleArn.
    Plain YAML (long-form functions), so any YAML parser reads it as an object.

    Args:
        format_ (AwsReaderRoleTemplateFormat | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AwsReaderRoleTemplateResponse200 | Error]
    """

    kwargs = _get_kwargs(
        format_=format_,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    format_: AwsReaderRoleTemplateFormat | Unset = UNSET,
) -> AwsReaderRoleTemplateResponse200 | Error | None:
    """Download the reader role template

     Parameters: RoleName, PortalPrincipalArn and ExternalId (both from aws/identity/). Output: RoleArn.
    Plain YAML (long-form functions), so any YAML parser reads it as an object.

    Args:
        format_ (AwsReaderRoleTemplateFormat | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AwsReaderRoleTemplateResponse200 | Error
    """

    return sync_detailed(
        client=client,
        format_=format_,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    format_: AwsReaderRoleTemplateFormat | Unset = UNSET,
) -> Response[AwsReaderRoleTemplateResponse200 | Error]:
    """Download the reader role template

     Parameters: RoleName, PortalPrincipalArn and ExternalId (both from aws/identity/). Output: RoleArn.
    Plain YAML (long-form functions), so any YAML parser reads it as an object.

    Args:
        format_ (AwsReaderRoleTemplateFormat | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AwsReaderRoleTemplateResponse200 | Error]
    """

    kwargs = _get_kwargs(
        format_=format_,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    format_: AwsReaderRoleTemplateFormat | Unset = UNSET,
) -> AwsReaderRoleTemplateResponse200 | Error | None:
    """Download the reader role template

     Parameters: RoleName, PortalPrincipalArn and ExternalId (both from aws/identity/). Output: RoleArn.
    Plain YAML (long-form functions), so any YAML parser reads it as an object.

    Args:
        format_ (AwsReaderRoleTemplateFormat | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AwsReaderRoleTemplateResponse200 | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            format_=format_,
        )
    ).parsed
