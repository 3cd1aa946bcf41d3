"""Shared set-up for the benchmark scripts: Django, a scratch tenant and source, printing."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DEBUG", "true")  # the development profile: generated secrets, SQLite by default

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

ACCOUNT = "123456789012"


def say(*parts) -> None:
    print(time.strftime("%H:%M:%S"), *parts, flush=True)


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        sys.exit("This benchmark needs PostgreSQL: set DATABASE_URL=postgres://... (a scratch database).")


def machine() -> str:
    cores = os.cpu_count()
    with open("/proc/meminfo") as f:
        mem_kb = int(f.readline().split()[1])
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0] if connection.vendor == "postgresql" else "SQLite"
    return f"{cores} cores, {mem_kb / 1024 / 1024:.0f} GiB RAM, PostgreSQL {version}"


def scratch_source(name: str = "Benchmark"):
    """A tenant, relay and log source used only by the benchmarks (created once, reused), and its
    us-east-1 pull unit."""
    from collection.models import PullUnit
    from log_sources.models import LogSource, SourceRegion
    from relay.models import Endpoint
    from tenants.models import Tenant

    tenant, _ = Tenant.objects.get_or_create(name=name)
    endpoint, _ = Endpoint.objects.get_or_create(
        tenant=tenant, name="Benchmark relay", defaults={"hostname": "bench.local", "queue": f"relay.bench.{tenant.pk}"}
    )
    source = LogSource.objects.filter(tenant=tenant).first()
    if source is None:
        source = LogSource.objects.create(
            tenant=tenant,
            endpoint=endpoint,
            hostname=f"guardduty-{ACCOUNT}",
            protocol="AWS CloudWatch Logs (HTTPS)",
            aws_account_number=ACCOUNT,
            aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
            aws_access_key_id_last4="MPLE",
            aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        )
    region, _ = SourceRegion.objects.get_or_create(source=source, region="us-east-1")
    unit, _ = PullUnit.objects.get_or_create(source_region=region)
    return tenant, source, unit


def start_moto(*, account: str | None = None) -> tuple[subprocess.Popen, str]:
    """A moto server process on a free port, and its URL. With `account`, every request acts in that
    one account (MOTO_ACCOUNT_ID); without, each access key acts in the account it was made in."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = shutil.which("moto_server", path=str(Path(sys.executable).parent)) or "moto_server"
    env = {k: v for k, v in os.environ.items() if k != "MOTO_ACCOUNT_ID"}
    if account:
        env["MOTO_ACCOUNT_ID"] = account
    proc = subprocess.Popen(
        [exe, "-H", "127.0.0.1", "-p", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/moto-api/data.json", timeout=2)  # noqa: S310 - our own http URL
            break
        except OSError:
            time.sleep(0.2)
    return proc, url
