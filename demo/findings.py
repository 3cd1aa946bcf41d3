"""Realistic GuardDuty findings, seeded and repeatable: the one finding generator of the demo,
the tests and the benchmarks.

What the collection template's EventBridge rule writes into the log group: an EventBridge
envelope (`version, id, detail-type, source, account, time, region, resources, detail`) with
a GuardDuty finding in `detail`, 2.3-3.2 KB as JSON. Findings vary in type (EC2 instances, IAM
access keys and S3 buckets, each with the action GuardDuty reports for it: DNS request,
port probe, network connection or API call), severity inside the type's band, attacker (IP
address, country, city, geo-location, ASN) and affected resource. An active finding is
published again with the same id, a higher `service.count` and a new `updatedAt`, as
GuardDuty publishes updates of an active finding.

Same seed, same findings: every choice comes from the generator's own `random.Random`
(never the global one or uuid4), and times come from the caller (`now`, `when`, `start`,
which default to the clock).

- `FindingGenerator`: new findings mixed with repeats of active ones, per region (the demo's
  simulator and the browser journey use it);
- `finding()` one envelope, `repeat()` its next publication, `message()` the JSON text the
  log group holds, `stream()` n messages with repeats (tests and benchmarks).

Product code never imports this module: the demo app sits above every product app.
"""

from __future__ import annotations

import copy
import json
import random
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

DEMO_ACCOUNT = "123456789012"


@dataclass(frozen=True)
class Attacker:
    """Where an attack comes from, as GuardDuty's remoteIpDetails describe it."""

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
        "198.51.100.7",
        "NL",
        "Netherlands",
        "Amsterdam",
        52.3676,
        4.9041,
        "60781",
        "LeaseWeb Netherlands B.V.",
        "LeaseWeb",
    ),
    Attacker("203.0.113.24", "RU", "Russia", "Moscow", 55.7558, 37.6173, "12389", "PJSC Rostelecom", "Rostelecom"),
    Attacker("192.0.2.145", "CN", "China", "Beijing", 39.9042, 116.4074, "4134", "Chinanet", "China Telecom"),
    Attacker(
        "192.0.2.33",
        "DE",
        "Germany",
        "Frankfurt am Main",
        50.1109,
        8.6821,
        "208294",
        "Tor Exit Relay e.V.",
        "Tor Exit Relay e.V.",
    ),
    Attacker(
        "198.51.100.190",
        "BR",
        "Brazil",
        "São Paulo",
        -23.5475,
        -46.6361,
        "28573",
        "Claro NXT Telecomunicacoes Ltda",
        "Claro S.A.",
    ),
    Attacker("192.0.2.210", "VN", "Vietnam", "Hanoi", 21.0245, 105.8412, "45899", "VNPT Corp", "VNPT"),
    Attacker(
        "203.0.113.12", "SC", "Seychelles", "Victoria", -4.6191, 55.4513, "202425", "IP Volume inc", "IP Volume inc"
    ),
    Attacker(
        "198.51.100.140", "CN", "China", "Lianyungang", 34.5967, 119.2216, "4134", "Chinanet Jiangsu", "China Telecom"
    ),
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
INSTANCE_TYPES = ("t3.micro", "t3.large", "m5.xlarge", "c5.2xlarge", "r6g.large", "c6g.xlarge")
APP_NAMES = ("web-frontend", "payments-api", "batch-worker", "bastion", "etl-runner", "grafana", "db-proxy")
THREAT_LISTS = ("ProofPoint", "Emerging Threats")
PORT_NAMES = {22: "SSH", 80: "HTTP", 443: "HTTPS", 445: "SMB", 3389: "RDP", 5985: "WinRM"}


@dataclass(frozen=True)
class FindingType:
    """One GuardDuty finding type: how it reads, how bad it is, what it is about."""

    name: str
    severity: float
    resource: str  # Instance, AccessKey or S3Bucket
    action: str  # DNS_REQUEST, AWS_API_CALL, NETWORK_CONNECTION or PORT_PROBE
    title: str
    description: str
    domains: str = ""  # a key of MALICIOUS_DOMAINS, for DNS findings
    direction: str = "INBOUND"  # OUTBOUND: the resource is the actor
    port: int = 0
    api: tuple[str, str] | None = None  # the API called, when the type implies it; else one of API_CALLS
    threat_list: str = ""  # else one of THREAT_LISTS


