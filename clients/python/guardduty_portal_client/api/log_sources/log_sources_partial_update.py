from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.log_source_update_result import LogSourceUpdateResult
from ...models.log_sources_partial_update_response_400 import LogSourcesPartialUpdateResponse400
from ...models.patched_log_source import PatchedLogSource
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: int,
    *,
    body: PatchedLogSource | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/log-sources/{id}/".format(
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
) -> Error | LogSourceUpdateResult | LogSourcesPartialUpdateResponse400 | None:
    if response.status_code == 200:
        response_200 = LogSourceUpdateResult.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = LogSourcesPartialUpdateResponse400.from_dict(response.json())

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

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | LogSourceUpdateResult | LogSourcesPartialUpdateResponse400]:
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
    body: PatchedLogSource | Unset = UNSET,
) -> Response[Error | LogSourceUpdateResult | LogSourcesPartialUpdateResponse400]:
    """Change regions, Log Retention In Days or tags (the change is deployed), or replace the credentials

     Regions added or removed and new retention or tags are launched by the deploy workers when the
    portal deployed the source; `operation` follows that update (null when nothing changes in AWS). The
    account, the mode and the stack name cannot change in place.

    Credentials are replaced in a PATCH of their own: rotate keys (`credential_type` `access_key` with
    both keys), or move to a role (`role` with `role_arn`) or back. The new credentials are tested
    first, as Test connection does; a failed test changes nothing and answers 409 with the checklist in
    `verification`, unless `save_unverified` is true. The old secret is overwritten, and collection
    continues from the same checkpoints. Counts against the Test connection rate limit (429).

    Args:
        id (int):
        body (PatchedLogSource | Unset): What can change in place: regions, hostname, protocol,
            retention and tags (changes are deployed),
            or, in a PATCH of their own, the credentials.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | LogSourceUpdateResult | LogSourcesPartialUpdateResponse400]
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
    body: PatchedLogSource | Unset = UNSET,
) -> Error | LogSourceUpdateResult | LogSourcesPartialUpdateResponse400 | None:
    """Change regions, Log Retention In Days or tags (the change is deployed), or replace the credentials

     Regions added or removed and new retention or tags are launched by the deploy workers when the
    portal deployed the source; `operation` follows that update (null when nothing changes in AWS). The
    account, the mode and the stack name cannot change in place.

    Credentials are replaced in a PATCH of their own: rotate keys (`credential_type` `access_key` with
    both keys), or move to a role (`role` with `role_arn`) or back. The new credentials are tested
    first, as Test connection does; a failed test changes nothing and answers 409 with the checklist in
    `verification`, unless `save_unverified` is true. The old secret is overwritten, and collection
    continues from the same checkpoints. Counts against the Test connection rate limit (429).

    Args:
        id (int):
        body (PatchedLogSource | Unset): What can change in place: regions, hostname, protocol,
            retention and tags (changes are deployed),
            or, in a PATCH of their own, the credentials.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | LogSourceUpdateResult | LogSourcesPartialUpdateResponse400
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
    body: PatchedLogSource | Unset = UNSET,
) -> Response[Error | LogSourceUpdateResult | LogSourcesPartialUpdateResponse400]:
    """Change regions, Log Retention In Days or tags (the change is deployed), or replace the credentials

     Regions added or removed and new retention or tags are launched by the deploy workers when the
    portal deployed the source; `operation` follows that update (null when nothing changes in AWS). The
    account, the mode and the stack name cannot change in place.

    Credentials are replaced in a PATCH of their own: rotate keys (`credential_type` `access_key` with
    both keys), or move to a role (`role` with `role_arn`) or back. The new credentials are tested
    first, as Test connection does; a failed test changes nothing and answers 409 with the checklist in
    `verification`, unless `save_unverified` is true. The old secret is overwritten, and collection
    continues from the same checkpoints. Counts against the Test connection rate limit (429).

    Args:
        id (int):
        body (PatchedLogSource | Unset): What can change in place: regions, hostname, protocol,
            retention and tags (changes are deployed),
            or, in a PATCH of their own, the credentials.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | LogSourceUpdateResult | LogSourcesPartialUpdateResponse400]
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
    body: PatchedLogSource | Unset = UNSET,
) -> Error | LogSourceUpdateResult | LogSourcesPartialUpdateResponse400 | None:
    """Change regions, Log Retention In Days or tags (the change is deployed), or replace the credentials

     Regions added or removed and new retention or tags are launched by the deploy workers when the
    portal deployed the source; `operation` follows that update (null when nothing changes in AWS). The
    account, the mode and the stack name cannot change in place.

    Credentials are replaced in a PATCH of their own: rotate keys (`credential_type` `access_key` with
    both keys), or move to a role (`role` with `role_arn`) or back. The new credentials are tested
    first, as Test connection does; a failed test changes nothing and answers 409 with the checklist in
    `verification`, unless `save_unverified` is true. The old secret is overwritten, and collection
    continues from the same checkpoints. Counts against the Test connection rate limit (429).

    Args:
        id (int):
        body (PatchedLogSource | Unset): What can change in place: regions, hostname, protocol,
            retention and tags (changes are deployed),
            or, in a PATCH of their own, the credentials.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | LogSourceUpdateResult | LogSourcesPartialUpdateResponse400
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
