"""A test-only HTTP proxy in front of the moto server that injects AWS errors on demand.

The emulator never throttles and cannot refuse one region while serving another, so tests
put this proxy between the portal and moto (AWS_ENDPOINT_URL points at the proxy) and ask it
to answer some calls with ThrottlingException, AccessDeniedException and the like. Nothing
of the portal's own code is replaced: boto3 sees exactly what AWS would send.

    proxy.inject("FilterLogEvents", "ThrottlingException", times=3)
    proxy.inject("FilterLogEvents", "AccessDeniedException", region="eu-west-1")
    proxy.inject("FilterLogEvents", "ThrottlingException", ratio=0.3)

moto's sts:AssumeRole trusts anyone. `proxy.enforce_role_trust()` makes the proxy judge each
AssumeRole as IAM does (the signer, from moto's GetCallerIdentity; the role's trust policy,
from moto's GetRole; the ExternalId condition) and answer AccessDenied when it fails. Every
AssumeRole is recorded (`assume_role_calls()`), its issued secrets kept (`issued_secrets`),
and `session_seconds` shortens the Expiration that the caller sees.

The emulator answers 404 to GuardDuty's CreateSampleFindings: the proxy answers it with the
demo's stand-in (demo/emulator_guardduty.py), which writes the samples into the account's log
group. GuardDuty's rest-json calls are named for `inject` by their paths (ListDetectors, ...).

The emulator keeps no GuardDuty members (its ListMembers answers 404). With
`proxy.guardduty_members = {account: relationship status}`, the proxy answers ListMembers
as GuardDuty answers the administrator account, so membership can be tested.
"""

from __future__ import annotations

import http.client
import json
import random
import re
import threading
import time
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlencode
from xml.sax.saxutils import escape

from demo import emulator_guardduty

_REGION_RE = re.compile(r"Credential=[^/]+/\d{8}/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request")

_MESSAGES = {
    "ThrottlingException": "Rate exceeded",
    "Throttling": "Rate exceeded",
    "AccessDeniedException": "User is not authorized to perform this action",
    "AccessDenied": "User is not authorized to perform this action",
}
_ROLE_ARN_RE = re.compile(r"^arn:([a-z-]+):iam::(\d{12}):role/(?:[^/]+/)*([^/]+)$")
_ASSUMED_ROLE_RE = re.compile(r"^arn:([a-z-]+):sts::(\d{12}):assumed-role/([^/]+)/[^/]+$")
_EXPIRATION_RE = re.compile(rb"<Expiration>[^<]*</Expiration>")
_LIST_MEMBERS_RE = re.compile(r"^/detector/([^/?]+)/member(\?.*)?$")
_STATUS = {"ThrottlingException": 400, "Throttling": 400, "AccessDeniedException": 400, "AccessDenied": 403}


@dataclass
class Rule:
    action: str
    error: str
    region: str | None = None
    times: int | None = None  # None: until cleared
    ratio: float = 1.0
    hits: int = 0


@dataclass
class Call:
    action: str
    region: str
    service: str
    injected: str | None
    body: bytes = b""  # the request as sent, so tests can check what the portal asked for


@dataclass
class AssumeRoleCall:
    role_arn: str
    external_id: str | None
    session_name: str
    caller_arn: str | None  # who moto says signed the request (None: not asked, or unknown)
    allowed: bool | None  # the trust decision; None when enforcement was off or an error was injected
    duration_seconds: int | None


@dataclass
class _State:
    rules: list[Rule] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    assume_role_calls: list[AssumeRoleCall] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    rng: random.Random = field(default_factory=lambda: random.Random(7))


def _action_of(headers, body: bytes) -> str:
    target = headers.get("X-Amz-Target", "")
    if target:  # JSON protocols (CloudWatch Logs): "Logs_20140328.FilterLogEvents"
        return target.rsplit(".", 1)[-1]
    if body:  # query protocols (CloudFormation, STS, IAM): Action=CreateStack&...
        try:
            return parse_qs(body.decode("utf-8", "replace")).get("Action", [""])[0]
        except ValueError:
            return ""
    return ""


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _xml_text(payload: bytes, name: str) -> str | None:
    """The text of the first element called `name` (namespace ignored), or None."""
    try:
        root = ET.fromstring(payload)  # noqa: S314 - moto's own answers, on this machine
    except ET.ParseError:
        return None
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] == name:
            return element.text or ""
    return None