FINDING_TYPES: tuple[FindingType, ...] = (
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
        "CryptoCurrency:EC2/BitcoinTool.B!DNS",
        8.0,
        "Instance",
        "DNS_REQUEST",
        "Bitcoin-related domain name queried by EC2 instance {instance}.",
        "EC2 instance {instance} is querying a domain name that is associated with Bitcoin-related activity.",
        domains="bitcoin",
        direction="OUTBOUND",
    ),
    FindingType(
        "Backdoor:EC2/C&CActivity.B",
        8.0,
        "Instance",
        "NETWORK_CONNECTION",
        "EC2 instance {instance} is communicating with a known Command and Control server.",
        "EC2 instance {instance} is querying IP {ip}, which is associated with a known command and control server.",
        direction="OUTBOUND",
        port=443,
    ),
    FindingType(
        "Backdoor:EC2/C&CActivity.B!DNS",
        8.0,
        "Instance",
        "DNS_REQUEST",
        "Command and Control server domain name queried by EC2 instance {instance}.",
        "EC2 instance {instance} is querying a domain name associated with a known Command & Control server.",
        domains="c2",
        direction="OUTBOUND",
    ),
    FindingType(
        "UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom",
        5.0,
        "AccessKey",
        "AWS_API_CALL",
        "API {api} was invoked from an IP address on a custom threat list.",
        "API {api}, commonly used in Discovery tactics, was invoked by user {user} from IP address {ip} "
        "on the custom threat list 'ArmorThreatIntel'.",
        threat_list="ArmorThreatIntel",
    ),
    FindingType(
        "UnauthorizedAccess:IAMUser/TorIPCaller",
        5.0,
        "AccessKey",
        "AWS_API_CALL",
        "API {api} was invoked from a Tor exit node IP address.",
        "API {api} was invoked by user {user} from Tor exit node IP address {ip}.",
        threat_list="TorNodes",
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
        "CredentialAccess:IAMUser/AnomalousBehavior",
        5.0,
        "AccessKey",
        "AWS_API_CALL",
        "Anomalous API {api} invoked by an IAM entity.",
        "API {api}, commonly used in CredentialAccess tactics, was invoked by user {user} in an anomalous way.",
    ),
    FindingType(
        "Exfiltration:S3/AnomalousBehavior",
        8.0,
        "S3Bucket",
        "AWS_API_CALL",
        "Anomalous API GetObject invoked by an IAM entity against bucket {bucket}.",
        "An IAM entity invoked an S3 API in a suspicious way: objects of {bucket} were read from {ip} "
        "at a volume and from a location unusual for this entity.",
        api=("GetObject", "s3.amazonaws.com"),
    ),
    FindingType(
        "Discovery:S3/MaliciousIPCaller",
        5.0,
        "S3Bucket",
        "AWS_API_CALL",
        "S3 API {api} was invoked from a known malicious IP address against bucket {bucket}.",
        "S3 API {api}, commonly used in Discovery tactics, was invoked by user {user} from known malicious IP {ip} "
        "against bucket {bucket}.",
        api=("GetBucketAcl", "s3.amazonaws.com"),
    ),
    FindingType(
        "Policy:S3/BucketBlockPublicAccessDisabled",
        2.0,
        "S3Bucket",
        "AWS_API_CALL",
        "Amazon S3 Block Public Access was disabled for S3 bucket {bucket}.",
        "Amazon S3 Block Public Access was disabled for S3 bucket {bucket} by user {user}.",
        api=("PutBucketPublicAccessBlock", "s3.amazonaws.com"),
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
        threat_list="TorNodes",
    ),
    FindingType(
        "Trojan:EC2/DNSDataExfiltration",
        8.0,
        "Instance",
        "DNS_REQUEST",
        "Data exfiltration through DNS queries from EC2 instance {instance}.",
        "EC2 instance {instance} is querying domain names in a pattern that matches data exfiltration over DNS.",
        domains="exfil",
        direction="OUTBOUND",
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
        "Impact:EC2/WinRMBruteForce",
        8.0,
        "Instance",
        "NETWORK_CONNECTION",
        "EC2 instance {instance} is performing outbound Windows Remote Management brute force attacks.",
        "EC2 instance {instance} is performing Windows Remote Management brute force attacks against {ip}, "
        "which may indicate it is compromised.",
        direction="OUTBOUND",
        port=5985,
    ),
)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _hex(rng: random.Random, length: int) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(length))


