"""Test helpers for CloudWatch Logs: seed a log group with real-shaped findings, and a thin
test-only proxy that adds empty pages.

Seeding uses put_log_events directly (the emulator's EventBridge delivers only ~150 events/s);
one test also goes the real EventBridge way to prove that those envelopes parse.

The emulator never returns an empty page that still carries a `nextToken`, which real
CloudWatch Logs does. `EmptyPagesProxy` sits in front of the emulator and answers some
FilterLogEvents calls with exactly that: no events and a token that resumes where the call
would have started. Nothing of the portal is replaced; boto3 sees what AWS could send.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import random
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from core import aws
from demo.findings import stream
from tests.conftest import ACCESS_KEY, ACCOUNT, SECRET_KEY

GROUP = "Armor_GuardDuty_Log_Group"
CREDENTIALS = aws.AwsCredentials(ACCESS_KEY, SECRET_KEY)


def logs(region: str):
    return aws.client("logs", region=region, credentials=CREDENTIALS)


def create_group(region: str, group: str = GROUP) -> None:
    client = logs(region)
    with contextlib.suppress(client.exceptions.ResourceAlreadyExistsException):
        client.create_log_group(logGroupName=group)


def put(region: str, messages: list[tuple[int, str]], *, stream: str = "findings", group: str = GROUP) -> None:
    """Put (timestamp ms, message) pairs into a stream, creating group and stream as needed."""
    create_group(region, group)
    client = logs(region)
    with contextlib.suppress(client.exceptions.ResourceAlreadyExistsException):
        client.create_log_stream(logGroupName=group, logStreamName=stream)
    batch: list[dict] = []
    size = 0
    for timestamp, message in messages:
        if len(batch) >= 500 or size + len(message) > 900_000:
            client.put_log_events(logGroupName=group, logStreamName=stream, logEvents=batch)
            batch, size = [], 0
        batch.append({"timestamp": timestamp, "message": message})
        size += len(message) + 26
    if batch:
        client.put_log_events(logGroupName=group, logStreamName=stream, logEvents=batch)


def now_ms() -> int:
    return int(time.time() * 1000)


def findings(
    n: int,
    *,
    region: str = "us-east-1",
    account: str = ACCOUNT,
    start_ms: int | None = None,
    step_ms: int = 1,
    seed: int = 1,
) -> list[tuple[int, str]]:
    """`n` distinct GuardDuty findings with timestamps `start_ms + i * step_ms` (step 0: all the same ms)."""
    start_ms = start_ms if start_ms is not None else now_ms() - 60_000
    messages = stream(
        n,
        account=account,
        region=region,
        seed=seed,
        start=datetime.fromtimestamp(start_ms / 1000, tz=UTC),
        step=timedelta(milliseconds=step_ms),
        repeat_share=0,
    )
    return [(start_ms + i * step_ms, message) for i, (_, message) in enumerate(messages)]


class EmptyPagesProxy:
    """Answers a share of FilterLogEvents calls with an empty page and a resuming nextToken."""

    PREFIX = "empty-page:"

    def __init__(self, upstream_url: str, *, ratio: float = 0.3, seed: int = 5):
        host, port = upstream_url.removeprefix("http://").split(":")
        self.upstream = (host, int(port))
        self.ratio = ratio
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.empty_pages = 0
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _reply(self, status: int, headers: list[tuple[str, str]], payload: bytes) -> None:
                self.send_response(status)
                for key, value in headers:
                    if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                if self.headers.get("X-Amz-Target", "").endswith(".FilterLogEvents"):
                    request = json.loads(body or b"{}")
                    token = request.get("nextToken") or ""
                    if token.startswith(proxy.PREFIX):
                        original = token.removeprefix(proxy.PREFIX)
                        if original:
                            request["nextToken"] = original
                        else:
                            request.pop("nextToken", None)
                        body = json.dumps(request).encode()
                    else:
                        with proxy.lock:
                            empty = proxy.rng.random() < proxy.ratio
                            proxy.empty_pages += empty
                        if empty:
                            payload = json.dumps(
                                {"events": [], "searchedLogStreams": [], "nextToken": proxy.PREFIX + token}
                            ).encode()
                            self._reply(200, [("Content-Type", "application/x-amz-json-1.1")], payload)
                            return
                connection = http.client.HTTPConnection(*proxy.upstream, timeout=60)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("connection", "content-length")}
                connection.request(self.command, self.path, body=body, headers=headers)
                response = connection.getresponse()
                payload = response.read()
                self._reply(response.status, response.getheaders(), payload)
                connection.close()

            do_GET = do_PUT = do_DELETE = do_POST

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
