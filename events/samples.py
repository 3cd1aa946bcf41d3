"""Realistic GuardDuty findings as EventBridge delivers them into the log group (2-3 KB each).

Used by the tests, the demo and the benchmarks. Findings vary in type, resource (EC2
instance, IAM access key, S3 bucket), attacker address with country, city, geolocation and
ASN organisation; `repeat()` gives a later occurrence of the same finding id with a higher
`service.count`, as GuardDuty publishes repeats.
"""

from __future__ import annotations

import json
import random
import uuid
from datetime import UTC, datetime, timedelta

FINDING_TYPES = [
    ("Recon:EC2/PortProbeUnprotectedPort", "Instance", 2.0, "Unprotected port on EC2 instance {r} is being probed."),
    ("UnauthorizedAccess:EC2/SSHBruteForce", "Instance", 2.0, "{r} is performing SSH brute force attacks."),
    (
        "CryptoCurrency:EC2/BitcoinTool.B!DNS",
        "Instance",
        8.0,
        "EC2 instance {r} is querying a domain name that is associated with Bitcoin-related activity.",
    ),
    (
        "Backdoor:EC2/C&CActivity.B",
        "Instance",
        8.0,
        "EC2 instance {r} is querying an IP that is associated with a known command and control server.",
    ),
    ("Trojan:EC2/DNSDataExfiltration", "Instance", 8.0, "Data exfiltration through DNS queries from EC2 instance {r}."),
    (
        "UnauthorizedAccess:IAMUser/TorIPCaller",
        "AccessKey",
        5.0,
        "API GetCallerIdentity was invoked from a Tor exit node IP address by {r}.",
    ),
    (
        "Recon:IAMUser/MaliciousIPCaller",
        "AccessKey",
        5.0,
        "API ListBuckets was invoked from a known malicious IP address by {r}.",
    ),
    (
        "Discovery:S3/MaliciousIPCaller",
        "S3Bucket",
        5.0,
        "S3 API GetBucketAcl was invoked from a known malicious IP address against {r}.",
    ),
    (
        "Policy:S3/BucketBlockPublicAccessDisabled",
        "S3Bucket",
        2.0,
        "Amazon S3 Block Public Access was disabled for S3 bucket {r}.",
    ),
    (
        "Impact:EC2/WinRMBruteForce",
        "Instance",
        8.0,
        "EC2 instance {r} is performing outbound Windows Remote Management brute force attacks.",
    ),
]

ATTACKERS = [
    ("198.51.100.7", "Netherlands", "NL", "Amsterdam", 52.3676, 4.9041, "AS60781", "LeaseWeb Netherlands B.V."),
    ("203.0.113.24", "Russia", "RU", "Moscow", 55.7558, 37.6173, "AS12389", "PJSC Rostelecom"),
    ("192.0.2.145", "China", "CN", "Beijing", 39.9042, 116.4074, "AS4134", "Chinanet"),
    ("185.220.101.33", "Germany", "DE", "Frankfurt am Main", 50.1109, 8.6821, "AS208294", "Tor Exit Relay e.V."),
    ("45.155.205.99", "Brazil", "BR", "São Paulo", -23.5505, -46.6333, "AS28573", "Claro NXT Telecomunicacoes Ltda"),
    ("103.97.13.51", "Vietnam", "VN", "Hanoi", 21.0278, 105.8342, "AS45899", "VNPT Corp"),
    ("89.248.165.12", "Seychelles", "SC", "Victoria", -4.6191, 55.4513, "AS202425", "IP Volume inc"),
    ("61.177.172.140", "China", "CN", "Lianyungang", 34.5967, 119.2216, "AS4134", "Chinanet Jiangsu"),
]


