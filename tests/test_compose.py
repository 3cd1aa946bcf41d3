"""The production topology, checked without a container engine.

No container engine runs on our machines, so these tests read docker-compose.yml and the
Dockerfile as the engine would and check what can be checked here: each service's command
resolves to a real module, Celery command or manage.py command of this project and its
options parse; every variable the compose file, the settings and the code read is documented
in .env.example; and the production environment that compose gives the web service passes
Django's deployment checks.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import shlex
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
OUR_IMAGE = "guardduty-portal:latest"

# Values compose would take from .env for the `${NAME:?...}` variables, for these checks only.
TEST_ENV = {
    "SECRET_KEY": "compose-test-secret-key-" + "x" * 40,
    "PORTAL_ENCRYPTION_KEYS": "k1:Tp1vlU0P-6qL-s0y9r4R2mHnKcK0fBr7qv0WJm3o9hE=",
    "POSTGRES_PASSWORD": "compose-test",
    "RELAY_QUEUES": "relay.t1.relay-1-acme-example",
}

INTERPOLATION = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")
# Names the code reads from the environment: env.str("X"), env.bool("X"), environ.Env().str("X"),
# os.environ.get("X"), os.environ["X"], os.getenv("X"), and make run's _env_port("X").
ENV_READ = re.compile(
    r"""(?:\benv\.\w+|Env\(\)\.\w+|environ\.get|environ\[|getenv|_env_port)\(?\s*["']([A-Z][A-Z0-9_]+)["']"""
)


def interpolate(value: str, env: dict[str, str]) -> str:
    """Compose's interpolation: ${X}, ${X:-default}, ${X-default}, ${X:?error}; `$$` is a literal `$`."""

    def replace(match: re.Match) -> str:
        name, op, arg = match["name"], match["op"], match["arg"]
        if name in env and (env[name] != "" or op not in (":-", ":?")):
            return env[name]
        if op in (":-", "-"):
            return arg
        if op in (":?", "?"):
            raise AssertionError(f"compose would stop: {name} is required ({arg})")
        return ""

    parts = value.split("$$")
    return "$".join(INTERPOLATION.sub(replace, part) for part in parts)


def documented_variables() -> dict[str, int]:
    """Variables in .env.example (set or commented out) -> line number."""
    found = {}
    for number, line in enumerate((ROOT / ".env.example").read_text().splitlines(), start=1):
        match = re.match(r"^#?\s*([A-Z][A-Z0-9_]+)=", line)
        if match:
            found.setdefault(match[1], number)
    return found


def service_env(name: str) -> dict[str, str]:
    service = SERVICES[name]
    env = dict(TEST_ENV)
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) for item in environment)
    env.update({key: interpolate(str(value), TEST_ENV) for key, value in environment.items()})
    return env


def command_argv(name: str) -> list[str]:
    """The service's command as the container would run it, shell scripts unwrapped."""
    command = SERVICES[name]["command"]
    argv = shlex.split(command) if isinstance(command, str) else [str(part) for part in command]
    argv = [interpolate(part, TEST_ENV) for part in argv]
    if argv[:2] == ["sh", "-c"]:
        env = service_env(name)
        script = argv[2]
        script = re.sub(
            r"\$\{(\w+)(?::[?-][^}]*)?\}|\$(\w+)", lambda m: env.get(m[1] or m[2], ""), script
        )  # the container's shell
        argv = shlex.split(script)
        if argv[0] == "exec":
            argv = argv[1:]
    return argv


