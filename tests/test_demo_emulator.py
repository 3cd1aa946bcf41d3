"""The emulator that `make run` starts (demo.emulator): CloudWatch Logs event ids stay new after a restart."""

from __future__ import annotations

import subprocess
import sys
import time

import boto3

from tests.conftest import _free_port, _wait_for_http


def _event_id_after_a_start() -> int:
    """Start the emulator, write one event, read back its id, stop the emulator."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "demo.emulator", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_http(f"http://127.0.0.1:{port}/moto-api/data.json")
        logs = boto3.client(
            "logs",
            region_name="us-east-1",
            endpoint_url=f"http://127.0.0.1:{port}",
            aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
            aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",  # noqa: S106 - the emulator's
        )
        logs.create_log_group(logGroupName="Armor_GuardDuty_Log_Group")
        logs.create_log_stream(logGroupName="Armor_GuardDuty_Log_Group", logStreamName="s")
        logs.put_log_events(
            logGroupName="Armor_GuardDuty_Log_Group",
            logStreamName="s",
            logEvents=[{"timestamp": int(time.time() * 1000), "message": "{}"}],
        )
        (event,) = logs.filter_log_events(logGroupName="Armor_GuardDuty_Log_Group")["events"]
        return int(event["eventId"])
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_restarted_emulator_never_gives_an_event_an_id_of_an_earlier_run():
    # Plain moto gives the first event of every run id 0, which the portal would take for the
    # event of that source and region it stored in the run before, and skip.
    first = _event_id_after_a_start()
    second = _event_id_after_a_start()
    assert first > 0 and second > first
