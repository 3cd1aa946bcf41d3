"""`make run`: the whole demo as one supervised group of processes.

Starts, in this order, each in its own process group with its output in `.local/logs/`:

- emulator   the local AWS (moto server) on 127.0.0.1, account 123456789012
- worker     a Celery worker for the deploy queue ("portal") and the demo relay's queue
- beat       Celery beat, which dispatches due pulls
- simulator  writes GuardDuty findings into each region once the template is deployed there
- web        the portal on http://127.0.0.1:8000

All of them reach AWS through AWS_ENDPOINT_URL (the emulator) and share the embedded
SQLite database and file-system broker of the default settings. Ctrl-C (or SIGTERM) stops
every process group it started. A process that dies is started again (at most 5 times in 10
minutes; past that the demo stops and shows its last log lines). Nothing here is needed in
production (see docker-compose.yml).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEMO_ACCOUNT = "123456789012"
# The portal's own AWS account in the emulator: role-based demo sources trust its user.
PORTAL_ACCOUNT = "210987654321"
PORTAL_USER = "armor-portal"
DEFAULT_WEB_PORT = 8000
DEFAULT_AWS_PORT = 5000
# The demo pulls more often than production's 60 s, so Last Event moves within a minute
# of Launch for me; set RELAY_PULL_INTERVAL_SECONDS to override.
DEMO_PULL_INTERVAL_SECONDS = "15"
STOP_GRACE_SECONDS = 10.0
MAX_RESTARTS = 5
RESTART_WINDOW_SECONDS = 600
VERBOSE = os.environ.get("PORTAL_RUN_VERBOSE", "") not in ("", "0", "false")


def say(message: str) -> None:
    print(message, flush=True)


class StartupFailed(Exception):
    pass


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # SO_REUSEADDR: a port left in TIME_WAIT by the previous run is free, a listener is not.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                return False
            raise
    return True


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env_port(name: str, default: int) -> tuple[int, bool]:
    raw = os.environ.get(name, "")
    if not raw:
        return default, False
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise StartupFailed(f"{name} must be a port number from 1 to 65535; it is {raw!r}.")
    return int(raw), True


def _http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own 127.0.0.1 URL
            return response.status < 500
    except OSError:
        return False


def _die_with_parent() -> None:
    """In the child, before exec: get SIGTERM if the supervisor itself is killed (Linux only)."""
    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


@dataclass
class Child:
    """One supervised process: how to start it, how to tell it is ready, where its log goes."""

    name: str
    argv: list[str]
    ready: Callable[[Child], bool]
    describe: str
    timeout: float = 90.0
    process: subprocess.Popen | None = None
    log_path: Path | None = None
    _offset: int = 0
    _partial: str = ""
    _in_traceback: bool = False
    lines: list[str] = field(default_factory=list)
    restarts: list[float] = field(default_factory=list)

    def log_text(self) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        return self.log_path.read_text(errors="replace")

    def new_lines(self) -> list[str]:
        """Lines appended to the log since the last call."""
        if self.log_path is None or not self.log_path.exists():
            return []
        with self.log_path.open("rb") as handle:
            handle.seek(self._offset)
            chunk = handle.read()
        self._offset += len(chunk)
        text = self._partial + chunk.decode(errors="replace")
        *complete, self._partial = text.split("\n")
        self.lines = (self.lines + complete)[-40:]
        return complete

    def worth_showing(self, line: str) -> bool:
        """After startup the terminal shows problems and the simulator's news, not every request."""
        if VERBOSE:
            return True
        if self._in_traceback:
            if line and not line[:1].isspace():
                self._in_traceback = False  # the exception line closes the traceback
            return True
        if "Traceback (most recent call last)" in line:
            self._in_traceback = True
            return True
        if self.name == "simulator":
            return True
        return any(word in line for word in (" ERROR", " CRITICAL", "ERROR/", "CRITICAL/", "Error:"))


