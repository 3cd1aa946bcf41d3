"""Test-only stand-ins for the outages of the services a relay depends on, and the processes around it.

- `RedisServer`: a private redis-server on a free port (append-only file, as in
  docker-compose.yml), stopped and started again like `systemctl restart redis`. The shared
  Redis of the test run is never touched.
- `TcpProxy`: a TCP forwarder that the worker processes reach a service through. `cut()` closes
  every connection and refuses new ones (what clients see while PostgreSQL restarts, or while
  AWS is unreachable); `hang()` accepts connections and never answers (an AWS that hangs);
  `restore()` forwards again. The service itself keeps running for the test process.
- `CeleryBeat`: `celery -A portal beat` as a process of its own, with its own schedule file.
- `Feeder`: a steady stream of GuardDuty findings put straight into the emulator's log groups,
  remembering every finding it put, so a test compares exactly what was put with what was stored.

Nothing of the portal is replaced: the workers, beat, boto3, psycopg and redis-py run as they
do in production and meet real refused, closed and silent sockets.
"""

from __future__ import annotations

import contextlib
import json
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import boto3
import redis
from django.conf import settings

from demo.findings import stream
from tests.conftest import ACCESS_KEY, ACCOUNT, SECRET_KEY
from tests.workers import ROOT, CeleryWorker