def _hex(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def finding(
    *,
    account: str = "123456789012",
    region: str = "us-east-1",
    rng: random.Random | None = None,
    when: datetime | None = None,
    finding_id: str | None = None,
    count: int = 1,
    kind: int | None = None,
    attacker: int | None = None,
    include_account: bool = True,
) -> dict:
    """One EventBridge envelope (a dict) carrying a GuardDuty finding."""
    rng = rng or random.Random()
    when = when or datetime.now(UTC)
    finding_id = finding_id or _hex(rng, 32)
    detector = _hex(rng, 32)
    ftype, resource_type, base, title = FINDING_TYPES[rng.randrange(len(FINDING_TYPES)) if kind is None else kind]
    ip, country, code, city, lat, lon, asn, org = ATTACKERS[
        rng.randrange(len(ATTACKERS)) if attacker is None else attacker
    ]
    severity = round(min(8.9, max(1.0, base + rng.choice([0, 0, 0.1, 0.5, 0.9]))), 1)
    partition = "aws-cn" if region.startswith("cn-") else "aws"
    first = when - timedelta(minutes=15 * (count - 1))
    instance_id = "i-0" + _hex(rng, 16)
    access_key = "ASIA" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))
    bucket = f"acme-{rng.choice(['logs', 'backups', 'data', 'static'])}-{_hex(rng, 6)}"
    if resource_type == "Instance":
        resource = {
            "resourceType": "Instance",
            "instanceDetails": {
                "instanceId": instance_id,
                "instanceType": rng.choice(["t3.micro", "m5.large", "c6g.xlarge"]),
                "launchTime": _iso(when - timedelta(days=rng.randint(1, 400))),
                "platform": None,
                "productCodes": [],
                "iamInstanceProfile": {
                    "arn": f"arn:{partition}:iam::{account}:instance-profile/web-server",
                    "id": "AIPA" + _hex(rng, 16).upper(),
                },
                "networkInterfaces": [
                    {
                        "ipv6Addresses": [],
                        "networkInterfaceId": "eni-0" + _hex(rng, 16),
                        "privateDnsName": f"ip-10-0-{rng.randint(0, 255)}-{rng.randint(1, 254)}.ec2.internal",
                        "privateIpAddress": f"10.0.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                        "publicDnsName": f"ec2-54-{rng.randint(0, 255)}-{rng.randint(0, 255)}-{rng.randint(1, 254)}.compute-1.amazonaws.com",
                        "publicIp": f"54.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                        "securityGroups": [{"groupId": "sg-0" + _hex(rng, 16), "groupName": "web"}],
                        "subnetId": "subnet-0" + _hex(rng, 16),
                        "vpcId": "vpc-0" + _hex(rng, 16),
                    }
                ],
                "tags": [{"key": "Name", "value": rng.choice(["web-1", "bastion", "worker-7", "db-proxy"])}],
                "instanceState": "running",
                "availabilityZone": f"{region}{rng.choice('abc')}",
                "imageId": "ami-0" + _hex(rng, 16),
                "imageDescription": "Amazon Linux 2023 AMI",
            },
        }
        action = {
            "actionType": "PORT_PROBE" if ftype.startswith("Recon") else "NETWORK_CONNECTION",
            "networkConnectionAction": {
                "connectionDirection": "INBOUND" if ftype.startswith(("Recon", "Unauth")) else "OUTBOUND",
                "remoteIpDetails": None,
                "remotePortDetails": {"port": rng.choice([22, 3389, 443, 5985]), "portName": "Unknown"},
                "localPortDetails": {"port": rng.choice([22, 80, 443]), "portName": "SSH"},
                "protocol": "TCP",
                "blocked": False,
            },
        }
        resource_ref = instance_id
    elif resource_type == "AccessKey":
        user = rng.choice(["deploy-bot", "alice.admin", "ci-runner"])
        resource = {
            "resourceType": "AccessKey",
            "accessKeyDetails": {
                "accessKeyId": access_key,
                "principalId": "AIDA" + _hex(rng, 17).upper(),
                "userName": user,
                "userType": "IAMUser",
            },
        }
        action = {
            "actionType": "AWS_API_CALL",
            "awsApiCallAction": {
                "api": rng.choice(["GetCallerIdentity", "ListBuckets", "DescribeInstances"]),
                "callerType": "Remote IP",
                "remoteIpDetails": None,
                "serviceName": rng.choice(["sts.amazonaws.com", "s3.amazonaws.com", "ec2.amazonaws.com"]),
                "errorCode": rng.choice(["", "AccessDenied"]),
            },
        }
        resource_ref = user
    else:
        resource = {
            "resourceType": "S3Bucket",
            "s3BucketDetails": [
                {
                    "arn": f"arn:{partition}:s3:::{bucket}",
                    "name": bucket,
                    "type": "Destination",
                    "createdAt": _iso(when - timedelta(days=rng.randint(30, 900))),
                    "owner": {"id": _hex(rng, 64)},
                    "publicAccess": {"effectivePermission": rng.choice(["NOT_PUBLIC", "PUBLIC"])},
                }
            ],
        }
        action = {
            "actionType": "AWS_API_CALL",
            "awsApiCallAction": {
                "api": rng.choice(["GetBucketAcl", "PutBucketPublicAccessBlock", "ListObjects"]),
                "callerType": "Remote IP",
                "remoteIpDetails": None,
                "serviceName": "s3.amazonaws.com",
            },
        }
        resource_ref = bucket
    remote = {
        "ipAddressV4": ip,
        "organization": {"asn": asn.removeprefix("AS"), "asnOrg": org, "isp": org, "org": org},
        "country": {"countryCode": code, "countryName": country},
        "city": {"cityName": city},
        "geoLocation": {"lat": lat, "lon": lon},
    }
    for part in action.values():
        if isinstance(part, dict) and "remoteIpDetails" in part:
            part["remoteIpDetails"] = remote
    arn = f"arn:{partition}:guardduty:{region}:{account}:detector/{detector}/finding/{finding_id}"
    detail = {
        "schemaVersion": "2.0",
        "accountId": account,
        "region": region,
        "partition": partition,
        "id": finding_id,
        "arn": arn,
        "type": ftype,
        "resource": resource,
        "service": {
            "serviceName": "guardduty",
            "detectorId": detector,
            "action": action,
            "resourceRole": "TARGET" if ftype.startswith(("Recon", "Unauth", "Discovery")) else "ACTOR",
            "additionalInfo": {
                "threatListName": rng.choice(["ProofPoint", "TorNodes", "Emerging Threats"]),
                "sample": False,
            },
            "eventFirstSeen": _iso(first),
            "eventLastSeen": _iso(when),
            "archived": False,
            "count": count,
        },
        "severity": severity,
        "createdAt": _iso(first),
        "updatedAt": _iso(when),
        "title": title.format(r=resource_ref),
        "description": title.format(r=resource_ref)
        + " This activity is unusual for this resource and may indicate a compromise.",
    }
    envelope = {
        "version": "0",
        "id": str(uuid.UUID(int=rng.getrandbits(128))),
        "detail-type": "GuardDuty Finding",
        "source": "aws.guardduty",
        "account": account,
        "time": _iso(when),
        "region": region,
        "resources": [],
        "detail": detail,
    }
    if not include_account:
        del envelope["account"]
    return envelope