def _glob(pattern: str, value: str) -> bool:
    """IAM's wildcard match of action names: `*` and `?`, case-insensitive."""
    regex = re.escape(pattern).replace(r"\*", ".*").replace(r"\?", ".")
    return re.fullmatch(regex, value, flags=re.IGNORECASE) is not None


def _principal_matches(principal, caller_arn: str, caller_account: str) -> bool:
    if principal == "*":
        return True
    if not isinstance(principal, dict) or "AWS" not in principal:
        return False
    partition = caller_arn.split(":")[1] if caller_arn.count(":") >= 5 else "aws"
    accepted = {"*", caller_arn, caller_account, f"arn:{partition}:iam::{caller_account}:root"}
    session = _ASSUMED_ROLE_RE.match(caller_arn)
    for value in _as_list(principal["AWS"]):
        if not isinstance(value, str):
            continue
        if value in accepted:
            return True
        # A session of a role is trusted where the role itself is named (with any path).
        role = _ROLE_ARN_RE.match(value)
        if session and role and role.group(1, 2, 3) == session.group(1, 2, 3):
            return True
    return False


def _conditions_hold(condition, external_id: str | None, *, unknown: bool) -> bool:
    """Only StringEquals on sts:ExternalId is understood; anything else counts as `unknown`."""
    if not condition:
        return True
    if not isinstance(condition, dict):
        return unknown
    for operator, block in condition.items():
        if operator != "StringEquals" or not isinstance(block, dict):
            return unknown
        for key, expected in block.items():
            if key.lower() != "sts:externalid":
                return unknown
            if external_id is None or external_id not in _as_list(expected):
                return False
    return True


_UNDERSTOOD = {"Sid", "Effect", "Principal", "Action", "Condition"}


def trust_allows(policy, caller_arn: str, caller_account: str, external_id: str | None) -> bool:
    """Whether a role trust policy lets `caller_arn` call sts:AssumeRole with `external_id`.

    Strict: an Allow grants only with Principal, Action and conditions this function
    understands; an explicit Deny that may apply (or that it cannot read) refuses.
    """
    if not isinstance(policy, dict):
        return False
    statements = policy.get("Statement")
    allowed = False
    for statement in _as_list(statements) if statements else []:
        if not isinstance(statement, dict):
            return False
        effect = statement.get("Effect")
        readable = set(statement) <= _UNDERSTOOD
        applies = (
            readable
            and any(isinstance(a, str) and _glob(a, "sts:AssumeRole") for a in _as_list(statement.get("Action")))
            and _principal_matches(statement.get("Principal"), caller_arn, caller_account)
        )
        if effect == "Deny":
            if not readable or (applies and _conditions_hold(statement.get("Condition"), external_id, unknown=True)):
                return False
        elif effect == "Allow" and applies:
            allowed = allowed or _conditions_hold(statement.get("Condition"), external_id, unknown=False)
    return allowed


def _assume_role_call(body: bytes) -> AssumeRoleCall:
    params = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
    duration = params.get("DurationSeconds", [""])[0]
    return AssumeRoleCall(
        role_arn=params.get("RoleArn", [""])[0],
        external_id=params.get("ExternalId", [None])[0],
        session_name=params.get("RoleSessionName", [""])[0],
        caller_arn=None,
        allowed=None,
        duration_seconds=int(duration) if duration.isdigit() else None,
    )


