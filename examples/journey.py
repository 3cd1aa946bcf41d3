#!/usr/bin/env python3
"""The External Sources journey through the portal's REST API, with nothing but the standard library.

    PORTAL_URL=http://127.0.0.1:8000 PORTAL_USERNAME=demo PORTAL_PASSWORD=... \
    AWS_ACCOUNT_NUMBER=123456789012 AWS_ACCESS_KEY_ID=AKIA... AWS_SECRET_ACCESS_KEY=... \
    python examples/journey.py

1. get a token;  2. find or add the endpoint (log relay);  3. add a GuardDuty log source for
three regions;  4. launch the collection StackSet and wait for every region;  5. Test
connection;  6. pull now and search `*<account>*` until the findings are there.

Optional: REGIONS (comma-separated, default us-east-1,eu-west-1,ap-southeast-2),
ENDPOINT_NAME (default: an endpoint whose relay is online, such as the demo's, else a new
"Relay One"), ENDPOINT_HOSTNAME, TIMEOUT_SECONDS (default 300). Exits 0 once findings are found.
"""

from __future__ import annotations

import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

BASE = os.environ.get("PORTAL_URL", "http://127.0.0.1:8000").rstrip("/")
ACCOUNT = os.environ["AWS_ACCOUNT_NUMBER"]
REGIONS = os.environ.get("REGIONS", "us-east-1,eu-west-1,ap-southeast-2").split(",")
TIMEOUT = float(os.environ.get("TIMEOUT_SECONDS", "300"))
TOKEN = ""


class ApiError(Exception):
    pass


def call(method: str, path: str, body: dict | None = None, *, query: dict | None = None):
    """One API request; returns the decoded JSON (None for an empty body), raises ApiError otherwise."""
    url = BASE + path + ("?" + urllib.parse.urlencode(query) if query else "")
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)  # noqa: S310 (the portal's own URL)
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if TOKEN:
        request.add_header("Authorization", f"Token {TOKEN}")
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 (the portal's own URL)
            raw = response.read()
    except urllib.error.HTTPError as exc:
        raise ApiError(f"{method} {path} -> {exc.code}: {exc.read().decode(errors='replace')}") from None
    return json.loads(raw) if raw else None


def step(text: str) -> None:
    print(f"==> {text}", flush=True)


def main() -> int:
    global TOKEN
    deadline = time.monotonic() + TIMEOUT

    step("1. Token")
    TOKEN = call(
        "POST",
        "/api/v1/auth/token/",
        {"username": os.environ["PORTAL_USERNAME"], "password": os.environ["PORTAL_PASSWORD"]},
    )["token"]

    step("2. Endpoint (log relay)")
    endpoints = call("GET", "/api/v1/endpoints/")
    if os.environ.get("ENDPOINT_NAME"):
        name = os.environ["ENDPOINT_NAME"]
        endpoint = next((e for e in endpoints if e["name"] == name), None)
    else:
        # No name given: a relay that is online already collects (the demo's own, for one);
        # a new endpoint collects only once a relay worker runs for its queue.
        name = "Relay One"
        endpoint = next((e for e in endpoints if e["status"] == "online"), None)
        endpoint = endpoint or next((e for e in endpoints if e["name"] == name), None)
    if endpoint is None:
        hostname = os.environ.get("ENDPOINT_HOSTNAME", "relay-1.example.com")
        endpoint = call("POST", "/api/v1/endpoints/", {"name": name, "hostname": hostname})
    print(f"    endpoint {endpoint['id']} {endpoint['name']} ({endpoint['status']}); its relay worker runs:")
    print(f"    {endpoint['worker_command']}")

    step(f"3. GuardDuty log source for {ACCOUNT} in {', '.join(REGIONS)}")
    source = call(
        "POST",
        "/api/v1/log-sources/",
        {
            "endpoint": endpoint["id"],
            "source_type": "guardduty",
            "hostname": f"guardduty-{ACCOUNT}",
            "protocol": "AWS CloudWatch Logs (HTTPS)",
            "aws_account_number": ACCOUNT,
            "aws_access_key_id": os.environ["AWS_ACCESS_KEY_ID"],
            "aws_secret_access_key": os.environ["AWS_SECRET_ACCESS_KEY"],
            "regions": REGIONS,
            "deployment": {"mode": "stackset", "log_retention_days": 3, "tags": {"owner": "security"}},
        },
    )
    sid = source["id"]
    print(f"    log source {sid}, key ...{source['aws_access_key_id_last4']}, status {source['status_label']}")

    step("4. Launch the collection StackSet and wait for every region")
    operation = call("POST", f"/api/v1/log-sources/{sid}/deploy/", {"use_source_credentials": True})
    print(f"    operation {operation['operation']}: {operation['status']}")
    while True:
        states = {
            s["region"]: s["deployment_state"] for s in call("GET", f"/api/v1/log-sources/{sid}/")["region_states"]
        }
        print(f"    {states}", flush=True)
        if set(states.values()) == {"complete"}:
            break
        if "failed" in states.values() or time.monotonic() > deadline:
            print("    the deployment did not complete", file=sys.stderr)
            return 1
        time.sleep(2)

    step("5. Test connection")
    checklist = call("POST", f"/api/v1/log-sources/{sid}/verify/")
    print(f"    account: {checklist['account']['message']}")
    for region in checklist["regions"]:
        for check in region["checks"]:
            print(f"    {region['region']}: {'ok ' if check['ok'] else 'FAIL'} {check['message']}")
    if not checklist["ok"]:
        return 1

    step(f"6. Pull now and search *{ACCOUNT}*")
    while time.monotonic() < deadline:
        call("POST", f"/api/v1/log-sources/{sid}/pull/")
        page = call("GET", "/api/v1/events/", query={"q": f"*{ACCOUNT}*", "page_size": 50})
        if page["results"]:
            print(f"    {len(page['results'])} events on the first page, newest first:")
            for event in page["results"][:5]:
                print(f"    {event['timestamp']} {event['region']} {event['severity_label']:<6} {event['title']}")
            return 0
        print("    no events yet (new findings take a few minutes to arrive)", flush=True)
        time.sleep(3)
    print("    no events before the timeout", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