class Supervisor:
    def __init__(self, env: dict[str, str], log_dir: Path):
        self.env = env
        self.log_dir = log_dir
        self.children: list[Child] = []
        self.stopping = False

    # --- signals

    def install_signal_handlers(self) -> None:
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, self._on_signal)

    def _on_signal(self, signum, frame) -> None:
        if self.stopping:
            # A second Ctrl-C while stopping: no more waiting for graceful shutdowns.
            say("\nStopping now (second interrupt).")
            self._kill_groups(signal.SIGKILL)
            return
        raise KeyboardInterrupt

    # --- starting

    def _spawn(self, child: Child, *, append: bool = False) -> None:
        child.log_path = self.log_dir / f"{child.name}.log"
        log = child.log_path.open("ab" if append else "wb")
        child.process = subprocess.Popen(
            child.argv,
            cwd=BASE_DIR,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            # Its own process group: the terminal's Ctrl-C reaches only the supervisor, which
            # then stops each group in order, and a group takes the child's own children along.
            process_group=0,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,  # noqa: PLW1509
        )
        log.close()

    def start(self, child: Child) -> None:
        say(f"==> Starting {child.name}: {child.describe}")
        self._spawn(child)
        self.children.append(child)
        started = time.monotonic()
        next_note = started + 5
        while not child.ready(child):
            self._check_alive()
            now = time.monotonic()
            if now - started > child.timeout:
                raise StartupFailed(
                    f"{child.name} did not become ready within {child.timeout:.0f} s.\n" + self._tail(child)
                )
            if now >= next_note:
                say(f"    ... still waiting for {child.name} ({now - started:.0f} s)")
                next_note = now + 5
            time.sleep(0.2)
        child.new_lines()  # the startup chatter is in the log file; the terminal moves on
        say(f"    {child.name} is ready ({time.monotonic() - started:.1f} s)")

    def _tail(self, child: Child, n: int = 20) -> str:
        lines = child.log_text().splitlines()[-n:]
        where = f"(full log: {child.log_path})"
        return "\n".join([f"--- last lines of {child.name} {where}", *(f"  {line}" for line in lines), "---"])

    def _check_alive(self) -> None:
        for child in self.children:
            code = child.process.poll() if child.process else None
            if code is not None:
                raise StartupFailed(f"{child.name} stopped unexpectedly (exit code {code}).\n" + self._tail(child))

    # --- running

    def watch(self) -> None:
        """Echo what is worth showing until a child dies or the user stops the demo."""
        while True:
            for child in self.children:
                for line in child.new_lines():
                    if line.strip() and child.worth_showing(line):
                        say(f"{child.name:<9} | {line}")
            self._restart_dead()
            time.sleep(0.5)

    def _restart_dead(self) -> None:
        """A process that dies is started again, a few times; past that the demo stops with its log."""
        for child in self.children:
            code = child.process.poll() if child.process else None
            if code is None:
                continue
            now = time.monotonic()
            child.restarts = [t for t in child.restarts if now - t < RESTART_WINDOW_SECONDS]
            if len(child.restarts) >= MAX_RESTARTS:
                raise StartupFailed(
                    f"{child.name} stopped unexpectedly (exit code {code}) {MAX_RESTARTS + 1} times within "
                    f"{RESTART_WINDOW_SECONDS // 60} minutes; stopping the demo.\n" + self._tail(child)
                )
            child.restarts.append(now)
            say(
                f"{child.name} stopped unexpectedly (exit code {code}); restarting it "
                f"({len(child.restarts)} of {MAX_RESTARTS} within {RESTART_WINDOW_SECONDS // 60} minutes)."
            )
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(child.process.pid, signal.SIGKILL)  # whatever it left behind in its group
            self._spawn(child, append=True)

    # --- stopping

    def _kill_groups(self, signum: int) -> None:
        for child in self.children:
            if child.process is not None:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(child.process.pid, signum)

    def stop(self) -> list[str]:
        """Stop every group, newest first; returns the names of groups that left processes behind."""
        self.stopping = True
        if not self.children:
            return []
        say("==> Stopping " + ", ".join(c.name for c in reversed(self.children)))
        for child in reversed(self.children):
            if child.process is not None and child.process.poll() is None:
                # The group leader first, so Celery shuts its pool down in order.
                with contextlib.suppress(ProcessLookupError):
                    child.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for child in self.children:
            if child.process is None:
                continue
            try:
                child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                say(f"    {child.name} did not stop within {STOP_GRACE_SECONDS:.0f} s; killing it")
        # Whatever is left in any group (a leader that hung, a pool process) is killed.
        self._kill_groups(signal.SIGKILL)
        for child in self.children:
            if child.process is not None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    child.process.wait(timeout=5)
        time.sleep(0.2)
        leftover = []
        for child in self.children:
            if child.process is None:
                continue
            try:
                os.killpg(child.process.pid, 0)
                leftover.append(child.name)
            except ProcessLookupError:
                pass
            except PermissionError:
                leftover.append(child.name)
        return leftover


