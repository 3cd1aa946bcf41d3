"""What brings a crashed process back: the systemd units in deploy/systemd and compose's restart policy.

No service manager runs on our machines, so these tests read the unit files as systemd would
(specifiers expanded) and check that each command resolves to this project's Celery or
gunicorn with options that parse, and that every long-running process is restarted whatever
stopped it.
"""

from __future__ import annotations

import configparser
import shlex
from pathlib import Path

import pytest

from tests.test_compose import COMPOSE, assert_command_resolves

ROOT = Path(__file__).resolve().parent.parent
UNITS = ROOT / "deploy" / "systemd"
QUEUE = "relay.t1.relay-1-acme-example"  # what an endpoint's page shows
VENV = "/opt/portal/.venv/bin/"


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # systemd's keys are case-sensitive
    parser.read_string((UNITS / name).read_text())
    return parser


def exec_start(name: str, instance: str = "") -> list[str]:
    """ExecStart as systemd runs it: %i is the instance, %% a literal %; the venv's program by its name."""
    line = unit(name)["Service"]["ExecStart"]
    line = line.replace("%%", "\0").replace("%i", instance).replace("\0", "%")
    assert "%" not in line.replace("@%h", ""), f"an unexpanded specifier in {line}"
    argv = shlex.split(line)
    assert argv[0].startswith(VENV), argv[0]
    return [argv[0].removeprefix(VENV), *argv[1:]]


UNIT_FILES = sorted(path.name for path in UNITS.glob("*.service"))


def test_every_role_has_a_unit():
    assert set(UNIT_FILES) == {
        "portal-web.service",
        "portal-beat.service",
        "portal-worker.service",
        "portal-relay@.service",
    }


@pytest.mark.parametrize("name", UNIT_FILES)
def test_each_unit_is_restarted_whatever_stopped_it_without_a_limit(name):
    parsed = unit(name)
    assert parsed["Service"]["Restart"] == "always"
    assert 0 < float(parsed["Service"]["RestartSec"]) <= 5
    assert parsed["Unit"]["StartLimitIntervalSec"] == "0"  # systemd would otherwise give up
    assert parsed["Service"]["EnvironmentFile"] == "/etc/portal/portal.env"
    assert parsed["Install"]["WantedBy"] == "multi-user.target"


@pytest.mark.parametrize("name", UNIT_FILES)
def test_each_unit_command_resolves_to_the_project(name, settings):
    assert_command_resolves(exec_start(name, instance=QUEUE))


def test_the_relay_unit_consumes_the_queue_named_by_its_instance():
    argv = exec_start("portal-relay@.service", instance=QUEUE)
    assert argv[:4] == ["celery", "-A", "portal", "worker"]
    assert argv[argv.index("--queues") + 1] == QUEUE
    assert argv[argv.index("--hostname") + 1] == f"relay-{QUEUE}@%h"  # Celery puts the host's name in
    # Warm shutdown first (running pulls finish), then the rest of the group is killed.
    assert unit("portal-relay@.service")["Service"]["KillMode"] == "mixed"


def test_beat_keeps_its_schedule_in_its_own_state_directory():
    argv = exec_start("portal-beat.service")
    assert argv[3] == "beat"
    state = unit("portal-beat.service")["Service"]["StateDirectory"]
    assert argv[argv.index("--schedule") + 1].startswith(f"/var/lib/{state}/")


@pytest.mark.parametrize("service", [name for name in COMPOSE["services"] if name != "migrate"])
def test_every_long_running_compose_service_is_restarted(service):
    assert COMPOSE["services"][service].get("restart") in ("always", "unless-stopped")


def test_migrate_runs_once_and_is_not_restarted():
    assert COMPOSE["services"]["migrate"]["restart"] == "no"
