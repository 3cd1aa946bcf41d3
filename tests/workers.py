"""Real Celery worker processes for tests: same database, same broker, real queues.

    with celery_worker(queues=[endpoint.queue]) as worker:
        ...                      # tasks sent now run in the worker process
        worker.kill()            # SIGKILL, as a crashed host would
        worker.start()           # a fresh process on the same queues

Tests that use it need committed data (`transactional_db`): the worker is another process.
The worker gets the test database (SQLite: the test file under PORTAL_LOCAL_DIR; PostgreSQL:
test_<name>) and the broker of the settings (Redis when REDIS_URL is set, else the embedded
file-system broker under PORTAL_LOCAL_DIR/broker). `env` adds or overrides settings
(e.g. {"RELAY_LEASE_SECONDS": "3"}).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def database_url() -> str:
    """The URL of the database this test process is using (the test database)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = quote(db.get("USER") or "")
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


class CeleryWorker:
    def __init__(self, queues: list[str], env: dict[str, str] | None = None, concurrency: int = 1):
        self.queues = queues
        self.extra_env = env or {}
        self.concurrency = concurrency
        self.process: subprocess.Popen | None = None
        self.log_path = settings.LOCAL_DIR / f"worker-{uuid.uuid4().hex[:8]}.log"

    def _env(self) -> dict[str, str]:
        env = {**os.environ, "DATABASE_URL": database_url(), "PYTHONUNBUFFERED": "1"}
        env["CELERY_TASK_ALWAYS_EAGER"] = "false"
        env.update(self.extra_env)
        return env

    def start(self) -> CeleryWorker:
        settings.LOCAL_DIR.mkdir(parents=True, exist_ok=True)
        if settings.CELERY_BROKER_URL == "filesystem://":
            (settings.BROKER_DIR / "processed").mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "portal",
                "worker",
                "--queues",
                ",".join(self.queues),
                "--hostname",
                f"test-{uuid.uuid4().hex[:8]}@%h",
                "--concurrency",
                str(self.concurrency),
                "--pool",
                "prefork",
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "INFO",
            ],
            cwd=ROOT,
            env=self._env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill() reaches the pool children too
        )
        self._log = log
        return self

    def _signal_group(self, sig: int) -> None:
        if self.process and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes, as a crashed host would."""
        self._signal_group(signal.SIGKILL)
        if self.process:
            self.process.wait(timeout=20)
        self._log.close()

    def stop(self, timeout: float = 20) -> None:
        if not self.process or self.process.poll() is not None:
            return
        self._signal_group(signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
        self._log.close()

    def discard_log(self) -> None:
        """Remove the log file of a worker whose test passed (a failed test's log stays in .local/)."""
        self.log_path.unlink(missing_ok=True)

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-6000:]
        except OSError:
            return ""

    @property
    def alive(self) -> bool:
        return bool(self.process and self.process.poll() is None)


@contextlib.contextmanager
def celery_worker(queues: list[str], env: dict[str, str] | None = None, concurrency: int = 1):
    """A running worker on `queues` for the body of the `with`; stopped (or killed) after."""
    worker = CeleryWorker(queues, env=env, concurrency=concurrency).start()
    try:
        yield worker
    finally:
        worker.stop()
    worker.discard_log()  # only reached when the body raised nothing


def wait_for(predicate, *, timeout: float = 60, interval: float = 0.25, message: str = "condition", worker=None):
    """Poll `predicate` until it is truthy; fail with the worker's log if it never is."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            log = worker.log() if worker else ""
            raise AssertionError(f"timed out waiting for {message}\n--- worker log ---\n{log}")
        time.sleep(interval)