def _base32(rng: random.Random, length: int) -> str:
    return "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(length))


def _uuid4(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _pick(options: Sequence, wanted: int | str | None, attribute: str, rng: random.Random):
    """`wanted` by position or by its `attribute` (a type's name, an attacker's IP); random when None."""
    if wanted is None:
        return rng.choice(options)
    if isinstance(wanted, int):
        return options[wanted]
    for option in options:
        if getattr(option, attribute) == wanted:
            return option
    raise ValueError(f"No {attribute} {wanted!r}; choose one of: {', '.join(getattr(o, attribute) for o in options)}")


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
    """Makes GuardDuty findings and their EventBridge envelopes from one seeded random source."""

    def __init__(
        self,
        *,
        account: str = DEMO_ACCOUNT,
        seed: int | str | None = None,
        rng: random.Random | None = None,
        repeat_share: float = 0.4,
        active_per_region: int = 25,
    ):
        self.account = account
        self.rng = rng if rng is not None else random.Random(seed)  # noqa: S311 - sample data, not security
        self.repeat_share = repeat_share
        self.active_per_region = active_per_region
        self.detector_id = _hex(self.rng, 32)
        self.active: dict[str, list[Finding]] = {}

    # --- findings

    def new_finding(
        self,
        region: str,
        now: datetime,
        *,
        kind: int | str | None = None,
        attacker: int | str | None = None,
        finding_id: str | None = None,
        count: int = 1,
    ) -> Finding:
        """A finding first seen `count - 1` quarter-hours before `now`; `kind` is a type (name or
        position in FINDING_TYPES), `attacker` an attacker (IP or position in ATTACKERS)."""
        rng = self.rng
        ftype = _pick(FINDING_TYPES, kind, "name", rng)
        source = _pick(ATTACKERS, attacker, "ip", rng)
        context = {
            "instance": f"i-{_hex(rng, 17)}",
            "instance_type": rng.choice(INSTANCE_TYPES),
            "app": rng.choice(APP_NAMES),
            "zone": region + rng.choice("abc"),
            "private_ip": f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(2, 254)}",
            "public_ip": f"203.0.113.{rng.randint(100, 254)}",
            "eni": f"eni-{_hex(rng, 17)}",
            "subnet": f"subnet-{_hex(rng, 17)}",
            "vpc": f"vpc-{_hex(rng, 17)}",
            "sg": f"sg-{_hex(rng, 17)}",
            "ami": f"ami-{_hex(rng, 17)}",
            "launched_days_ago": rng.randint(1, 400),
            "user": rng.choice(IAM_USERS),
            "access_key": "ASIA" + _base32(rng, 16),
            "principal": "AIDA" + _base32(rng, 17),
            "bucket": rng.choice(BUCKETS),
            "bucket_days_old": rng.randint(30, 900),
            "api": ftype.api or rng.choice(API_CALLS),
            "error_code": rng.choice(("", "", "AccessDenied")),
            "domain": rng.choice(MALICIOUS_DOMAINS[ftype.domains]) if ftype.domains else "",
            "remote_port": rng.randint(32768, 60999),
            "threat_list": ftype.threat_list or rng.choice(THREAT_LISTS),
        }
        # Severity varies a little inside the type's band, as GuardDuty's does.
        severity = round(min(8.9, max(1.0, ftype.severity + rng.choice((0.0, 0.0, 0.3, 0.5, 0.9)))), 1)
        return Finding(
            id=finding_id or _hex(rng, 32),
            type=ftype,
            region=region,
            account=self.account,
            attacker=source,
            created_at=now - timedelta(minutes=15 * (count - 1)),
            updated_at=now,
            count=count,
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
        del active[: -self.active_per_region]  # keep a bounded set of active findings per region
        return finding

    def envelopes(self, region: str, n: int, now: datetime | None = None) -> list[dict]:
        now = now or datetime.now(UTC)
        return [self.envelope(self.next_finding(region, now)) for _ in range(n)]

    # --- the message the collection template's EventBridge rule writes

    def envelope(self, finding: Finding, *, include_account: bool = True) -> dict:
        """The EventBridge envelope; moto's EventBridge leaves `account` out (include_account=False)."""
        envelope = {
            "version": "0",
            "id": _uuid4(self.rng),
            "detail-type": "GuardDuty Finding",
            "source": "aws.guardduty",
            "account": finding.account,
            "time": _iso(finding.updated_at),
            "region": finding.region,
            "resources": [],
            "detail": self.detail(finding),
        }
        if not include_account:
            del envelope["account"]
        return envelope

    def detail(self, finding: Finding) -> dict:
        c = finding.context
        kind = finding.type
        partition = "aws-cn" if finding.region.startswith("cn-") else "aws"
        words = {
            "instance": c["instance"],
            "ip": finding.attacker.ip,
            "port": kind.port,
            "api": c["api"][0],
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
            "service": self._service(finding),
            "severity": finding.severity,
            "createdAt": _iso(finding.created_at),
            "updatedAt": _iso(finding.updated_at),
            "title": kind.title.format(**words),
            "description": kind.description.format(**words),
        }

    def _resource(self, finding: Finding, partition: str) -> dict:
        c = finding.context
        kind = finding.type
        # GuardDuty names the access key that made the calls on access-key and S3 findings alike.
        access_key = {
            "accessKeyId": c["access_key"],
            "principalId": c["principal"],
            "userName": c["user"],
            "userType": "IAMUser",
        }
        if kind.resource == "AccessKey":
            return {"resourceType": "AccessKey", "accessKeyDetails": access_key}
        if kind.resource == "S3Bucket":
            public = kind.name.startswith("Policy:")
            return {
                "resourceType": "S3Bucket",
                "accessKeyDetails": access_key,
                "s3BucketDetails": [
                    {
                        "arn": f"arn:{partition}:s3:::{c['bucket']}",
                        "name": c["bucket"],
                        "type": "Destination",
                        "createdAt": _iso(finding.created_at - timedelta(days=c["bucket_days_old"])),
                        "owner": {"id": _hex(random.Random(c["bucket"]), 64)},  # noqa: S311 - one owner per bucket
                        "tags": [{"key": "DataClassification", "value": "Confidential"}],
                        "defaultServerSideEncryption": {"encryptionType": "AES256"},
                        "publicAccess": {
                            "effectivePermission": "PUBLIC" if public else "NOT_PUBLIC",
                            "permissionConfiguration": {
                                "bucketLevelPermissions": {
                                    "blockPublicAccess": {
                                        "ignorePublicAcls": not public,
                                        "restrictPublicBuckets": not public,
                                        "blockPublicAcls": not public,
                                        "blockPublicPolicy": not public,
                                    }
                                }
                            },
                        },
                    }
                ],
            }
        private_dns = f"ip-{c['private_ip'].replace('.', '-')}.{finding.region}.compute.internal"
        return {
            "resourceType": "Instance",
            "instanceDetails": {
                "instanceId": c["instance"],
                "instanceType": c["instance_type"],
                "launchTime": _iso(finding.created_at - timedelta(days=c["launched_days_ago"])),
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
                        "privateDnsName": private_dns,
                        "privateIpAddress": c["private_ip"],
                        "privateIpAddresses": [{"privateDnsName": private_dns, "privateIpAddress": c["private_ip"]}],
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

    @staticmethod
    def _remote_ip(attacker: Attacker) -> dict:
        return {
            "ipAddressV4": attacker.ip,
            "organization": {"asn": attacker.asn, "asnOrg": attacker.asn_org, "isp": attacker.isp, "org": attacker.isp},
            "country": {"countryCode": attacker.country_code, "countryName": attacker.country},
            "city": {"cityName": attacker.city},
            "geoLocation": {"lat": attacker.lat, "lon": attacker.lon},
        }

    def _service(self, finding: Finding) -> dict:
        c = finding.context
        kind = finding.type
        remote = self._remote_ip(finding.attacker)
        api, service_name = c["api"]
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
                        {
                            "localPortDetails": {"port": kind.port, "portName": PORT_NAMES.get(kind.port, "Unknown")},
                            "remoteIpDetails": remote,
                        }
                    ],
                },
            }
        elif kind.action == "NETWORK_CONNECTION":
            inbound = kind.direction == "INBOUND"
            local_port = kind.port if inbound else c["remote_port"]
            remote_port = c["remote_port"] if inbound else kind.port
            action = {
                "actionType": "NETWORK_CONNECTION",
                "networkConnectionAction": {
                    "connectionDirection": kind.direction,
                    "protocol": "TCP",
                    "blocked": False,
                    "localIpDetails": {"ipAddressV4": c["private_ip"]},
                    "localPortDetails": {"port": local_port, "portName": PORT_NAMES.get(local_port, "Unknown")},
                    "remotePortDetails": {"port": remote_port, "portName": PORT_NAMES.get(remote_port, "Unknown")},
                    "remoteIpDetails": remote,
                },
            }
        else:
            action = {
                "actionType": "AWS_API_CALL",
                "awsApiCallAction": {
                    "api": api,
                    "serviceName": service_name,
                    "callerType": "Remote IP",
                    "errorCode": c["error_code"],
                    "userAgent": {"fullUserAgent": "aws-cli/2.15.30 Python/3.11.8 Linux/6.1", "userAgent": "aws-cli"},
                    "remoteIpDetails": remote,
                    "affectedResources": {"AWS::S3::Bucket": c["bucket"]} if kind.resource == "S3Bucket" else {},
                },
            }
        first_seen = finding.created_at - timedelta(minutes=3)
        info: dict = {"threatListName": c["threat_list"], "sample": False}
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
                    {"threatListName": c["threat_list"], "threatNames": [kind.name.split(":")[0]]}
                ]
            },
            "eventFirstSeen": _iso(first_seen),
            "eventLastSeen": _iso(finding.updated_at),
            "archived": False,
            "count": finding.count,
        }