def assert_command_resolves(argv: list[str]) -> None:
    """The program exists in the project's environment and its arguments parse."""
    program, args = argv[0], argv[1:]
    if program == "gunicorn":
        from gunicorn.config import Config

        parsed = Config().parser().parse_args(args)
        module, _, attribute = parsed.args[0].partition(":")
        assert callable(getattr(importlib.import_module(module), attribute or "application"))
    elif program == "celery":
        from celery.app.utils import find_app
        from celery.bin.base import CLIContext
        from celery.bin.celery import celery as cli

        context = cli.make_context("celery", list(args))
        app = find_app(context.params["app"])
        assert app.main == "portal"
        with warnings.catch_warnings():  # click 8.2 deprecates protected_args; 9.0 folds it into args
            warnings.simplefilter("ignore", DeprecationWarning)
            subcommand, *rest = [*getattr(context, "protected_args", []), *context.args]
        command = cli.get_command(context, subcommand)
        assert command is not None, f"celery has no command {subcommand!r}"
        obj = CLIContext(app=app, no_color=True, workdir=None, quiet=True)
        command.make_context(subcommand, rest, parent=context, obj=obj)  # raises on a bad option
    elif program == "python" and args[:1] == ["manage.py"]:
        from django.core.management import get_commands, load_command_class

        name, *options = args[1:]
        commands = get_commands()
        assert name in commands, f"manage.py has no command {name!r}"
        load_command_class(commands[name], name).create_parser("manage.py", name).parse_args(options)
    elif program == "python" and args[:2] == ["-m", "demo.emulator"]:
        from demo.emulator import run  # noqa: F401 - moto's server, started the way make run starts it
    else:
        raise AssertionError(f"unexpected program {program!r}: add a check for it here")


@pytest.mark.parametrize(
    "argv",
    [
        ["celery", "-A", "portal", "worker", "--concurrency", "many"],
        ["celery", "-A", "portal", "wrker"],
        ["python", "manage.py", "no_such_command"],
        ["python", "manage.py", "migrate", "--no-such-option"],
        ["gunicorn", "portal.no_such_module:application"],
        ["uvicorn", "portal.asgi:application"],
    ],
)
def test_a_command_that_does_not_resolve_is_caught(argv):
    from click.exceptions import ClickException
    from django.core.management import CommandError

    with pytest.raises((AssertionError, ImportError, SystemExit, ClickException, CommandError)):
        assert_command_resolves(argv)


def our_services() -> list[str]:
    return [name for name, service in SERVICES.items() if service.get("image") == OUR_IMAGE]


def test_the_topology_has_every_role():
    assert {"postgres", "redis", "migrate", "web", "beat", "worker", "relay", "emulator", "simulator"} <= set(SERVICES)
    assert set(our_services()) == set(SERVICES) - {"postgres", "redis"}
    assert SERVICES["emulator"]["profiles"] == ["emulator"]
    assert SERVICES["simulator"]["profiles"] == ["emulator"]
    # The production services start with a plain `docker compose up`.
    for name in ("postgres", "redis", "migrate", "web", "beat", "worker"):
        assert not SERVICES[name].get("profiles"), name


@pytest.mark.parametrize("service", ["migrate", "web", "beat", "worker", "relay", "emulator", "simulator"])
def test_each_service_command_resolves_to_the_project(service, settings):
    assert_command_resolves(command_argv(service))


def test_the_dockerfile_default_command_resolves_and_static_files_are_collected():
    dockerfile = (ROOT / "Dockerfile").read_text()
    cmd = re.search(r"^CMD (\[.*\])$", dockerfile, re.M)
    assert cmd, "the Dockerfile has no CMD in exec form"
    assert_command_resolves(json.loads(cmd[1]))
    assert "collectstatic --no-input" in dockerfile
    assert re.search(r"^COPY requirements\.txt", dockerfile, re.M)


def test_web_serves_with_gunicorn_and_whitenoise():
    argv = command_argv("web")
    assert argv[:2] == ["gunicorn", "portal.wsgi:application"]
    from django.conf import settings

    assert "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE
    assert service_env("web")["DEBUG"] == "false"


def test_relay_workers_take_their_queues_from_relay_queues_and_scale():
    relay = SERVICES["relay"]
    argv = command_argv("relay")
    assert argv[argv.index("--queues") + 1] == TEST_ENV["RELAY_QUEUES"]
    # `--scale relay=N` needs replicas that do not collide: no fixed name, no published port,
    # and a worker name that includes the container's host name.
    assert "container_name" not in relay and "ports" not in relay
    assert "%h" in argv[argv.index("--hostname") + 1]
    # The deploy worker consumes the default queue only; relays never do.
    worker = command_argv("worker")
    from django.conf import settings

    assert worker[worker.index("--queues") + 1] == settings.CELERY_TASK_DEFAULT_QUEUE
    assert settings.CELERY_TASK_DEFAULT_QUEUE not in argv[argv.index("--queues") + 1].split(",")