GROUP = "Armor_GuardDuty_Log_Group"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A private redis-server; `stop()` and `start()` again keep its port and its data."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self, timeout: float = 20) -> RedisServer:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "yes",
                "--dir",
                str(self.folder),
                "--logfile",
                str(self.folder / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        deadline = time.monotonic() + timeout
        while True:
            try:
                client.ping()
                return self
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise AssertionError(f"redis-server on port {self.port} did not start") from None
                time.sleep(0.05)
            finally:
                client.close()

    def stop(self) -> None:
        """SIGTERM, as a service manager stops it: the append-only file is flushed first."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=20)


class TcpProxy:
    """Forwards 127.0.0.1:`port` to an upstream port; can refuse, cut and hang like a failing server."""

    def __init__(self, upstream_port: int, upstream_host: str = "127.0.0.1"):
        self.upstream = (upstream_host, upstream_port)
        self.port = free_port()
        self.mode = "up"
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self._listen()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _listen(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        listener.settimeout(0.1)  # the accept loop notices a closed listener within this
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _track(self, *socks: socket.socket) -> None:
        with self._lock:
            self._sockets.update(socks)

    def _accept(self, listener: socket.socket) -> None:
        while self._listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            self._track(client)
            if self.mode == "hang":
                continue  # held open, never answered
            try:
                upstream = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                self._close(client)
                continue
            upstream.settimeout(None)
            self._track(upstream)
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            self._close(source)
            self._close(target)

    def _close(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.discard(sock)
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            sock.close()

    def _close_all(self) -> None:
        with self._lock:
            socks = list(self._sockets)
        for sock in socks:
            self._close(sock)

    def cut(self) -> None:
        """Close every connection and refuse new ones (nothing listens on the port)."""
        self.mode = "down"
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()
        self._close_all()

    def hang(self) -> None:
        """Drop every connection; accept new ones and never answer them."""
        self.mode = "hang"
        self._close_all()
        if self._listener is None:
            self._listen()

    def restore(self) -> None:
        self._close_all()  # connections held by hang() end; clients reconnect
        self.mode = "up"
        if self._listener is None:
            self._listen()

    def close(self) -> None:
        self.cut()


class CeleryBeat(CeleryWorker):
    """`celery -A portal beat` with a schedule file of its own (never the shared one under .local/)."""

    def __init__(self, env: dict[str, str], folder: Path):
        super().__init__(queues=[], env=env)
        self.schedule = folder / f"beat-{uuid.uuid4().hex[:8]}"
        self.log_path = settings.LOCAL_DIR / f"beat-{uuid.uuid4().hex[:8]}.log"

    def start(self) -> CeleryBeat:
        settings.LOCAL_DIR.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "portal", "beat", "--schedule", str(self.schedule)]
            + ["--loglevel", "INFO"],
            cwd=ROOT,
            env=self._env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._log = log
        return self


_READY = re.compile(r"\b(test-[0-9a-f]{8}@\S+) ready\.")


def worker_name(worker: CeleryWorker, timeout: float = 60) -> str:
    """The Celery hostname a started worker announced (what it writes into the leases it takes)."""
    deadline = time.monotonic() + timeout
    while True:
        match = _READY.search(worker.log())
        if match:
            return match[1]
        if time.monotonic() > deadline or not worker.alive:
            raise AssertionError(f"the worker never became ready\n{worker.log()}")
        time.sleep(0.1)


def emulator_logs(region: str, endpoint_url: str):
    """A CloudWatch Logs client straight to the emulator, past any proxy the workers go through."""
    return boto3.client(
        "logs",
        region_name=region,
        endpoint_url=endpoint_url,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )


def finding_id(message: str) -> str:
    return json.loads(message)["detail"]["id"]


class Feeder:
    """Puts `per_second` findings a second into every region's log group until stopped; remembers each."""

    def __init__(self, endpoint_url: str, regions: list[str], *, per_second: int = 20, seed: str = "outage"):
        self.clients = {region: emulator_logs(region, endpoint_url) for region in regions}
        self.per_tick = max(1, per_second // len(regions) // 2)  # two ticks a second
        self.seed = seed
        self.put: dict[str, list[str]] = {region: [] for region in regions}
        self._batches = 0
        self._lock = threading.Lock()  # the test thread may put a backlog while the feeder runs
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.error: BaseException | None = None
        for client in self.clients.values():
            with contextlib.suppress(client.exceptions.ResourceAlreadyExistsException):
                client.create_log_group(logGroupName=GROUP)
            with contextlib.suppress(client.exceptions.ResourceAlreadyExistsException):
                client.create_log_stream(logGroupName=GROUP, logStreamName="findings")

    def backlog(self, region: str, n: int, *, minutes_ago: float = 1) -> None:
        """`n` findings put at once (the next pull has many pages to read), from `minutes_ago` on.

        Once a region is collected, a backlog must start after its checkpoint less the re-read
        window (minutes_ago=0): CloudWatch Logs never delivers older events that late.
        """
        start = datetime.now(UTC) - timedelta(minutes=minutes_ago)
        self._put(region, n, start=start, step=timedelta(milliseconds=20 if minutes_ago else 1))

    def _put(self, region: str, n: int, *, start: datetime, step: timedelta) -> None:
        with self._lock:
            self._batches += 1
            batch = self._batches
        pairs = list(
            stream(
                n,
                account=ACCOUNT,
                region=region,
                seed=f"{self.seed}-{batch}",
                start=start,
                step=step,
                repeat_share=0,  # every finding distinct, so each one put is counted once
            )
        )
        events = [{"timestamp": int(when.timestamp() * 1000), "message": message} for when, message in pairs]
        self.clients[region].put_log_events(logGroupName=GROUP, logStreamName="findings", logEvents=events)
        # Recorded once the emulator has accepted them.
        with self._lock:
            self.put[region].extend(finding_id(message) for _, message in pairs)

    def _run(self) -> None:
        try:
            while not self._stop.wait(0.5):
                for region in self.clients:
                    self._put(region, self.per_tick, start=datetime.now(UTC), step=timedelta(milliseconds=1))
        except BaseException as exc:  # reported by stop()
            self.error = exc

    def start(self) -> Feeder:
        self._thread = threading.Thread(target=self._run, name="feeder", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
        if self.error is not None:
            raise AssertionError(f"the feeder failed: {self.error!r}")

    @property
    def total(self) -> int:
        return sum(len(ids) for ids in self.put.values())
