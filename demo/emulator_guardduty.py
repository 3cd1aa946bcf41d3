"""GuardDuty's CreateSampleFindings for the local AWS: a stand-in for what the emulator lacks.

moto 5.2.5 keeps GuardDuty detectors but answers 404 to the findings APIs, so "Send a sample
finding" would have nothing to talk to in the demo and the tests. This layer answers
`POST /detector/{detectorId}/findings/create` as GuardDuty and EventBridge together would:
each requested type becomes a sample finding (`service.additionalInfo.sample: true`) in an
EventBridge envelope, written into that account's and region's `Armor_GuardDuty_Log_Group`,
which is where the collection template's rule would deliver it. Everything else goes to moto.

It is plugged in front of moto in two places: `make run` starts `GuardDutySampleProxy` (this
module run as a program) and points the portal's AWS_ENDPOINT_URL at it; the tests' fault
proxy (tests/aws_fault_proxy.py) calls `answer_create_sample_findings` itself.

Which account a request acts in: moto has no MOTO_ACCOUNT_ID here (accounts must stay apart
for roles), so it maps the signer's access key to an account (an IAM user's key to its
account, an assumed role's session to the role's account, any other key to 123456789012).
The request cannot be re-signed, but moto checks signatures only with IAM enforcement on, so
this asks moto itself: GetCallerIdentity with the request's own credential headers, the same
way the tests' fault proxy learns who signed an AssumeRole. An explicit `x-moto-account-id`
header wins, as it does in moto. The detector must then exist in that account and region,
or the call is refused as GuardDuty refuses a detector of another account.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import threading
import urllib.parse
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import boto3

from demo import findings

LOG_GROUP = "Armor_GuardDuty_Log_Group"
SAMPLE_PATH = re.compile(r"^/detector/([^/?]+)/findings/create/?(\?.*)?$")
_SCOPE = re.compile(r"Credential=[^/]+/\d{8}/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request")
# Any key of the right shape works against the emulator; these are AWS's documentation examples.
_EMULATOR_KEY = ("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")


def action_of(method: str, path: str) -> str:
    """The GuardDuty action of a rest-json request this layer knows ("" otherwise)."""
    if method == "POST" and SAMPLE_PATH.match(path):
        return "CreateSampleFindings"
    if method == "GET" and re.match(r"^/detector/?(\?.*)?$", path):
        return "ListDetectors"
    if method == "GET" and re.match(r"^/detector/[^/?]+/?(\?.*)?$", path):
        return "GetDetector"
    return ""


def region_of(headers: dict) -> str:
    match = _SCOPE.search(_header(headers, "Authorization"))
    return match.group(1) if match else "us-east-1"


def _header(headers: dict, name: str) -> str:
    return next((value for key, value in headers.items() if key.lower() == name.lower()), "")


def account_of(upstream_url: str, headers: dict) -> str | None:
    """The account moto acts in for a request with these headers (see the module docstring)."""
    explicit = _header(headers, "x-moto-account-id")
    if explicit:
        return explicit
    authorization = _header(headers, "Authorization")
    if not authorization:
        return None
    side = {
        "Authorization": re.sub(r"/[a-z0-9-]+/aws4_request", "/sts/aws4_request", authorization),
        "X-Amz-Date": _header(headers, "X-Amz-Date"),
        "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
    }
    token = _header(headers, "X-Amz-Security-Token")
    if token:
        side["X-Amz-Security-Token"] = token
    parts = urllib.parse.urlsplit(upstream_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        body = urllib.parse.urlencode({"Action": "GetCallerIdentity", "Version": "2011-06-15"})
        connection.request("POST", "/", body=body, headers=side)
        response = connection.getresponse()
        payload = response.read()
        if response.status != 200:
            return None
    finally:
        connection.close()
    try:
        root = ET.fromstring(payload)  # noqa: S314 - the local emulator's own answer
    except ET.ParseError:
        return None
    return next((e.text for e in root.iter() if e.tag.rsplit("}", 1)[-1] == "Account"), None)


def _client(service: str, *, upstream_url: str, account: str, region: str):
    client = boto3.client(
        service,
        region_name=region,
        endpoint_url=upstream_url,
        aws_access_key_id=_EMULATOR_KEY[0],
        aws_secret_access_key=_EMULATOR_KEY[1],
    )

    def into_account(request, **kwargs):
        request.headers["x-moto-account-id"] = account

    client.meta.events.register("before-send.*", into_account)
    return client


def sample_envelope(*, account: str, region: str, detector_id: str, finding_type: str, now: datetime) -> dict:
    """One sample finding of `finding_type` as EventBridge delivers it, shaped like GuardDuty's samples."""
    envelope = findings.finding(account=account, region=region, kind=finding_type, when=now)
    detail = envelope["detail"]
    partition = detail.get("partition", "aws")
    detail["arn"] = f"arn:{partition}:guardduty:{region}:{account}:detector/{detector_id}/finding/{detail['id']}"
    service = detail.setdefault("service", {})
    service["detectorId"] = detector_id
    service["archived"] = False
    service["additionalInfo"] = {**(service.get("additionalInfo") or {}), "sample": True}
    return envelope