# --- One envelope at a time, and streams of messages (tests and benchmarks)


def finding(
    *,
    account: str = DEMO_ACCOUNT,
    region: str = "us-east-1",
    rng: random.Random | None = None,
    seed: int | str | None = None,
    when: datetime | None = None,
    finding_id: str | None = None,
    count: int = 1,
    kind: int | str | None = None,
    attacker: int | str | None = None,
    include_account: bool = True,
) -> dict:
    """One EventBridge envelope (a dict) carrying a new GuardDuty finding.

    Repeatable with `rng` or `seed` (and `when`); `kind` picks the type (its name), `attacker`
    the attacker (its IP), `count` how often GuardDuty has seen it so far.
    """
    generator = FindingGenerator(account=account, rng=rng, seed=seed)
    new = generator.new_finding(
        region, when or datetime.now(UTC), kind=kind, attacker=attacker, finding_id=finding_id, count=count
    )
    return generator.envelope(new, include_account=include_account)


def repeat(envelope: dict, *, later: timedelta = timedelta(minutes=15), by: int = 1) -> dict:
    """A later publication of the same finding: same finding id, count + `by`, new lastSeen/updatedAt."""
    again = copy.deepcopy(envelope)
    detail = again["detail"]
    when = datetime.fromisoformat(detail["updatedAt"]) + later
    # A new delivery has a new envelope id; derived from the previous one so that it repeats too.
    again["id"] = _uuid4(random.Random(f"{envelope['id']}+{later}"))  # noqa: S311 - sample data
    again["time"] = detail["updatedAt"] = detail["service"]["eventLastSeen"] = _iso(when)
    detail["service"]["count"] += by
    return again


def message(envelope: dict) -> str:
    """The envelope as the log group holds it: compact JSON, UTF-8 kept as is."""
    return json.dumps(envelope, separators=(",", ":"), ensure_ascii=False)


def stream(
    n: int,
    *,
    account: str = DEMO_ACCOUNT,
    region: str = "us-east-1",
    seed: int | str = 1,
    start: datetime | None = None,
    step: timedelta = timedelta(milliseconds=10),
    repeat_share: float = 0.2,
) -> Iterator[tuple[datetime, str]]:
    """`n` (time, message) pairs `step` apart from `start` (default: an hour ago), about
    `repeat_share` of them repeats of earlier findings. The same seed and start give the same messages."""
    generator = FindingGenerator(account=account, seed=seed, repeat_share=repeat_share, active_per_region=200)
    start = start or datetime.now(UTC) - timedelta(hours=1)
    for i in range(n):
        when = start + i * step
        yield when, message(generator.envelope(generator.next_finding(region, when)))
