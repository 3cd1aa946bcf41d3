"""How a delivery leaves the portal: a signed HTTPS POST, or an email.

Webhook signature (what a receiver checks)
-------------------------------------------
Every POST carries `X-Portal-Signature: t=<unix seconds>,v1=<hex>` where `<hex>` is
HMAC-SHA256, keyed with the channel's secret (UTF-8), over the bytes `f"{t}."` followed by
the raw request body exactly as received. A receiver:

1. splits the header on "," into `t=` and `v1=` parts;
2. refuses the request when `t` is more than 5 minutes from its own clock (a replay);
3. computes `hmac.new(secret.encode(), f"{t}.".encode() + raw_body, hashlib.sha256).hexdigest()`
   and compares it with `v1` in constant time (`hmac.compare_digest`);
4. only then parses the body as JSON. `delivery_id` (also in `X-Portal-Delivery`) is the same
   for every retry of one delivery, so a receiver can drop duplicates.

Where it connects
-----------------
The URL's host is resolved once per attempt; every address must be public (no loopback,
private, link-local such as 169.254.169.254, shared, reserved, multicast or unspecified
address), and the connection goes to the address that was checked, with TLS verified against
the URL's hostname, so a DNS answer that changes between the check and the connection cannot
point the portal at an internal service. Redirects are not followed.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import urllib3
from django.conf import settings
from django.core.mail import send_mail

CONNECT_TIMEOUT_SECONDS = 5.0
READ_TIMEOUT_SECONDS = 10.0
EXCERPT_BYTES = 200
USER_AGENT = "GuardDuty-External-Sources-Portal/1 (+notifications)"


class AddressRefused(Exception):
    """The URL names or resolves to an address the portal must not call."""


@dataclass
class Outcome:
    """What one attempt came to: `ok`, or an error that is `transient` (worth retrying) or not."""

    ok: bool
    transient: bool = False
    status_code: int | None = None
    error: str = ""
    excerpt: str = ""


def sign(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def private_reason(address: str) -> str | None:
    """Why `address` is not a public one the portal may call, or None when it is."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for flag, reason in (
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address"),
        ("is_private", "a private address"),
        ("is_multicast", "a multicast address"),
        ("is_reserved", "a reserved address"),
        ("is_unspecified", "an unspecified address"),
    ):
        if getattr(ip, flag):
            return reason
    if not ip.is_global:
        return "a non-public address"
    return None


def allow_private() -> bool:
    return bool(getattr(settings, "NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS", False))


def resolve(host: str, port: int) -> str:
    """The one address to connect to: every address the name has must be public (unless allowed)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    # IPv4 first: many hosts that run workers have no IPv6 route even when the name has AAAA records.
    addresses = sorted(dict.fromkeys(info[4][0] for info in infos), key=lambda a: ":" in a)
    if not addresses:
        raise socket.gaierror(f"{host} has no address")
    if not allow_private():
        for address in addresses:
            reason = private_reason(address)
            if reason:
                raise AddressRefused(f"{host} resolves to {address}, {reason}; webhooks go to public addresses only.")
    return addresses[0]


def webhook_body(*, delivery_id: int, event: str, subject: str, payload: dict, sent_at: str) -> bytes:
    body = {**payload, "event": event, "subject": subject, "delivery_id": delivery_id, "sent_at": sent_at}
    return json.dumps(body, separators=(",", ":"), sort_keys=True, default=str).encode()


def webhook_post(*, url: str, secret: str, event: str, delivery_id: int, body: bytes) -> Outcome:
    """One POST of `body` to `url`, connecting to the checked address; never raises for network trouble."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    https = parts.scheme == "https"
    port = parts.port or (443 if https else 80)
    try:
        address = resolve(host, port)
    except AddressRefused as exc:
        return Outcome(ok=False, transient=False, error=str(exc))
    except (OSError, UnicodeError) as exc:
        return Outcome(ok=False, transient=True, error=f"{host} could not be resolved ({exc}).")
    timestamp = int(time.time())
    default_port = 443 if https else 80
    headers = {
        "Host": host if port == default_port else f"{host}:{port}",
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Portal-Event": event,
        "X-Portal-Delivery": str(delivery_id),
        "X-Portal-Signature": sign(secret, timestamp, body),
    }
    timeout = urllib3.Timeout(connect=CONNECT_TIMEOUT_SECONDS, read=READ_TIMEOUT_SECONDS)
    if https:
        # The connection goes to the checked address; the certificate is verified against the name.
        pool = urllib3.HTTPSConnectionPool(
            address,
            port,
            timeout=timeout,
            retries=False,
            maxsize=1,
            cert_reqs="CERT_REQUIRED",
            server_hostname=host,
            assert_hostname=host,
        )
    else:  # only with NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS (tests and the local demo)
        pool = urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False, maxsize=1)
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    try:
        response = pool.urlopen(
            "POST", path, body=body, headers=headers, redirect=False, retries=False, preload_content=False
        )
        try:
            excerpt = response.read(EXCERPT_BYTES, decode_content=False) or b""
        finally:
            response.release_conn()
    except urllib3.exceptions.HTTPError as exc:
        return Outcome(ok=False, transient=True, error=_network_error(exc))
    except OSError as exc:
        return Outcome(ok=False, transient=True, error=f"Connection failed: {exc.__class__.__name__}.")
    finally:
        pool.close()
    return classify(response.status, excerpt.decode("utf-8", errors="replace")[:EXCERPT_BYTES])


def _network_error(exc: Exception) -> str:
    if isinstance(exc, urllib3.exceptions.ConnectTimeoutError):
        return f"Connection timed out after {CONNECT_TIMEOUT_SECONDS:g} s."
    if isinstance(exc, urllib3.exceptions.ReadTimeoutError):
        return f"No answer within {READ_TIMEOUT_SECONDS:g} s."
    if isinstance(exc, urllib3.exceptions.SSLError):
        return "TLS failed: the certificate could not be verified for the URL's hostname."
    return f"Connection failed: {exc.__class__.__name__}."


def classify(status: int, excerpt: str) -> Outcome:
    """2xx delivered; 408, 429 and 5xx worth retrying; anything else (redirects included) final."""
    if 200 <= status < 300:
        return Outcome(ok=True, status_code=status, excerpt=excerpt)
    transient = status in (408, 429) or status >= 500
    if 300 <= status < 400:
        error = f"The receiver answered HTTP {status} (a redirect); redirects are not followed."
    else:
        error = f"The receiver answered HTTP {status}."
    return Outcome(ok=False, transient=transient, status_code=status, error=error, excerpt=excerpt)


def email_body(*, event: str, subject: str, payload: dict) -> str:
    lines = [subject, "", f"Event: {event}"]
    for key, value in payload.items():
        shown = value if isinstance(value, str) else json.dumps(value, sort_keys=True, default=str)
        lines.append(f"{key}: {shown}")
    lines += ["", "You receive this because a notification channel of your GuardDuty portal sends it here."]
    return "\n".join(lines)


def email_send(*, recipients: list[str], event: str, subject: str, payload: dict) -> Outcome:
    import smtplib

    try:
        send_mail(
            subject,
            email_body(event=event, subject=subject, payload=payload),
            settings.DEFAULT_FROM_EMAIL,
            recipients,
        )
    except smtplib.SMTPRecipientsRefused:
        return Outcome(ok=False, transient=False, error="The mail server refused every recipient.")
    except (smtplib.SMTPException, OSError) as exc:
        return Outcome(ok=False, transient=True, error=f"Sending the email failed: {exc.__class__.__name__}.")
    return Outcome(ok=True)
