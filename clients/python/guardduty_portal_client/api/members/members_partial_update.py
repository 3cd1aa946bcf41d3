from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.member import Member
from ...models.members_partial_update_response_400 import MembersPartialUpdateResponse400
from ...models.patched_member_update import PatchedMemberUpdate
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: int,
    *,
    body: PatchedMemberUpdate | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/members/{id}/".format(
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
) -> Error | Member | MembersPartialUpdateResponse400 | None:
    if response.status_code == 200:
        response_200 = Member.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = MembersPartialUpdateResponse400.from_dict(response.json())

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
) -> Response[Error | Member | MembersPartialUpdateResponse400]:
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
    body: PatchedMemberUpdate | Unset = UNSET,
) -> Response[Error | Member | MembersPartialUpdateResponse400]:
    """Give a member another role, deactivate or reactivate them

     `is_active: false` ends the member's sessions and revokes their API tokens at once; `true` gives
    them their access back. Refused for yourself (403), for a member holding a permission you do not
    hold (403), and for the last holder of a permission (409).

    Args:
        id (int):
        body (PatchedMemberUpdate | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Member | MembersPartialUpdateResponse400]
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
    body: PatchedMemberUpdate | Unset = UNSET,
) -> Error | Member | MembersPartialUpdateResponse400 | None:
    """Give a member another role, deactivate or reactivate them

     `is_active: false` ends the member's sessions and revokes their API tokens at once; `true` gives
    them their access back. Refused for yourself (403), for a member holding a permission you do not
    hold (403), and for the last holder of a permission (409).

    Args:
        id (int):
        body (PatchedMemberUpdate | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Member | MembersPartialUpdateResponse400
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
    body: PatchedMemberUpdate | Unset = UNSET,
) -> Response[Error | Member | MembersPartialUpdateResponse400]:
    """Give a member another role, deactivate or reactivate them

     `is_active: false` ends the member's sessions and revokes their API tokens at once; `true` gives
    them their access back. Refused for yourself (403), for a member holding a permission you do not
    hold (403), and for the last holder of a permission (409).

    Args:
        id (int):
        body (PatchedMemberUpdate | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Member | MembersPartialUpdateResponse400]
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
    body: PatchedMemberUpdate | Unset = UNSET,
) -> Error | Member | MembersPartialUpdateResponse400 | None:
    """Give a member another role, deactivate or reactivate them

     `is_active: false` ends the member's sessions and revokes their API tokens at once; `true` gives
    them their access back. Refused for yourself (403), for a member holding a permission you do not
    hold (403), and for the last holder of a permission (409).

    Args:
        id (int):
        body (PatchedMemberUpdate | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Member | MembersPartialUpdateResponse400
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
