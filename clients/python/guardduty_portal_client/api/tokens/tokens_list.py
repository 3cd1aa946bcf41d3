from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_token import ApiToken
from ...models.error import Error
from ...models.tokens_list_response_400 import TokensListResponse400
from ...models.tokens_list_scope import TokensListScope
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    scope: TokensListScope | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_scope: str | Unset = UNSET
    if not isinstance(scope, Unset):
        json_scope = scope

    params["scope"] = json_scope

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/tokens/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | TokensListResponse400 | list[ApiToken] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = ApiToken.from_dict(response_200_item_data)

            response_200.append(response_200_item)

        return response_200

    if response.status_code == 400:
        response_400 = TokensListResponse400.from_dict(response.json())

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
) -> Response[Error | TokensListResponse400 | list[ApiToken]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    scope: TokensListScope | Unset = UNSET,
) -> Response[Error | TokensListResponse400 | list[ApiToken]]:
    """List API tokens (yours, or your tenant's with scope=tenant)

     API tokens, newest first: never the token itself, only its first 8 characters.

    Args:
        scope (TokensListScope | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | TokensListResponse400 | list[ApiToken]]
    """

    kwargs = _get_kwargs(
        scope=scope,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    scope: TokensListScope | Unset = UNSET,
) -> Error | TokensListResponse400 | list[ApiToken] | None:
    """List API tokens (yours, or your tenant's with scope=tenant)

     API tokens, newest first: never the token itself, only its first 8 characters.

    Args:
        scope (TokensListScope | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | TokensListResponse400 | list[ApiToken]
    """

    return sync_detailed(
        client=client,
        scope=scope,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    scope: TokensListScope | Unset = UNSET,
) -> Response[Error | TokensListResponse400 | list[ApiToken]]:
    """List API tokens (yours, or your tenant's with scope=tenant)

     API tokens, newest first: never the token itself, only its first 8 characters.

    Args:
        scope (TokensListScope | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | TokensListResponse400 | list[ApiToken]]
    """

    kwargs = _get_kwargs(
        scope=scope,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    scope: TokensListScope | Unset = UNSET,
) -> Error | TokensListResponse400 | list[ApiToken] | None:
    """List API tokens (yours, or your tenant's with scope=tenant)

     API tokens, newest first: never the token itself, only its first 8 characters.

    Args:
        scope (TokensListScope | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | TokensListResponse400 | list[ApiToken]
    """

    return (
        await asyncio_detailed(
            client=client,
            scope=scope,
        )
    ).parsed