def repeat(envelope: dict, *, later: timedelta = timedelta(minutes=15)) -> dict:
    """A later publication of the same finding: same id, count + 1, new lastSeen/updatedAt."""
    again = json.loads(json.dumps(envelope))
    when = datetime.fromisoformat(envelope["detail"]["updatedAt"].replace("Z", "+00:00")) + later
    again["id"] = str(uuid.uuid4())
    again["time"] = _iso(when)
    again["detail"]["updatedAt"] = _iso(when)
    again["detail"]["service"]["eventLastSeen"] = _iso(when)
    again["detail"]["service"]["count"] += 1
    return again


def message(envelope: dict) -> str:
    return json.dumps(envelope, separators=(",", ":"))


def stream(
    n: int,
    *,
    account: str = "123456789012",
    region: str = "us-east-1",
    seed: int = 1,
    start: datetime | None = None,
    repeat_share: float = 0.2,
):
    """`n` envelope messages with increasing times, about `repeat_share` of them repeats of earlier findings."""
    rng = random.Random(seed)
    start = start or datetime.now(UTC) - timedelta(hours=1)
    recent: list[dict] = []
    for i in range(n):
        when = start + timedelta(milliseconds=i * 10)
        if recent and rng.random() < repeat_share:
            base = recent[rng.randrange(len(recent))]
            env = repeat(base)
            env["time"] = env["detail"]["updatedAt"] = _iso(when)
        else:
            env = finding(account=account, region=region, rng=rng, when=when)
            if len(recent) < 200:
                recent.append(env)
            else:
                recent[rng.randrange(200)] = env
        yield when, message(env)