def _child_env(aws_url: str) -> dict[str, str]:
    env = dict(os.environ)
    # The demo never touches real AWS: no profile, no config file, no per-service endpoints.
    for key in list(env):
        if key.startswith("AWS_ENDPOINT_URL_") or key in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "MOTO_ACCOUNT_ID"):
            env.pop(key)
    env.update(
        {
            "AWS_ENDPOINT_URL": aws_url,
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "AWS_EC2_METADATA_DISABLED": "true",
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.setdefault("RELAY_PULL_INTERVAL_SECONDS", DEMO_PULL_INTERVAL_SECONDS)
    return env


def _portal_identity(aws_url: str) -> dict[str, str]:
    """The portal's own AWS identity in the emulator: an IAM user of its own account, whose key the
    portal's processes get from the environment (the standard credential chain), and whose ARN
    customers' reader roles trust. The emulator starts empty, so it is created on every start."""
    import boto3

    iam = boto3.client(
        "iam",
        region_name="us-east-1",
        endpoint_url=aws_url,
        aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",  # noqa: S106 - AWS documentation example
    )

    def into_portal_account(request, **kwargs):
        request.headers["x-moto-account-id"] = PORTAL_ACCOUNT

    iam.meta.events.register("before-send.*", into_portal_account)
    with contextlib.suppress(iam.exceptions.EntityAlreadyExistsException):
        iam.create_user(UserName=PORTAL_USER)
    key = iam.create_access_key(UserName=PORTAL_USER)["AccessKey"]
    return {
        "AWS_ACCESS_KEY_ID": key["AccessKeyId"],
        "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"],
        "PORTAL_AWS_PRINCIPAL_ARN": f"arn:aws:iam::{PORTAL_ACCOUNT}:user/{PORTAL_USER}",
    }


def _log_contains(text: str) -> Callable[[Child], bool]:
    return lambda child: text in child.log_text()


def _seed() -> tuple[str, str]:
    """Seed the demo tenant, user and relay endpoint; return (login line, endpoint queue)."""
    import io

    import django
    from django.core.management import call_command

    django.setup()
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    lines = out.getvalue().splitlines()
    for line in lines:
        if not line.startswith(("Login:", "Endpoint queue:")):
            say(f"    {line}")
    login = next(line for line in lines if line.startswith("Login:"))
    queue = next(line for line in lines if line.startswith("Endpoint queue:")).split(":", 1)[1].strip()
    return login.removeprefix("Login:").strip(), queue


def _relaunch() -> None:
    """The emulator starts empty: launch again what the portal had deployed there before."""
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("relaunch_demo_sources", stdout=out)
    lines = out.getvalue().splitlines()
    if lines:
        say("==> The local AWS starts empty: launching the collection templates the portal had deployed again")
        for line in lines:
            say(f"    {line}")


def _demo_command(command: str, headline: str, what: str) -> None:
    """Run one of the demo's setup commands against the fresh emulator, showing its output.

    The rest of the demo works without what it adds, so a failure is said and the demo goes on.
    """
    import io

    from django.core.management import call_command

    out = io.StringIO()
    say(f"==> {headline}")
    try:
        call_command(command, stdout=out)
    except Exception as exc:
        say(f"    {what} could not be set up: {exc}")
        return
    for line in out.getvalue().splitlines():
        say(f"    {line}")


def main() -> int:
    python = sys.executable
    try:
        web_port, _ = _env_port("PORTAL_PORT", DEFAULT_WEB_PORT)
        aws_port, aws_port_chosen = _env_port("PORTAL_DEMO_AWS_PORT", DEFAULT_AWS_PORT)
        if not _port_free(web_port):
            raise StartupFailed(
                f"Port {web_port} on 127.0.0.1 is already in use (another `make run`, or another web server?). "
                f"Stop that process, or pick another port: PORTAL_PORT={web_port + 1} make run"
            )
        if not _port_free(aws_port):
            if aws_port_chosen:
                raise StartupFailed(
                    f"Port {aws_port} on 127.0.0.1 (PORTAL_DEMO_AWS_PORT) is already in use. "
                    "Stop that process or choose another port."
                )
            busy, aws_port = aws_port, _free_port()
            say(f"Port {busy} is in use, so the AWS emulator takes port {aws_port} instead.")
    except StartupFailed as exc:
        say(f"Cannot start the demo: {exc}")
        return 1

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    # The demo is the development profile for every process it starts (`make run` sets it too).
    os.environ.setdefault("DEBUG", "true")
    aws_url = f"http://127.0.0.1:{aws_port}"
    env = _child_env(aws_url)
    os.environ.update({k: v for k, v in env.items() if k.startswith(("AWS_", "RELAY_"))})

    from django.conf import settings

    log_dir = Path(settings.LOCAL_DIR) / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    web_url = f"http://127.0.0.1:{web_port}"

    say("==> Seeding the demo tenant, its admin user and its relay endpoint")
    login, queue = _seed()

    manage = [python, str(BASE_DIR / "manage.py")]
    # moto answers behind a small proxy that adds GuardDuty's sample findings (demo/emulator_guardduty.py).
    moto_url = f"http://127.0.0.1:{_free_port()}"
    children = [
        Child(
            "emulator",
            [python, "-m", "demo.emulator", "-H", "127.0.0.1", "-p", moto_url.rsplit(":", 1)[1]],
            ready=lambda c: _http_ok(f"{moto_url}/moto-api/data.json"),
            describe=f"the local AWS (moto) on {moto_url}, account {DEMO_ACCOUNT}",
        ),
        Child(
            "emulator-guardduty",
            [python, "-m", "demo.emulator_guardduty", "--port", str(aws_port), "--upstream", moto_url],
            ready=lambda c: _http_ok(f"{aws_url}/moto-api/data.json"),
            describe=f"GuardDuty sample findings in front of the local AWS, on {aws_url}",
        ),
        Child(
            "worker",
            [
                python,
                "-m",
                "celery",
                "-A",
                "portal",
                "worker",
                "--queues",
                f"{settings.CELERY_TASK_DEFAULT_QUEUE},{queue}",
            ]
            + ["--hostname", f"{queue}@%h", "--concurrency", "3", "--loglevel", "INFO"],
            ready=_log_contains(" ready."),
            describe=f"a relay worker for the deploy queue and the demo relay's queue {queue}",
        ),
        Child(
            "beat",
            [python, "-m", "celery", "-A", "portal", "beat", "--loglevel", "INFO"],
            ready=_log_contains("beat: Starting"),
            describe="Celery beat, which dispatches due pulls",
        ),
        Child(
            "simulator",
            [*manage, "simulate_findings", "--interval", "5"],
            ready=_log_contains("Simulating GuardDuty findings"),
            describe="GuardDuty findings for account 123456789012, once the template is deployed",
        ),
        Child(
            "web",
            [*manage, "runserver", f"127.0.0.1:{web_port}", "--noreload"],
            ready=lambda c: _http_ok(f"{web_url}/accounts/login/"),
            describe=f"the portal on {web_url}",
        ),
    ]

    supervisor = Supervisor(env, log_dir)
    supervisor.install_signal_handlers()
    code = 0
    try:
        for child in children:
            supervisor.start(child)
            if child.name == "emulator-guardduty":
                identity = _portal_identity(aws_url)
                # Every process started from here on acts as the portal's own principal.
                supervisor.env.update(identity)
                os.environ.update(identity)
                settings.PORTAL_AWS_PRINCIPAL_ARN = identity["PORTAL_AWS_PRINCIPAL_ARN"]
                say(f"    the portal's AWS identity (reader roles trust it): {identity['PORTAL_AWS_PRINCIPAL_ARN']}")
        _relaunch()
        # An Organization, so the Organization page shows real rows.
        _demo_command(
            "demo_organization",
            "Creating the demo AWS Organization in the local AWS (an administrator and three member accounts)",
            "the demo Organization",
        )
        # A region with GuardDuty off, a quiet source and an alert channel, for the Health page.
        _demo_command(
            "demo_health",
            "Giving collection health something to show (GuardDuty off in a region, a quiet source, an alert channel)",
            "the health demo",
        )
        say("")
        say(f"The demo is running: {web_url}")
        say(f"Log in as {login}")
        say(
            f"Add a log source with AWS Account Number {DEMO_ACCOUNT}: choose IAM role (recommended; create the role "
            "with Launch for me on the Service Account page) or Access keys (any key of the right shape works in "
            "the emulator), Select All Regions, then Launch for me."
        )
        say(f"Logs of every process: {log_dir}/. Ctrl-C stops everything.")
        say("")
        supervisor.watch()
    except KeyboardInterrupt:
        say("")
    except StartupFailed as exc:
        say(f"\n{exc}")
        code = 1
    finally:
        leftover = supervisor.stop()
        if leftover:
            say("Some processes did not stop: " + ", ".join(leftover) + ". Check `ps -ef`.")
            code = code or 1
        else:
            say("Stopped: no process of the demo is left running.")
    return code


if __name__ == "__main__":
    sys.exit(main())