def sample_findings_write(
    *, upstream_url: str, account: str, region: str, detector_id: str, finding_types: list[str], now=None
) -> int:
    """Write one sample per type into the account's log group in `region`; 0 when the group is missing
    (EventBridge has no target there, so the findings go nowhere, as in AWS)."""
    now = now or datetime.now(UTC)
    logs = _client("logs", upstream_url=upstream_url, account=account, region=region)
    stream = f"guardduty-sample-{int(now.timestamp() * 1000)}-{threading.get_ident()}"
    try:
        logs.create_log_stream(logGroupName=LOG_GROUP, logStreamName=stream)
    except logs.exceptions.ResourceNotFoundException:
        return 0
    events = [
        {
            "timestamp": int(now.timestamp() * 1000),
            "message": findings.message(
                sample_envelope(account=account, region=region, detector_id=detector_id, finding_type=kind, now=now)
            ),
        }
        for kind in finding_types
    ]
    logs.put_log_events(logGroupName=LOG_GROUP, logStreamName=stream, logEvents=events)
    return len(events)


def _error(status: int, code: str, message: str) -> tuple[int, list[tuple[str, str]], bytes]:
    body = json.dumps({"__type": code, "message": message}).encode()
    return status, [("Content-Type", "application/json"), ("x-amzn-ErrorType", code)], body


def answer_create_sample_findings(
    *, upstream_url: str, path: str, headers: dict, body: bytes
) -> tuple[int, list[tuple[str, str]], bytes]:
    """GuardDuty's answer to CreateSampleFindings: (status, headers, body), the samples written first."""
    detector_id = urllib.parse.unquote(SAMPLE_PATH.match(path).group(1))
    region = region_of(headers)
    account = account_of(upstream_url, headers)
    if account is None:
        return _error(403, "AccessDeniedException", "The security token included in the request is invalid.")
    try:
        request = json.loads(body or b"{}")
    except ValueError:
        return _error(400, "BadRequestException", "The request body is not valid JSON.")
    types = request.get("findingTypes") or ["Recon:EC2/PortProbeUnprotectedPort"]
    guardduty = _client("guardduty", upstream_url=upstream_url, account=account, region=region)
    try:
        guardduty.get_detector(DetectorId=detector_id)
    except Exception:
        return _error(
            400,
            "BadRequestException",
            "The request is rejected because the input detectorId is not owned by the current account.",
        )
    sample_findings_write(
        upstream_url=upstream_url, account=account, region=region, detector_id=detector_id, finding_types=types
    )
    return 200, [("Content-Type", "application/json")], b"{}"


class GuardDutySampleProxy:
    """moto behind a proxy that answers CreateSampleFindings (the demo's AWS_ENDPOINT_URL)."""

    def __init__(self, upstream_url: str, *, port: int = 0, host: str = "127.0.0.1"):
        self.upstream_url = upstream_url
        parts = urllib.parse.urlsplit(upstream_url)
        upstream = (parts.hostname, parts.port)

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = dict(self.headers.items())
                if self.command == "POST" and SAMPLE_PATH.match(self.path):
                    status, response_headers, payload = answer_create_sample_findings(
                        upstream_url=upstream_url, path=self.path, headers=headers, body=body
                    )
                else:
                    connection = http.client.HTTPConnection(*upstream, timeout=120)
                    try:
                        headers.pop("Connection", None)
                        connection.request(self.command, self.path, body=body, headers=headers)
                        response = connection.getresponse()
                        status, response_headers, payload = response.status, response.getheaders(), response.read()
                    finally:
                        connection.close()
                self.send_response(status)
                for key, value in response_headers:
                    if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = _forward

        self.server = ThreadingHTTPServer((host, port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://{host}:{self.port}"

    def serve_forever(self) -> None:
        self.server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description="The local AWS with GuardDuty sample findings.")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--upstream", required=True, help="the moto server's URL")
    args = parser.parse_args()
    proxy = GuardDutySampleProxy(args.upstream, port=args.port)
    print(f"GuardDuty sample findings on {proxy.url}, everything else from {args.upstream}", flush=True)
    proxy.serve_forever()


if __name__ == "__main__":
    main()
