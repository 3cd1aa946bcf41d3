"""A GuardDuty finding simulator for the local AWS emulator (the demo's source of findings).

GuardDuty's own findings APIs are missing from the emulator, and its EventBridge delivers
only a slow trickle, so the simulator writes what the collection template's rule would
write: EventBridge envelopes with a GuardDuty finding in `detail`, put straight into each
region's `Armor_GuardDuty_Log_Group` once the template has created it there. Findings vary
in type, severity, attacker (IP, country, city, geo-location, ASN) and affected resource,
and some repeat with the same finding id and a rising `service.count`, as GuardDuty
publishes updates of an active finding.

It refuses to run without AWS_ENDPOINT_URL: simulated findings must never reach a real
AWS account.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from core import aws

LOG_GROUP = "Armor_GuardDuty_Log_Group"
STREAM = "guardduty-simulator"
DEMO_ACCOUNT = "123456789012"
# Any key works in the emulator; this is AWS's documented example key.
DEMO_ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
DEMO_SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"  # noqa: S105 - AWS documentation example


@dataclass(frozen=True)
class Attacker:
    ip: str
    country_code: str
    country: str
    city: str
    lat: float
    lon: float
    asn: str
    asn_org: str
    isp: str


# Addresses come from the documentation ranges (RFC 5737) so no real host is accused.
ATTACKERS: tuple[Attacker, ...] = (
    Attacker(
        "198.51.100.23",
        "RU",
        "Russia",
        "Moscow",
        55.7522,
        37.6156,
        "49505",
        "OOO Network of data-centers Selectel",
        "Selectel",
    ),
    Attacker(
        "203.0.113.77",
        "CN",
        "China",
        "Beijing",
        39.9075,
        116.3972,
        "4808",
        "China Unicom Beijing Province Network",
        "China Unicom",
    ),
    Attacker(
        "192.0.2.141",
        "NL",
        "Netherlands",
        "Amsterdam",
        52.3740,
        4.8897,
        "60781",
        "LeaseWeb Netherlands B.V.",
        "LeaseWeb",
    ),
    Attacker(
        "198.51.100.190",
        "BR",
        "Brazil",
        "Sao Paulo",
        -23.5475,
        -46.6361,
        "28573",
        "Claro NXT Telecomunicacoes Ltda",
        "Claro S.A.",
    ),
    Attacker("203.0.113.5", "NG", "Nigeria", "Lagos", 6.4541, 3.3947, "37148", "Globacom Limited", "Globacom"),
    Attacker(
        "192.0.2.66",
        "RO",
        "Romania",
        "Bucharest",
        44.4323,
        26.1063,
        "9050",
        "Orange Romania Communication S.A",
        "Orange Romania",
    ),
    Attacker(
        "198.51.100.244",
        "US",
        "United States",
        "Ashburn",
        39.0437,
        -77.4875,
        "14061",
        "DigitalOcean, LLC",
        "DigitalOcean",
    ),
    Attacker(
        "203.0.113.199", "IR", "Iran", "Tehran", 35.6944, 51.4215, "58224", "Iran Telecommunication Company PJS", "TCI"
    ),
    Attacker("192.0.2.210", "VN", "Vietnam", "Hanoi", 21.0245, 105.8412, "45899", "VNPT Corp", "VNPT"),
    Attacker(
        "198.51.100.9", "DE", "Germany", "Frankfurt am Main", 50.1155, 8.6842, "24940", "Hetzner Online GmbH", "Hetzner"
    ),
    Attacker("203.0.113.31", "KP", "North Korea", "Pyongyang", 39.0339, 125.7543, "131279", "Ryugyong-dong", "Star JV"),
    Attacker("192.0.2.88", "IN", "India", "Mumbai", 19.0728, 72.8826, "9829", "National Internet Backbone", "BSNL"),
)

MALICIOUS_DOMAINS = {
    "bitcoin": ("pool.minexmr.example", "xmr.pool.minergate.example", "stratum.btc-mining.example"),
    "c2": ("c2.badactor.example", "beacon.evil-updates.example", "cdn.malware-drop.example"),
    "exfil": ("aGVsbG8gd29ybGQ.exfil.example", "dGhpcyBpcyBkYXRh.exfil.example"),
}
IAM_USERS = ("deploy-bot", "alice.admin", "ci-runner", "billing-reader", "backup-service")
BUCKETS = ("acme-customer-exports", "acme-payroll-archive", "acme-app-logs", "acme-ml-training-data")
API_CALLS = (
    ("DescribeInstances", "ec2.amazonaws.com"),
    ("ListBuckets", "s3.amazonaws.com"),
    ("GetCallerIdentity", "sts.amazonaws.com"),
    ("ListUsers", "iam.amazonaws.com"),
    ("GetSecretValue", "secretsmanager.amazonaws.com"),
)
INSTANCE_TYPES = ("t3.micro", "t3.large", "m5.xlarge", "c5.2xlarge", "r6g.large")
APP_NAMES = ("web-frontend", "payments-api", "batch-worker", "bastion", "etl-runner", "grafana")


@dataclass(frozen=True)
class FindingType:
    """One GuardDuty finding type: how it reads, how bad it is, what it is about."""

    name: str
    severity: float
    resource: str  # Instance, AccessKey or S3Bucket
    action: str  # DNS_REQUEST, AWS_API_CALL, NETWORK_CONNECTION or PORT_PROBE
    title: str
    description: str
    domains: str = ""
    direction: str = "INBOUND"
    port: int = 0


FINDING_TYPES: tuple[FindingType, ...] = (
    FindingType(
        "CryptoCurrency:EC2/BitcoinTool.B!DNS",
        8.0,
        "Instance",
        "DNS_REQUEST",
        "Bitcoin-related domain name queried by EC2 instance {instance}.",
        "EC2 instance {instance} is querying a domain name that is associated with Bitcoin-related activity.",
        domains="bitcoin",
    ),
    FindingType(
        "UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom",
        5.0,
        "AccessKey",
        "AWS_API_CALL",
        "API {api} was invoked from an IP address on a custom threat list.",
        "API {api}, commonly used in Discovery tactics, was invoked by user {user} from IP address {ip} "
        "on the custom threat list 'ArmorThreatIntel'.",
    ),
    FindingType(
        "Backdoor:EC2/C&CActivity.B!DNS",
        8.0,
        "Instance",
        "DNS_REQUEST",
        "Command and Control server domain name queried by EC2 instance {instance}.",
        "EC2 instance {instance} is querying a domain name associated with a known Command & Control server.",
        domains="c2",
    ),
    FindingType(
        "Recon:EC2/PortProbeUnprotectedPort",
        2.0,
        "Instance",
        "PORT_PROBE",
        "Unprotected port on EC2 instance {instance} is being probed.",
        "EC2 instance has an unprotected port {port} which is being probed by a known malicious host.",
        port=3389,
    ),
    FindingType(
        "UnauthorizedAccess:EC2/SSHBruteForce",
        2.0,
        "Instance",
        "NETWORK_CONNECTION",
        "{ip} is performing SSH brute force attacks against {instance}.",
        "{ip} is performing SSH brute force attacks against {instance}. Brute force attacks are used to gain "
        "unauthorized access to your instance by guessing the SSH password.",
        port=22,
    ),
    FindingType(
        "Exfiltration:S3/AnomalousBehavior",
        8.0,
        "S3Bucket",
        "AWS_API_CALL",
        "Anomalous API GetObject invoked by an IAM entity against bucket {bucket}.",
        "An IAM entity invoked an S3 API in a suspicious way: objects of {bucket} were read from {ip} "
        "at a volume and from a location unusual for this entity.",
    ),
    FindingType(
        "UnauthorizedAccess:EC2/TorClient",
        8.0,
        "Instance",
        "NETWORK_CONNECTION",
        "EC2 instance {instance} is communicating with Tor Entry node.",
        "EC2 instance {instance} is making connections to a Tor Entry node {ip}, which may indicate unauthorized access.",
        direction="OUTBOUND",
        port=9001,
    ),
    FindingType(
        "Trojan:EC2/DNSDataExfiltration",
        8.0,
        "Instance",
        "DNS_REQUEST",
        "Data exfiltration through DNS queries from EC2 instance {instance}.",
        "EC2 instance {instance} is querying domain names in a pattern that matches data exfiltration over DNS.",
        domains="exfil",
    ),
    FindingType(
        "Recon:IAMUser/MaliciousIPCaller",
        5.0,
        "AccessKey",
        "AWS_API_CALL",
        "Reconnaissance API {api} was invoked from a known malicious IP address.",
        "API {api}, commonly used in Discovery tactics, was invoked by user {user} from known malicious IP {ip}.",
    ),
    FindingType(
        "Impact:EC2/PortSweep",
        5.0,
        "Instance",
        "NETWORK_CONNECTION",
        "EC2 instance {instance} is performing outbound port sweeps.",
        "EC2 instance {instance} is probing port {port} on a large number of hosts, which may indicate it is compromised.",
        direction="OUTBOUND",
        port=445,
    ),
    FindingType(
        "CredentialAccess:IAMUser/AnomalousBehavior",
        5.0,
        "AccessKey",
        "AWS_API_CALL",
        "Anomalous API {api} invoked by an IAM entity.",
        "API {api}, commonly used in CredentialAccess tactics, was invoked by user {user} in an anomalous way.",
    ),
    FindingType(
        "Policy:S3/BucketBlockPublicAccessDisabled",
        2.0,
        "S3Bucket",
        "AWS_API_CALL",
        "Amazon S3 Block Public Access was disabled for S3 bucket {bucket}.",
        "Amazon S3 Block Public Access was disabled for S3 bucket {bucket} by user {user}.",
    ),
)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _hex(rng: random.Random, length: int) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(length))


@dataclass
class Finding:
    """An active finding in one region; `count` rises each time GuardDuty publishes it again."""

    id: str
    type: FindingType
    region: str
    account: str
    attacker: Attacker
    created_at: datetime
    updated_at: datetime
    count: int
    severity: float
    context: dict = field(default_factory=dict)


class FindingGenerator:
    """Makes GuardDuty findings and their EventBridge envelopes; seeded for repeatable tests."""

    def __init__(self, *, account: str = DEMO_ACCOUNT, seed: int | None = None, repeat_share: float = 0.4):
        self.account = account
        self.rng = random.Random(seed)  # noqa: S311 - sample data, not security
        self.repeat_share = repeat_share
        self.detector_id = _hex(self.rng, 32)
        self.active: dict[str, list[Finding]] = {}

    # --- findings

    def new_finding(self, region: str, now: datetime) -> Finding:
        rng = self.rng
        kind = rng.choice(FINDING_TYPES)
        attacker = rng.choice(ATTACKERS)
        zone = region + rng.choice("abc")
        context = {
            "instance": f"i-{_hex(rng, 17)}",
            "instance_type": rng.choice(INSTANCE_TYPES),
            "app": rng.choice(APP_NAMES),
            "zone": zone,
            "private_ip": f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(2, 254)}",
            "public_ip": f"203.0.113.{rng.randint(100, 254)}",
            "eni": f"eni-{_hex(rng, 17)}",
            "subnet": f"subnet-{_hex(rng, 17)}",
            "vpc": f"vpc-{_hex(rng, 17)}",
            "sg": f"sg-{_hex(rng, 17)}",
            "ami": f"ami-{_hex(rng, 17)}",
            "user": rng.choice(IAM_USERS),
            "access_key": "AKIA" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16)),
            "principal": "AIDA" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(17)),
            "bucket": rng.choice(BUCKETS),
            "api": rng.choice(API_CALLS),
            "domain": rng.choice(MALICIOUS_DOMAINS[kind.domains]) if kind.domains else "",
            "remote_port": rng.randint(32768, 60999),
        }
        # Severity varies a little inside the type's band, as GuardDuty's does.
        severity = round(min(8.9, max(1.0, kind.severity + rng.choice((0.0, 0.0, 0.3, 0.5, 0.9)))), 1)
        return Finding(
            id=_hex(rng, 32),
            type=kind,
            region=region,
            account=self.account,
            attacker=attacker,
            created_at=now,
            updated_at=now,
            count=1,
            severity=severity,
            context=context,
        )

    def next_finding(self, region: str, now: datetime) -> Finding:
        """A new finding, or (sometimes) the next publication of an active one with a higher count."""
        active = self.active.setdefault(region, [])
        if active and self.rng.random() < self.repeat_share:
            finding = self.rng.choice(active)
            finding.count += self.rng.randint(1, 6)
            finding.updated_at = now
            return finding
        finding = self.new_finding(region, now)
        active.append(finding)
        del active[:-25]  # keep a bounded set of active findings per region
        return finding

    # --- the message the collection template's EventBridge rule writes

    def envelope(self, finding: Finding) -> dict:
        return {
            "version": "0",
            "id": str(uuid.UUID(int=self.rng.getrandbits(128), version=4)),
            "detail-type": "GuardDuty Finding",
            "source": "aws.guardduty",
            "account": finding.account,
            "time": _iso(finding.updated_at),
            "region": finding.region,
            "resources": [],
            "detail": self.detail(finding),
        }

    def detail(self, finding: Finding) -> dict:
        c = finding.context
        kind = finding.type
        partition = "aws-cn" if finding.region.startswith("cn-") else "aws"
        api, service_name = c["api"]
        words = {
            "instance": c["instance"],
            "ip": finding.attacker.ip,
            "port": kind.port,
            "api": api if kind.name != "Exfiltration:S3/AnomalousBehavior" else "GetObject",
            "user": c["user"],
            "bucket": c["bucket"],
        }
        return {
            "schemaVersion": "2.0",
            "accountId": finding.account,
            "region": finding.region,
            "partition": partition,
            "id": finding.id,
            "arn": (
                f"arn:{partition}:guardduty:{finding.region}:{finding.account}:detector/{self.detector_id}"
                f"/finding/{finding.id}"
            ),
            "type": kind.name,
            "resource": self._resource(finding, partition),
            "service": self._service(finding, words),
            "severity": finding.severity,
            "createdAt": _iso(finding.created_at),
            "updatedAt": _iso(finding.updated_at),
            "title": kind.title.format(**words),
            "description": kind.description.format(**words),
        }

    def _resource(self, finding: Finding, partition: str) -> dict:
        c = finding.context
        kind = finding.type
        access_key = {
            "accessKeyId": c["access_key"],
            "principalId": c["principal"],
            "userName": c["user"],
            "userType": "IAMUser",
        }
        if kind.resource == "AccessKey":
            return {"resourceType": "AccessKey", "accessKeyDetails": access_key}
        if kind.resource == "S3Bucket":
            return {
                "resourceType": "S3Bucket",
                "accessKeyDetails": access_key,
                "s3BucketDetails": [
                    {
                        "arn": f"arn:{partition}:s3:::{c['bucket']}",
                        "name": c["bucket"],
                        "type": "Destination",
                        "createdAt": "2023-03-14T09:26:53.000Z",
                        "owner": {"id": _hex(random.Random(c["bucket"]), 64)},  # noqa: S311
                        "tags": [{"key": "DataClassification", "value": "Confidential"}],
                        "defaultServerSideEncryption": {"encryptionType": "AES256"},
                        "publicAccess": {
                            "effectivePermission": "NOT_PUBLIC",
                            "permissionConfiguration": {
                                "bucketLevelPermissions": {
                                    "blockPublicAccess": {
                                        "ignorePublicAcls": True,
                                        "restrictPublicBuckets": True,
                                        "blockPublicAcls": True,
                                        "blockPublicPolicy": True,
                                    }
                                }
                            },
                        },
                    }
                ],
            }
        return {
            "resourceType": "Instance",
            "instanceDetails": {
                "instanceId": c["instance"],
                "instanceType": c["instance_type"],
                "launchTime": "2026-01-12T08:41:17.000Z",
                "platform": None,
                "productCodes": [],
                "iamInstanceProfile": {
                    "arn": f"arn:{partition}:iam::{finding.account}:instance-profile/{c['app']}-profile",
                    "id": "AIPA" + c["principal"][4:],
                },
                "networkInterfaces": [
                    {
                        "ipv6Addresses": [],
                        "networkInterfaceId": c["eni"],
                        "privateDnsName": f"ip-{c['private_ip'].replace('.', '-')}.{finding.region}.compute.internal",
                        "privateIpAddress": c["private_ip"],
                        "privateIpAddresses": [
                            {
                                "privateDnsName": f"ip-{c['private_ip'].replace('.', '-')}.{finding.region}.compute.internal",
                                "privateIpAddress": c["private_ip"],
                            }
                        ],
                        "subnetId": c["subnet"],
                        "vpcId": c["vpc"],
                        "securityGroups": [{"groupName": f"{c['app']}-sg", "groupId": c["sg"]}],
                        "publicDnsName": f"ec2-{c['public_ip'].replace('.', '-')}.compute-1.amazonaws.com",
                        "publicIp": c["public_ip"],
                    }
                ],
                "tags": [{"key": "Name", "value": c["app"]}, {"key": "Environment", "value": "production"}],
                "instanceState": "running",
                "availabilityZone": c["zone"],
                "imageId": c["ami"],
                "imageDescription": "Amazon Linux 2023 AMI 2023.6.20260110.0 x86_64 HVM kernel-6.1",
            },
        }

    def _remote_ip(self, attacker: Attacker) -> dict:
        return {
            "ipAddressV4": attacker.ip,
            "organization": {"asn": attacker.asn, "asnOrg": attacker.asn_org, "isp": attacker.isp, "org": attacker.isp},
            "country": {"countryCode": attacker.country_code, "countryName": attacker.country},
            "city": {"cityName": attacker.city},
            "geoLocation": {"lat": attacker.lat, "lon": attacker.lon},
        }

    def _service(self, finding: Finding, words: dict) -> dict:
        c = finding.context
        kind = finding.type
        remote = self._remote_ip(finding.attacker)
        if kind.action == "DNS_REQUEST":
            action = {
                "actionType": "DNS_REQUEST",
                "dnsRequestAction": {"domain": c["domain"], "protocol": "UDP", "blocked": False},
            }
        elif kind.action == "PORT_PROBE":
            action = {
                "actionType": "PORT_PROBE",
                "portProbeAction": {
                    "blocked": False,
                    "portProbeDetails": [
                        {"localPortDetails": {"port": kind.port, "portName": "RDP"}, "remoteIpDetails": remote}
                    ],
                },
            }
        elif kind.action == "NETWORK_CONNECTION":
            local = {"port": kind.port if kind.direction == "INBOUND" else c["remote_port"], "portName": "SSH"}
            remote_port = {
                "port": kind.port if kind.direction == "OUTBOUND" else c["remote_port"],
                "portName": "Unknown",
            }
            action = {
                "actionType": "NETWORK_CONNECTION",
                "networkConnectionAction": {
                    "connectionDirection": kind.direction,
                    "protocol": "TCP",
                    "blocked": False,
                    "localIpDetails": {"ipAddressV4": c["private_ip"]},
                    "localPortDetails": local,
                    "remotePortDetails": remote_port,
                    "remoteIpDetails": remote,
                },
            }
        else:
            action = {
                "actionType": "AWS_API_CALL",
                "awsApiCallAction": {
                    "api": words["api"],
                    "serviceName": c["api"][1] if words["api"] != "GetObject" else "s3.amazonaws.com",
                    "callerType": "Remote IP",
                    "errorCode": "",
                    "userAgent": {"fullUserAgent": "aws-cli/2.15.30 Python/3.11.8 Linux/6.1", "userAgent": "aws-cli"},
                    "remoteIpDetails": remote,
                    "affectedResources": {"AWS::S3::Bucket": c["bucket"]} if kind.resource == "S3Bucket" else {},
                },
            }
        first_seen = finding.created_at - timedelta(minutes=3)
        info: dict = {"threatListName": "ArmorThreatIntel", "sample": False}
        if kind.action == "AWS_API_CALL":
            # GuardDuty lists the caller's recent API calls on API findings.
            info["apiCalls"] = [
                {
                    "name": name,
                    "count": finding.count * (i + 1),
                    "firstSeen": _iso(first_seen),
                    "lastSeen": _iso(finding.updated_at),
                }
                for i, (name, _service) in enumerate(API_CALLS[:3])
            ]
        return {
            "serviceName": "guardduty",
            "detectorId": self.detector_id,
            "action": action,
            "resourceRole": "TARGET" if kind.direction == "INBOUND" else "ACTOR",
            "additionalInfo": {"value": json.dumps(info), "type": "default"},
            "evidence": {
                "threatIntelligenceDetails": [
                    {"threatListName": "ArmorThreatIntel", "threatNames": [kind.name.split(":")[0]]}
                ]
            },
            "eventFirstSeen": _iso(first_seen),
            "eventLastSeen": _iso(finding.updated_at),
            "archived": False,
            "count": finding.count,
        }

    def envelopes(self, region: str, n: int, now: datetime | None = None) -> list[dict]:
        now = now or datetime.now(UTC)
        return [self.envelope(self.next_finding(region, now)) for _ in range(n)]


class Simulator:
    """Writes findings into every region whose collection log group exists in the emulator."""

    def __init__(
        self,
        *,
        regions: Iterable[str],
        generator: FindingGenerator,
        credentials: aws.AwsCredentials | None = None,
        log_group: str = LOG_GROUP,
        out: Callable[[str], None] = print,
    ):
        self.regions = list(regions)
        self.generator = generator
        self.credentials = credentials or aws.AwsCredentials(
            os.environ.get("AWS_ACCESS_KEY_ID") or DEMO_ACCESS_KEY,
            os.environ.get("AWS_SECRET_ACCESS_KEY") or DEMO_SECRET_KEY,
        )
        self.log_group = log_group
        self.out = out
        self.deployed: set[str] = set()
        self._clients: dict[str, object] = {}
        self.written = 0

    def _logs(self, region: str):
        if region not in self._clients:
            self._clients[region] = aws.client("logs", region=region, credentials=self.credentials)
        return self._clients[region]

    def _discover(self, region: str) -> bool:
        """Does the collection log group exist here? Creates the simulator's stream when it does."""
        logs = self._logs(region)
        groups = logs.describe_log_groups(logGroupNamePrefix=self.log_group).get("logGroups", [])
        if not any(g["logGroupName"] == self.log_group for g in groups):
            return False
        with contextlib.suppress(logs.exceptions.ResourceAlreadyExistsException):
            logs.create_log_stream(logGroupName=self.log_group, logStreamName=STREAM)
        return True

    def tick(self, *, per_region: int = 1, now: datetime | None = None) -> dict[str, int]:
        """Write `per_region` findings into each deployed region; returns how many went where."""
        written: dict[str, int] = {}
        for region in self.regions:
            if region not in self.deployed:
                if not self._discover(region):
                    continue
                self.deployed.add(region)
                self.out(f"{region}: {self.log_group} found; writing findings there.")
            envelopes = self.generator.envelopes(region, per_region, now=now)
            stamp = int(time.time() * 1000)
            try:
                self._logs(region).put_log_events(
                    logGroupName=self.log_group,
                    logStreamName=STREAM,
                    logEvents=[
                        {"timestamp": stamp, "message": json.dumps(e, separators=(",", ":"))} for e in envelopes
                    ],
                )
            except self._logs(region).exceptions.ResourceNotFoundException:
                # The template was deleted in this region: wait for it to come back.
                self.deployed.discard(region)
                self.out(f"{region}: {self.log_group} is gone; stopped writing there.")
                continue
            written[region] = len(envelopes)
            self.written += len(envelopes)
        return written


def require_emulator() -> str:
    """The emulator's URL; refuses to go on when the AWS calls would reach real AWS."""
    endpoint = os.environ.get("AWS_ENDPOINT_URL", "")
    if not endpoint:
        raise RuntimeError(
            "AWS_ENDPOINT_URL is not set: the simulator writes only into a local AWS emulator, never into real AWS."
        )
    return endpoint