def test_relay_refuses_to_start_without_queues():
    script = SERVICES["relay"]["command"][2]
    result = subprocess.run(
        ["sh", "-c", interpolate(script, {}).replace("exec celery", "exec true")],
        env={"PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "set RELAY_QUEUES" in result.stderr


def test_everything_waits_for_migrations_that_run_once():
    assert command_argv("migrate")[:3] == ["python", "manage.py", "migrate"]
    for name in ("web", "beat", "worker", "relay", "simulator"):
        depends = SERVICES[name]["depends_on"]
        if name == "simulator":
            assert depends["emulator"]["condition"] == "service_healthy"
            continue
        assert depends["migrate"]["condition"] == "service_completed_successfully", name
        assert depends["postgres"]["condition"] == "service_healthy", name
        assert depends["redis"]["condition"] == "service_healthy", name


def test_the_emulator_profile_points_aws_at_the_emulator():
    assert service_env("simulator")["AWS_ENDPOINT_URL"] == "http://emulator:5000"
    assert "-p" in command_argv("emulator") and "5000" in command_argv("emulator")
    assert service_env("emulator")["MOTO_ACCOUNT_ID"] == "123456789012"


def test_compose_refuses_to_start_without_the_secrets():
    web = SERVICES["web"]["environment"]
    for name in ("SECRET_KEY", "PORTAL_ENCRYPTION_KEYS"):
        with pytest.raises(AssertionError, match=name):
            interpolate(str(web[name]), {})


def _compose_variables() -> set[str]:
    text = (ROOT / "docker-compose.yml").read_text()
    names = {m["name"] for m in INTERPOLATION.finditer(text)}
    names |= set(re.findall(r"\$\$\{?([A-Z][A-Z0-9_]+)", text))  # read by the container's shell
    for name in our_services():
        names |= set((SERVICES[name].get("environment") or {}).keys())
    return names


def _code_variables() -> dict[str, str]:
    # tests/, benchmarks/ and examples/ (API client scripts) have their own variables, documented where they are.
    found: dict[str, str] = {}
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if (
            relative.parts[0] in {".venv", "tests", "benchmarks", "examples", "staticfiles", "node_modules"}
            or "migrations" in relative.parts
        ):
            continue
        for name in ENV_READ.findall(path.read_text(errors="replace")):
            found.setdefault(name, str(relative))
    return found


def test_every_variable_compose_reads_is_documented():
    documented = documented_variables()
    missing = sorted(_compose_variables() - set(documented))
    assert not missing, f"not in .env.example: {missing}"


def test_every_variable_the_settings_and_code_read_is_documented():
    code = _code_variables()
    # The scan itself must work: these reads are known to exist.
    assert {"DATABASE_URL", "PORTAL_ENCRYPTION_KEYS", "REDIS_URL", "PORTAL_ADMIN_PASSWORD", "PORTAL_PORT"} <= set(code)
    documented = documented_variables()
    missing = {name: where for name, where in code.items() if name not in documented}
    assert not missing, f"read by the code but not in .env.example: {missing}"


def test_each_documented_variable_has_a_comment():
    lines = (ROOT / ".env.example").read_text().splitlines()
    for name, number in documented_variables().items():
        above = lines[number - 2] if number >= 2 else ""
        is_comment = above.startswith("#") and not re.match(r"^#\s*[A-Z][A-Z0-9_]+=", above)
        # Two related variables may share one comment (the pair of simulator keys).
        shares = re.match(r"^#?\s*[A-Z][A-Z0-9_]+=", above) and lines[number - 3].startswith("#")
        assert is_comment or shares, f"{name} (line {number}) has no comment above it"


def test_the_compose_production_environment_passes_the_deployment_checks(tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "PORTAL_LOCAL_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        **{key: value for key, value in service_env("web").items() if value != ""},
    }
    # `check --deploy` without --database connects to nothing, so the hosts need not exist.
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