class FaultProxy:
    def __init__(self, upstream_port: int):
        self.upstream_port = upstream_port
        self.state = _State()
        self.enforcing_role_trust = False
        self.session_seconds: int | None = None  # rewrite AssumeRole's Expiration to now + N s
        self.issued_secrets: list[str] = []  # SecretAccessKey and SessionToken of every AssumeRole answered
        self.guardduty_members: dict[str, str] | None = None  # None: ListMembers goes to the emulator
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output clean
                pass

            def _forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                action = _action_of(self.headers, body) or emulator_guardduty.action_of(self.command, self.path)
                match = _REGION_RE.search(self.headers.get("Authorization", ""))
                region, service = (match.group(1), match.group(2)) if match else ("", "")
                error = proxy._decide(action, region)
                with proxy.state.lock:
                    proxy.state.calls.append(Call(action, region, service, error, body))
                is_json = bool(self.headers.get("X-Amz-Target"))
                assume_role = action == "AssumeRole" and not is_json
                if error:
                    if assume_role:  # injected errors win: recorded, not judged
                        proxy._record(_assume_role_call(body))
                    self._send_error(error, is_json=is_json)
                    return
                if assume_role:
                    self._assume_role(body)
                    return
                members = _LIST_MEMBERS_RE.match(self.path) if self.command == "GET" else None
                if members and proxy.guardduty_members is not None:
                    payload = proxy._list_members(members.group(1))
                    self._relay(200, [("Content-Type", "application/json")], payload)
                    return
                if action == "CreateSampleFindings":
                    self._relay(
                        *emulator_guardduty.answer_create_sample_findings(
                            upstream_url=f"http://127.0.0.1:{proxy.upstream_port}",
                            path=self.path,
                            headers=dict(self.headers.items()),
                            body=body,
                        )
                    )
                    return
                self._relay(*proxy._upstream(self.command, self.path, body, dict(self.headers.items())))

            def _assume_role(self, body: bytes):
                headers = dict(self.headers.items())
                call = _assume_role_call(body)
                call.caller_arn, caller_account = proxy._caller(headers)
                if proxy.enforcing_role_trust:
                    call.allowed = call.caller_arn is not None and proxy._trusted(
                        headers, call.role_arn, call.caller_arn, caller_account, call.external_id
                    )
                proxy._record(call)
                if call.allowed is False:
                    message = (
                        f"User: {call.caller_arn or 'anonymous'} is not authorized to perform: "
                        f"sts:AssumeRole on resource: {call.role_arn}"
                    )
                    self._send_error("AccessDenied", is_json=False, message=message)
                    return
                status, response_headers, payload = proxy._upstream(self.command, self.path, body, headers)
                if status == 200:
                    payload = proxy._issued(payload)
                self._relay(status, response_headers, payload)

            def _relay(self, status: int, headers: list[tuple[str, str]], payload: bytes):
                self.send_response(status)
                for key, value in headers:
                    if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _send_error(self, code: str, *, is_json: bool, message: str | None = None):
                request_id = str(uuid.uuid4()) if message else "fault-proxy"
                message = message or _MESSAGES.get(code, code)
                if is_json:
                    payload = json.dumps({"__type": code, "message": message}).encode()
                    content_type = "application/x-amz-json-1.1"
                else:
                    payload = (
                        "<ErrorResponse><Error><Type>Sender</Type>"
                        f"<Code>{code}</Code><Message>{escape(message)}</Message></Error>"
                        f"<RequestId>{request_id}</RequestId></ErrorResponse>"
                    ).encode()
                    content_type = "text/xml"
                self.send_response(_STATUS.get(code, 400))
                self.send_header("Content-Type", content_type)
                self.send_header("x-amzn-ErrorType", code)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def _upstream(self, method: str, path: str, body: bytes, headers: dict) -> tuple[int, list, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.upstream_port, timeout=60)
        try:
            headers = {k: v for k, v in headers.items() if k.lower() not in ("connection",)}
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()

    def _side_request(self, headers: dict, params: dict, *, service: str, account: str | None = None):
        """A query-protocol call to moto made on behalf of the request's signer."""
        wanted = ("host", "authorization", "x-amz-date", "x-amz-security-token", "x-moto-account-id")
        side = {k: v for k, v in headers.items() if k.lower() in wanted}
        authorization = side.get("Authorization") or side.get("authorization")
        if not authorization:  # unsigned: moto routes and picks the account from the credential scope
            authorization = "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20000101/us-east-1/sts/aws4_request"
        side = {k: v for k, v in side.items() if k.lower() != "authorization"}
        # moto routes by the service in the credential scope
        side["Authorization"] = re.sub(r"/[a-z0-9-]+/aws4_request", f"/{service}/aws4_request", authorization)
        if account:
            side = {k: v for k, v in side.items() if k.lower() != "x-moto-account-id"}
            side["x-moto-account-id"] = account
        side["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
        return self._upstream("POST", "/", urlencode(params).encode(), side)

    def _caller(self, headers: dict) -> tuple[str | None, str | None]:
        """(ARN, account) of whoever signed the request, as moto sees it."""
        status, _, payload = self._side_request(
            headers, {"Action": "GetCallerIdentity", "Version": "2011-06-15"}, service="sts"
        )
        if status != 200:
            return None, None
        return _xml_text(payload, "Arn"), _xml_text(payload, "Account")

    def _trusted(
        self, headers: dict, role_arn: str, caller_arn: str, caller_account: str | None, external_id: str | None
    ) -> bool:
        role = _ROLE_ARN_RE.match(role_arn)
        if not role:
            return False
        status, _, payload = self._side_request(
            headers,
            {"Action": "GetRole", "RoleName": role.group(3), "Version": "2010-05-08"},
            service="iam",
            account=role.group(2),
        )
        if status != 200 or _xml_text(payload, "Arn") != role_arn:  # no such role (or another path)
            return False
        try:
            policy = json.loads(unquote(_xml_text(payload, "AssumeRolePolicyDocument") or ""))
        except ValueError:
            return False
        account = caller_account or (caller_arn.split(":")[4] if caller_arn.count(":") >= 5 else "")
        return trust_allows(policy, caller_arn, account, external_id)

    def _record(self, call: AssumeRoleCall) -> None:
        with self.state.lock:
            self.state.assume_role_calls.append(call)

    def _issued(self, payload: bytes) -> bytes:
        """Keep the temporary secrets of a successful AssumeRole; shorten its Expiration if asked."""
        secrets = [_xml_text(payload, name) for name in ("SecretAccessKey", "SessionToken")]
        with self.state.lock:
            self.issued_secrets.extend(secret for secret in secrets if secret)
        if self.session_seconds is not None:
            expiration = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + self.session_seconds))
            payload = _EXPIRATION_RE.sub(f"<Expiration>{expiration}</Expiration>".encode(), payload, count=1)
        return payload

    def enforce_role_trust(self, on: bool = True) -> None:
        """Judge every AssumeRole against the role's trust policy (see the module docstring)."""
        self.enforcing_role_trust = on

    def _list_members(self, detector_id: str) -> bytes:
        """GuardDuty's ListMembers answer (rest-json) for `guardduty_members`."""
        now = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())
        members = [
            {
                "accountId": account,
                "detectorId": detector_id,
                "masterId": "administrator",
                "administratorId": "administrator",
                "email": f"{account}@example.com",
                "relationshipStatus": status,
                "updatedAt": now,
            }
            for account, status in (self.guardduty_members or {}).items()
        ]
        return json.dumps({"members": members}).encode()

    def assume_role_calls(self) -> list[AssumeRoleCall]:
        with self.state.lock:
            return list(self.state.assume_role_calls)

    def _decide(self, action: str, region: str) -> str | None:
        with self.state.lock:
            for rule in self.state.rules:
                if rule.action != action or (rule.region and rule.region != region):
                    continue
                if rule.times is not None and rule.hits >= rule.times:
                    continue
                if rule.ratio < 1.0 and self.state.rng.random() >= rule.ratio:
                    continue
                rule.hits += 1
                return rule.error
        return None

    def inject(
        self, action: str, error: str, *, region: str | None = None, times: int | None = None, ratio: float = 1.0
    ) -> Rule:
        rule = Rule(action=action, error=error, region=region, times=times, ratio=ratio)
        with self.state.lock:
            self.state.rules.append(rule)
        return rule

    def clear(self) -> None:
        with self.state.lock:
            self.state.rules.clear()

    def calls(self, action: str | None = None) -> list[Call]:
        with self.state.lock:
            return [c for c in self.state.calls if action is None or c.action == action]

    def injected(self, action: str | None = None) -> int:
        return sum(1 for c in self.calls(action) if c.injected)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
