"""A test-only HTTP proxy in front of the moto server that injects AWS errors on demand.

The emulator never throttles and cannot refuse one region while serving another, so tests
put this proxy between the portal and moto (AWS_ENDPOINT_URL points at the proxy) and ask it
to answer some calls with ThrottlingException, AccessDeniedException and the like. Nothing
of the portal's own code is replaced: boto3 sees exactly what AWS would send.

    proxy.inject("FilterLogEvents", "ThrottlingException", times=3)
    proxy.inject("FilterLogEvents", "AccessDeniedException", region="eu-west-1")
    proxy.inject("FilterLogEvents", "ThrottlingException", ratio=0.3)
"""

from __future__ import annotations

import http.client
import json
import random
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

_REGION_RE = re.compile(r"Credential=[^/]+/\d{8}/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request")

_MESSAGES = {
    "ThrottlingException": "Rate exceeded",
    "Throttling": "Rate exceeded",
    "AccessDeniedException": "User is not authorized to perform this action",
    "AccessDenied": "User is not authorized to perform this action",
}
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
class _State:
    rules: list[Rule] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
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


class FaultProxy:
    def __init__(self, upstream_port: int):
        self.upstream_port = upstream_port
        self.state = _State()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output clean
                pass

            def _forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                action = _action_of(self.headers, body)
                match = _REGION_RE.search(self.headers.get("Authorization", ""))
                region, service = (match.group(1), match.group(2)) if match else ("", "")
                error = proxy._decide(action, region)
                with proxy.state.lock:
                    proxy.state.calls.append(Call(action, region, service, error, body))
                if error:
                    self._send_error(error, is_json=bool(self.headers.get("X-Amz-Target")))
                    return
                connection = http.client.HTTPConnection("127.0.0.1", proxy.upstream_port, timeout=60)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("connection",)}
                connection.request(self.command, self.path, body=body, headers=headers)
                response = connection.getresponse()
                payload = response.read()
                self.send_response(response.status)
                for key, value in response.getheaders():
                    if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                connection.close()

            def _send_error(self, code: str, *, is_json: bool):
                message = _MESSAGES.get(code, code)
                if is_json:
                    payload = json.dumps({"__type": code, "message": message}).encode()
                    content_type = "application/x-amz-json-1.1"
                else:
                    payload = (
                        "<ErrorResponse><Error><Type>Sender</Type>"
                        f"<Code>{code}</Code><Message>{message}</Message></Error>"
                        "<RequestId>fault-proxy</RequestId></ErrorResponse>"
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
