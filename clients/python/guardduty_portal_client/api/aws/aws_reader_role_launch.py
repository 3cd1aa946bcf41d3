from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.aws_reader_role_launch_response_400 import AwsReaderRoleLaunchResponse400
from ...models.error import Error
from ...models.operation import Operation
from ...models.reader_role_launch import ReaderRoleLaunch
from ...types import Response


def _get_kwargs(
    *,
    body: ReaderRoleLaunch,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/aws/reader-role/",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AwsReaderRoleLaunchResponse400 | Error | Operation | None:
    if response.status_code == 202:
        response_202 = Operation.from_dict(response.json())

        return response_202

    if response.status_code == 400:
        response_400 = AwsReaderRoleLaunchResponse400.from_dict(response.json())

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
) -> Response[AwsReaderRoleLaunchResponse400 | Error | Operation]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ReaderRoleLaunch,
) -> Response[AwsReaderRoleLaunchResponse400 | Error | Operation]:
    """Create the reader role in an account (one Stack)

     The deploy workers launch the role template with the credentials given (CloudFormation and IAM
    rights; wiped when the operation ends). Follow it at operations/{operation}/; `role_arn` is the role
    to enter as a source's role_arn once it succeeds.

    Args:
        body (ReaderRoleLaunch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AwsReaderRoleLaunchResponse400 | Error | Operation]
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
    body: ReaderRoleLaunch,
) -> AwsReaderRoleLaunchResponse400 | Error | Operation | None:
    """Create the reader role in an account (one Stack)

     The deploy workers launch the role template with the credentials given (CloudFormation and IAM
    rights; wiped when the operation ends). Follow it at operations/{operation}/; `role_arn` is the role
    to enter as a source's role_arn once it succeeds.

    Args:
        body (ReaderRoleLaunch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AwsReaderRoleLaunchResponse400 | Error | Operation
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ReaderRoleLaunch,
) -> Response[AwsReaderRoleLaunchResponse400 | Error | Operation]:
    """Create the reader role in an account (one Stack)

     The deploy workers launch the role template with the credentials given (CloudFormation and IAM
    rights; wiped when the operation ends). Follow it at operations/{operation}/; `role_arn` is the role
    to enter as a source's role_arn once it succeeds.

    Args:
        body (ReaderRoleLaunch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AwsReaderRoleLaunchResponse400 | Error | Operation]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ReaderRoleLaunch,
) -> AwsReaderRoleLaunchResponse400 | Error | Operation | None:
    """Create the reader role in an account (one Stack)

     The deploy workers launch the role template with the credentials given (CloudFormation and IAM
    rights; wiped when the operation ends). Follow it at operations/{operation}/; `role_arn` is the role
    to enter as a source's role_arn once it succeeds.

    Args:
        body (ReaderRoleLaunch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AwsReaderRoleLaunchResponse400 | Error | Operation
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
