"""Realistic GuardDuty findings, seeded and repeatable: the one finding generator of the demo,
the tests and the benchmarks.

What the collection template's EventBridge rule writes into the log group: an EventBridge
envelope (`version, id, detail-type, source, account, time, region, resources, detail`) with
a GuardDuty finding in `detail`, 2.2-3.4 KB as JSON. Findings cover every resource type
GuardDuty reports (`resource.resourceType`: Instance, AccessKey, S3Bucket, S3Object,
EKSCluster, ECSCluster, Container, RDSDBInstance, RDSLimitlessDB, Lambda), each with the
details object AWS documents for it, in rough proportion to how often each protection plan
reports them: EC2 network and DNS findings, IAM and S3 API calls, Kubernetes audit findings,
Runtime Monitoring (`service.runtimeDetails`), malware scans of EBS volumes
(`ebsVolumeDetails`, `service.ebsVolumeScanDetails`) and of S3 objects
(`service.malwareScanDetails`), RDS logins, Lambda connections, and attack sequences
(`AttackSequence:*`, `service.detection.sequence`), the only findings in the Critical band
(9.0-10.0). Some findings carry `instanceDetails` beside their own resource, as AWS's do.
Severity varies inside the type's band; attackers vary (IP address, country, city,
geo-location, ASN). An active finding is published again with the same id, a higher
`service.count` and a new `updatedAt`, as GuardDuty publishes updates; now and then an older
update arrives after a newer one.

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
import dataclasses
import itertools
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
PORT_NAMES = {22: "SSH", 80: "HTTP", 443: "HTTPS", 445: "SMB", 3389: "RDP", 5985: "WinRM", 5432: "PostgreSQL"}
CLUSTERS = ("prod-eks-main", "staging-eks", "data-platform-eks")
ECS_CLUSTERS = ("payments-ecs", "batch-ecs-fargate", "web-ecs")
NAMESPACES = ("default", "payments", "kube-system", "monitoring")
IMAGES = (
    ("nginx", "1.27.3"),
    ("python", "3.12-slim"),
    ("123456789012.dkr.ecr.us-east-1.amazonaws.com/payments-api", "v4.2.1"),
    ("busybox", "1.36"),
)
DATABASES = (
    ("orders-db-1", "orders-aurora", "Aurora PostgreSQL", "16.4"),
    ("billing-db-2", "billing-aurora", "Aurora MySQL", "3.05.2"),
)
LIMITLESS_GROUPS = ("ledger-shards", "events-shards")
FUNCTIONS = ("thumbnail-resizer", "invoice-mailer", "s3-object-indexer", "slack-notifier")
MALWARE = (
    ("EICAR-Test-File (not a virus)", "/tmp/eicar.com"),  # noqa: S108 - a path in sample findings
    ("Linux.Trojan.Mirai", "/usr/local/bin/.sysupdate"),
    ("Multios.Coinminer.Miner-6781728-2", "/var/tmp/kdevtmpfsi"),  # noqa: S108 - a path in sample findings
)
OBJECT_KEYS = ("uploads/invoice-2026-11.pdf", "incoming/report.docm", "customer/avatar.zip")
PROCESSES = (
    ("xmrig", "/tmp/.x/xmrig"),  # noqa: S108 - a path in sample findings
    ("bash", "/usr/bin/bash"),
    ("nc", "/usr/bin/nc"),
    ("python3", "/usr/bin/python3.12"),
)


@dataclass(frozen=True)
class FindingType:
    """One GuardDuty finding type: how it reads, how bad it is, what it is about, how common it is."""

    name: str
    severity: float
    # GuardDuty's resource.resourceType: Instance, AccessKey, S3Bucket, S3Object, EKSCluster,
    # ECSCluster, Container, RDSDBInstance, RDSLimitlessDB or Lambda.
    resource: str
    # DNS_REQUEST, AWS_API_CALL, NETWORK_CONNECTION, PORT_PROBE, KUBERNETES_API_CALL and
    # RDS_LOGIN_ATTEMPT are GuardDuty's action types; RUNTIME (Runtime Monitoring), EBS_SCAN
    # (Malware Protection for EC2), S3_SCAN (Malware Protection for S3) and SEQUENCE (an attack
    # sequence of Extended Threat Detection) carry their evidence outside `service.action`.
    action: str
    title: str
    description: str
    domains: str = ""  # a key of MALICIOUS_DOMAINS, for DNS findings
    direction: str = "INBOUND"  # OUTBOUND: the resource is the actor
    port: int = 0
    api: tuple[str, str] | None = None  # the API called, when the type implies it; else one of API_CALLS
    threat_list: str = ""  # else one of THREAT_LISTS
    weight: int = 3  # how often GuardDuty reports it, relative to the other types
    feature: str = ""  # service.featureName, the protection plan that found it
    beside_instance: float = 0.0  # share of findings that also carry instanceDetails, as AWS's do


FINDING_TYPES: tuple[FindingType, ...] = (
    FindingType(
        "Recon:EC2/PortProbeUnprotectedPort",
        2.0,
        "Instance",
        "PORT_PROBE",
        "Unprotected port on EC2 instance {instance} is being probed.",
        "EC2 instance has an unprotected port {port} which is being probed by a known malicious host.",
        port=3389,
        weight=8,
        feature="FlowLogs",
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
        weight=8,
        feature="FlowLogs",
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
        weight=4,
        feature="DnsLogs",
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
        feature="FlowLogs",
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
        feature="DnsLogs",
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
        weight=4,
        feature="CloudTrail",
        beside_instance=0.3,
    ),
    FindingType(
        "UnauthorizedAccess:IAMUser/TorIPCaller",
        5.0,
        "AccessKey",
        "AWS_API_CALL",
        "API {api} was invoked from a Tor exit node IP address.",
        "API {api} was invoked by user {user} from Tor exit node IP address {ip}.",
        threat_list="TorNodes",
        weight=4,
        feature="CloudTrail",
        beside_instance=0.3,
    ),
    FindingType(
        "Recon:IAMUser/MaliciousIPCaller",
        5.0,
        "AccessKey",
        "AWS_API_CALL",
        "Reconnaissance API {api} was invoked from a known malicious IP address.",
        "API {api}, commonly used in Discovery tactics, was invoked by user {user} from known malicious IP {ip}.",
        weight=4,
        feature="CloudTrail",
        beside_instance=0.3,
    ),
    FindingType(
        "CredentialAccess:IAMUser/AnomalousBehavior",
        5.0,
        "AccessKey",
        "AWS_API_CALL",
        "Anomalous API {api} invoked by an IAM entity.",
        "API {api}, commonly used in CredentialAccess tactics, was invoked by user {user} in an anomalous way.",
        weight=4,
        feature="CloudTrail",
    ),
    FindingType(
        "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS",
        8.0,
        "AccessKey",
        "AWS_API_CALL",
        "Credentials for instance role {user} used from external IP address.",
        "Credentials created exclusively for EC2 instance {instance} through role {user} were used from "
        "external IP address {ip}.",
        weight=2,
        feature="CloudTrail",
        beside_instance=1.0,
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
        weight=4,
        feature="S3DataEvents",
        beside_instance=0.2,
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
        feature="S3DataEvents",
        beside_instance=0.2,
    ),
    FindingType(
        "Policy:S3/BucketBlockPublicAccessDisabled",
        2.0,
        "S3Bucket",
        "AWS_API_CALL",
        "Amazon S3 Block Public Access was disabled for S3 bucket {bucket}.",
        "Amazon S3 Block Public Access was disabled for S3 bucket {bucket} by user {user}.",
        api=("PutBucketPublicAccessBlock", "s3.amazonaws.com"),
        feature="CloudTrail",
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
        feature="FlowLogs",
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
        weight=2,
        feature="DnsLogs",
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
        feature="FlowLogs",
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
        weight=2,
        feature="FlowLogs",
    ),
    # Malware Protection for EC2: a GuardDuty-initiated scan of the instance's EBS volumes.
    FindingType(
        "Execution:EC2/MaliciousFile",
        8.0,
        "Instance",
        "EBS_SCAN",
        "Malicious file {malware} detected on EC2 instance {instance}.",
        "A malicious file {malware} was found at {malware_path} on an EBS volume of EC2 instance {instance}.",
        weight=2,
        feature="EbsMalwareProtection",
    ),
    # Malware Protection for S3: an object scanned when it was uploaded.
    FindingType(
        "Object:S3/MaliciousFile",
        8.0,
        "S3Object",
        "S3_SCAN",
        "Malicious file {malware} detected in S3 object {object_key} of bucket {bucket}.",
        "Malware Protection for S3 found {malware} in the newly uploaded object {object_key} of bucket {bucket}.",
        weight=3,
        feature="MalwareProtectionPlan",
    ),
    # EKS Protection: the cluster's Kubernetes audit logs.
    FindingType(
        "PrivilegeEscalation:Kubernetes/PrivilegedContainer",
        5.0,
        "EKSCluster",
        "KUBERNETES_API_CALL",
        "Privileged container with root level access launched on EKS cluster {cluster}.",
        "A privileged container {workload} with root level access was launched in namespace {namespace} of "
        "EKS cluster {cluster}.",
        weight=2,
        feature="EksAuditLogs",
    ),
    FindingType(
        "Discovery:Kubernetes/MaliciousIPCaller",
        5.0,
        "EKSCluster",
        "KUBERNETES_API_CALL",
        "Kubernetes API commonly used in Discovery tactics invoked from a known malicious IP address.",
        "A Kubernetes API commonly used in Discovery tactics was invoked on EKS cluster {cluster} from known "
        "malicious IP address {ip}.",
        weight=3,
        feature="EksAuditLogs",
    ),
    FindingType(
        "Execution:Kubernetes/ExecInKubeSystemPod",
        5.0,
        "EKSCluster",
        "KUBERNETES_API_CALL",
        "Command executed inside a pod in kube-system namespace of EKS cluster {cluster}.",
        "A command was executed inside pod {workload} in the kube-system namespace of EKS cluster {cluster}.",
        weight=2,
        feature="EksAuditLogs",
    ),
    # Runtime Monitoring: the agent on the instance, the EKS node or the ECS task.
    FindingType(
        "Execution:Runtime/NewBinaryExecuted",
        5.0,
        "Instance",
        "RUNTIME",
        "A newly created or recently modified binary file {process} was executed on EC2 instance {instance}.",
        "A newly created or recently modified binary file {process_path} was executed on EC2 instance {instance}.",
        weight=2,
        feature="RuntimeMonitoring",
    ),
    FindingType(
        "Execution:Runtime/ReverseShell",
        8.0,
        "EKSCluster",
        "RUNTIME",
        "A process {process} in a container of EKS cluster {cluster} has created a reverse shell.",
        "Process {process_path} in pod {workload} of EKS cluster {cluster} created a reverse shell to {ip}.",
        weight=2,
        feature="RuntimeMonitoring",
    ),
    FindingType(
        "CryptoCurrency:Runtime/BitcoinTool.B",
        8.0,
        "ECSCluster",
        "RUNTIME",
        "An ECS task in cluster {cluster} is connecting to a Bitcoin-related IP address.",
        "Process {process_path} in a task of ECS cluster {cluster} is connecting to {ip}, an address associated "
        "with cryptocurrency mining.",
        weight=2,
        feature="RuntimeMonitoring",
    ),
    FindingType(
        "Execution:Runtime/SuspiciousCommand",
        5.0,
        "ECSCluster",
        "RUNTIME",
        "A suspicious command was executed in an ECS task of cluster {cluster}.",
        "Process {process_path} ran a command in a task of ECS cluster {cluster} that matches known attack tooling.",
        weight=2,
        feature="RuntimeMonitoring",
    ),
    # Malware Protection for EC2 scanning the volumes behind a container.
    FindingType(
        "Execution:Container/MaliciousFile",
        8.0,
        "Container",
        "EBS_SCAN",
        "Malicious file {malware} detected in container {container}.",
        "A malicious file {malware} was found at {malware_path} in container {container} during a malware scan.",
        weight=2,
        feature="EbsMalwareProtection",
    ),
    FindingType(
        "Execution:Container/SuspiciousFile",
        5.0,
        "Container",
        "EBS_SCAN",
        "Suspicious file {malware} detected in container {container}.",
        "A suspicious file {malware} was found at {malware_path} in container {container} during a malware scan.",
        weight=1,
        feature="EbsMalwareProtection",
    ),
    # RDS Protection: login activity of Aurora databases.
    FindingType(
        "CredentialAccess:RDS/AnomalousBehavior.SuccessfulBruteForce",
        8.0,
        "RDSDBInstance",
        "RDS_LOGIN_ATTEMPT",
        "Successful brute force login to database instance {db}.",
        "User {db_user} logged in to database instance {db} after an anomalous number of failed attempts from {ip}.",
        port=5432,
        weight=2,
        feature="RdsLoginEvents",
    ),
    FindingType(
        "CredentialAccess:RDS/MaliciousIPCaller.FailedLogin",
        5.0,
        "RDSDBInstance",
        "RDS_LOGIN_ATTEMPT",
        "Failed logins to database instance {db} from a known malicious IP address.",
        "Known malicious IP address {ip} made unsuccessful login attempts to database instance {db}.",
        port=5432,
        weight=2,
        feature="RdsLoginEvents",
    ),
    FindingType(
        "CredentialAccess:RDS/TorIPCaller.FailedLogin",
        5.0,
        "RDSLimitlessDB",
        "RDS_LOGIN_ATTEMPT",
        "Failed logins to Aurora Limitless database {db} from a Tor exit node.",
        "Tor exit node IP address {ip} made unsuccessful login attempts to the shard group {db}.",
        port=5432,
        threat_list="TorNodes",
        weight=2,
        feature="RdsLoginEvents",
    ),
    # Lambda Protection: the network activity of functions.
    FindingType(
        "Backdoor:Lambda/C&CActivity.B",
        8.0,
        "Lambda",
        "NETWORK_CONNECTION",
        "Lambda function {function} is communicating with a known Command and Control server.",
        "Lambda function {function} is querying IP {ip}, which is associated with a known command and control server.",
        direction="OUTBOUND",
        port=443,
        weight=2,
        feature="LambdaNetworkLogs",
    ),
    FindingType(
        "CryptoCurrency:Lambda/BitcoinTool.B",
        8.0,
        "Lambda",
        "NETWORK_CONNECTION",
        "Lambda function {function} is communicating with a Bitcoin-related IP address.",
        "Lambda function {function} is connecting to {ip}, an address associated with Bitcoin-related activity.",
        direction="OUTBOUND",
        port=8333,
        weight=2,
        feature="LambdaNetworkLogs",
    ),
    # Extended Threat Detection: several signals correlated into one Critical attack sequence.
    FindingType(
        "AttackSequence:IAM/CompromisedCredentials",
        9.0,
        "AccessKey",
        "SEQUENCE",
        "Potential credential compromise of {user} indicated by a sequence of actions.",
        "A sequence of actions involving {signals} signals, indicating a possible credential compromise of {user}, "
        "was observed from {ip}.",
        weight=1,
        feature="CloudTrail",
    ),
    FindingType(
        "AttackSequence:S3/CompromisedData",
        9.0,
        "S3Bucket",
        "SEQUENCE",
        "Potential data compromise of bucket {bucket} indicated by a sequence of actions.",
        "A sequence of actions involving {signals} signals, indicating a possible data compromise of bucket "
        "{bucket} by {user}, was observed from {ip}.",
        weight=1,
        feature="S3DataEvents",
    ),
    FindingType(
        "AttackSequence:EKS/CompromisedCluster",
        9.0,
        "EKSCluster",
        "SEQUENCE",
        "Potential compromise of EKS cluster {cluster} indicated by a sequence of actions.",
        "A sequence of actions involving {signals} signals, indicating a possible compromise of EKS cluster "
        "{cluster}, was observed from {ip}.",
        weight=1,
        feature="EksAuditLogs",
    ),
)
_COMPACT_INSTANCE = ("instanceId", "instanceType", "instanceState", "availabilityZone", "imageId")
RESOURCE_TYPES = tuple(dict.fromkeys(t.resource for t in FINDING_TYPES))
_CUMULATIVE_WEIGHTS = list(itertools.accumulate(t.weight for t in FINDING_TYPES))
# The signals GuardDuty correlates into each attack sequence (findings of its own; a real sequence
# often also lists CloudTrail events).
SEQUENCE_SIGNALS = {
    "AttackSequence:IAM/CompromisedCredentials": (
        ("FINDING", "UnauthorizedAccess:IAMUser/TorIPCaller", 5.0),
        ("FINDING", "Recon:IAMUser/MaliciousIPCaller", 5.0),
    ),
    "AttackSequence:S3/CompromisedData": (
        ("FINDING", "Discovery:S3/MaliciousIPCaller", 5.0),
        ("FINDING", "Exfiltration:S3/AnomalousBehavior", 8.0),
    ),
    "AttackSequence:EKS/CompromisedCluster": (
        ("FINDING", "Discovery:Kubernetes/MaliciousIPCaller", 5.0),
        ("FINDING", "PrivilegeEscalation:Kubernetes/PrivilegedContainer", 5.0),
    ),
}
SEQUENCE_TACTICS = {
    "AttackSequence:IAM/CompromisedCredentials": ("Discovery", "Persistence", "CredentialAccess"),
    "AttackSequence:S3/CompromisedData": ("Discovery", "Exfiltration", "Impact"),
    "AttackSequence:EKS/CompromisedCluster": ("Discovery", "Execution", "PrivilegeEscalation"),
}


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _hex(rng: random.Random, length: int) -> str:
    return f"{rng.getrandbits(4 * length):0{length}x}"


def _base32(rng: random.Random, length: int) -> str:
    return "".join(rng.choices("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", k=length))


def _uuid4(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _pick(options: Sequence, wanted: int | str | None, attribute: str, rng: random.Random):
    """`wanted` by position or by its `attribute` (a type's name, an attacker's IP); random when None."""
    if wanted is None:
        if options is FINDING_TYPES:
            return rng.choices(FINDING_TYPES, cum_weights=_CUMULATIVE_WEIGHTS)[0]
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


def _context(ftype: FindingType, region: str, rng: random.Random) -> dict:
    """The resource and evidence a finding names: what every type needs, then what its own type needs."""
    c = {
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
        "with_instance": ftype.beside_instance > 0 and rng.random() < ftype.beside_instance,
    }
    resource, action = ftype.resource, ftype.action
    if resource in ("EKSCluster", "ECSCluster", "Container"):
        image, tag = rng.choice(IMAGES)
        namespace = "kube-system" if "KubeSystem" in ftype.name else rng.choice(NAMESPACES)
        c.update(
            cluster=rng.choice(ECS_CLUSTERS if resource == "ECSCluster" else CLUSTERS),
            namespace=namespace,
            workload=f"{c['app']}-{_hex(rng, 10)}-{_base32(rng, 5).lower()}",
            workload_uid=_uuid4(rng),
            container=f"{c['app']}",
            container_id=_hex(rng, 64),
            image=f"{image}:{tag}",
            image_prefix=image.rsplit("/", 1)[-1],
            k8s_user=rng.choice(("system:anonymous", "kubernetes-admin", f"arn:aws:iam::role/{c['app']}-ci")),
            task=_hex(rng, 32),
            fargate=resource == "ECSCluster" and (ftype.name.startswith("Crypto") or rng.random() < 0.5),
        )
    if action == "RUNTIME":
        name, path = PROCESSES[0] if "Bitcoin" in ftype.name else rng.choice(PROCESSES)
        c.update(
            process=name,
            process_path=path,
            process_sha=_hex(rng, 64),
            pid=rng.randint(300, 65000),
            process_uuid=_uuid4(rng),
            parent_uuid=_uuid4(rng),
        )
    if action in ("EBS_SCAN", "S3_SCAN"):
        malware, path = rng.choice(MALWARE)
        c.update(
            malware=malware,
            malware_path=path,
            malware_sha=_hex(rng, 64),
            scan_id=_hex(rng, 32),
            trigger=_hex(rng, 32),
            volume=f"vol-{_hex(rng, 17)}",
            volume_gb=rng.choice((8, 20, 50, 100)),
            snapshot=f"snap-{_hex(rng, 17)}",
            object_key=rng.choice(OBJECT_KEYS),
            object_version=_base32(rng, 32),
            files=rng.randint(20_000, 400_000),
        )
    if resource in ("RDSDBInstance", "RDSLimitlessDB"):
        instance_id, cluster, engine, version = rng.choice(DATABASES)
        c.update(
            db=rng.choice(LIMITLESS_GROUPS) if resource == "RDSLimitlessDB" else instance_id,
            db_cluster=cluster,
            db_engine=engine,
            db_version=version,
            db_resource=f"db-{_base32(rng, 26)}",
            db_user=rng.choice(("postgres", "admin", "app_rw", "reporting")),
            failed=rng.randint(5, 400),
            succeeded=1 if "Successful" in ftype.name else 0,
        )
    if resource == "Lambda":
        c.update(function=rng.choice(FUNCTIONS), revision=_uuid4(rng), modified_days_ago=rng.randint(1, 200))
    if action == "SEQUENCE":
        c.update(
            sequence_uid=_hex(rng, 32),
            session=_hex(rng, 16),
            signal_ids=[_hex(rng, 32) for _ in SEQUENCE_SIGNALS[ftype.name]],
        )
        if resource == "EKSCluster":
            c.update(cluster=rng.choice(CLUSTERS), namespace="kube-system")
    return c


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
        late_share: float = 0.1,
    ):
        self.account = account
        self.rng = rng if rng is not None else random.Random(seed)  # noqa: S311 - sample data, not security
        self.repeat_share = repeat_share
        self.active_per_region = active_per_region
        # Share of updates held back and delivered after a newer update of the same finding.
        self.late_share = late_share
        self.detector_id = _hex(self.rng, 32)
        self.active: dict[str, list[Finding]] = {}
        self.late: dict[str, list[Finding]] = {}

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
        context = _context(ftype, region, rng)
        # Severity varies a little inside the type's band, as GuardDuty's does; only attack
        # sequences reach the Critical band (9.0-10.0).
        top = 10.0 if ftype.action == "SEQUENCE" else 8.9
        severity = round(min(top, max(1.0, ftype.severity + rng.choice((0.0, 0.0, 0.3, 0.5, 0.9)))), 1)
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
        """A new finding, or (sometimes) the next publication of an active one with a higher count.

        Now and then an update is held back and delivered after a newer update of the same
        finding (an older `updatedAt` and a lower count arriving late), as deliveries that
        travel separately can be.
        """
        rng = self.rng
        late = self.late.get(region)
        if late and rng.random() < 0.5:
            return late.pop(0)
        active = self.active.setdefault(region, [])
        if active and rng.random() < self.repeat_share:
            finding = rng.choice(active)
            previous = finding.updated_at
            # Drawn whatever the times, so that the same seed gives the same findings.
            hold = rng.random() < self.late_share
            if hold and previous < now:
                finding.count += rng.randint(1, 3)
                held = dataclasses.replace(finding, updated_at=previous + (now - previous) / 2)
                self.late.setdefault(region, []).append(held)
            finding.count += rng.randint(1, 6)
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
            **c,
            "ip": finding.attacker.ip,
            "port": kind.port,
            "api": c["api"][0],
            "signals": len(c.get("signal_ids", ())),
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
            "service": self._service(finding, partition),
            "severity": finding.severity,
            "createdAt": _iso(finding.created_at),
            "updatedAt": _iso(finding.updated_at),
            "title": kind.title.format_map(words),
            "description": kind.description.format_map(words),
        }

    # --- resource: `resourceType` and the details object GuardDuty documents for it

    def _resource(self, finding: Finding, partition: str) -> dict:
        c = finding.context
        kind = finding.type
        rtype = kind.resource
        arn = f"arn:{partition}:%s:{finding.region}:{finding.account}:%s"
        resource: dict = {"resourceType": rtype}
        if rtype == "Instance":
            resource["instanceDetails"] = self._instance(finding, partition, compact=kind.action == "EBS_SCAN")
            if kind.action == "EBS_SCAN":
                resource["ebsVolumeDetails"] = self._volumes(finding, partition)
        elif rtype == "AccessKey":
            resource["accessKeyDetails"] = self._access_key(c)
        elif rtype in ("S3Bucket", "S3Object"):
            if rtype == "S3Bucket":
                resource["accessKeyDetails"] = self._access_key(c)
            resource["s3BucketDetails"] = [self._bucket(finding, partition)]
        elif rtype == "EKSCluster":
            resource["eksClusterDetails"] = {
                "name": c["cluster"],
                "arn": arn % ("eks", f"cluster/{c['cluster']}"),
                "vpcId": c["vpc"],
                "status": "ACTIVE",
                "tags": [{"key": "team", "value": "platform"}],
                "createdAt": _iso(finding.created_at - timedelta(days=c["launched_days_ago"] + 30)),
            }
            if kind.action == "SEQUENCE":
                return resource  # the sequence's signals name the workloads
            resource["kubernetesDetails"] = {
                "kubernetesUserDetails": {
                    "username": c["k8s_user"],
                    "uid": c["workload_uid"][:18],
                    "groups": ["system:authenticated"],
                },
                "kubernetesWorkloadDetails": {
                    "name": c["workload"],
                    "type": "pods",
                    "uid": c["workload_uid"],
                    "namespace": c["namespace"],
                    "hostNetwork": False,
                    "containers": [self._container(c, privileged="Privileged" in kind.name)],
                },
            }
            if kind.action == "RUNTIME":
                # Runtime Monitoring names the node the pod runs on.
                resource["instanceDetails"] = self._instance(finding, partition, compact=True)
        elif rtype == "ECSCluster":
            launch = "FARGATE" if c["fargate"] else "EC2"
            resource["ecsClusterDetails"] = {
                "name": c["cluster"],
                "arn": arn % ("ecs", f"cluster/{c['cluster']}"),
                "status": "ACTIVE",
                "activeServicesCount": 3,
                "registeredContainerInstancesCount": 0 if c["fargate"] else 4,
                "runningTasksCount": 12,
                "taskDetails": {
                    "arn": arn % ("ecs", f"task/{c['cluster']}/{c['task']}"),
                    "definitionArn": arn % ("ecs", f"task-definition/{c['app']}:7"),
                    "version": "7",
                    "createdAt": _iso(finding.created_at - timedelta(hours=6)),
                    "startedAt": _iso(finding.created_at - timedelta(hours=6)),
                    "startedBy": f"ecs-svc/{c['task'][:19]}",
                    "launchType": launch,
                    "group": f"service:{c['app']}",
                    "containers": [self._container(c)],
                },
            }
            if not c["fargate"]:
                resource["instanceDetails"] = self._instance(finding, partition, compact=True)
        elif rtype == "Container":
            resource["containerDetails"] = self._container(c)
            resource["ebsVolumeDetails"] = self._volumes(finding, partition)
            resource["instanceDetails"] = self._instance(finding, partition, compact=True)
        elif rtype in ("RDSDBInstance", "RDSLimitlessDB"):
            tags = [{"key": "Environment", "value": "production"}]
            if rtype == "RDSDBInstance":
                resource["rdsDbInstanceDetails"] = {
                    "dbInstanceIdentifier": c["db"],
                    "engine": c["db_engine"],
                    "engineVersion": c["db_version"],
                    "dbClusterIdentifier": c["db_cluster"],
                    "dbInstanceArn": arn % ("rds", f"db:{c['db']}"),
                    "dbiResourceId": c["db_resource"],
                    "tags": tags,
                }
            else:
                resource["rdsLimitlessDbDetails"] = {
                    "dbShardGroupIdentifier": c["db"],
                    "dbShardGroupResourceId": "shardgrp-" + c["db_resource"][3:].lower(),
                    "dbShardGroupArn": arn % ("rds", f"shard-group:{c['db']}"),
                    "engine": "Aurora PostgreSQL",
                    "engineVersion": "16.4-limitless",
                    "dbClusterIdentifier": c["db_cluster"],
                    "tags": tags,
                }
            resource["rdsDbUserDetails"] = {
                "user": c["db_user"],
                "application": "psql",
                "database": "postgres",
                "ssl": "true",
                "authMethod": "PASSWORD",
            }
        elif rtype == "Lambda":
            resource["lambdaDetails"] = {
                "functionArn": arn % ("lambda", f"function:{c['function']}"),
                "functionName": c["function"],
                "description": f"{c['function'].replace('-', ' ')} for {c['app']}",
                "lastModifiedAt": _iso(finding.created_at - timedelta(days=c["modified_days_ago"])),
                "revisionId": c["revision"],
                "functionVersion": "$LATEST",
                "role": f"arn:{partition}:iam::{finding.account}:role/{c['function']}-role",
                "vpcConfig": {
                    "subnetIds": [c["subnet"]],
                    "vpcId": c["vpc"],
                    "securityGroups": [{"groupId": c["sg"], "groupName": f"{c['function']}-sg"}],
                },
                "tags": [{"key": "Name", "value": c["function"]}],
            }
        if c["with_instance"] and "instanceDetails" not in resource:
            # AWS's own findings often carry the instance beside the resource they are about.
            resource["instanceDetails"] = self._instance(finding, partition, compact=True)
        return resource

    @staticmethod
    def _access_key(c: dict) -> dict:
        # GuardDuty names the access key that made the calls on access-key and S3 findings alike.
        return {
            "accessKeyId": c["access_key"],
            "principalId": c["principal"],
            "userName": c["user"],
            "userType": "IAMUser",
        }

    @staticmethod
    def _container(c: dict, *, privileged: bool = False) -> dict:
        return {
            "containerRuntime": "containerd",
            "id": c["container_id"],
            "name": c["container"],
            "image": c["image"],
            "imagePrefix": c["image_prefix"],
            "securityContext": {"privileged": privileged, "allowPrivilegeEscalation": privileged},
        }

    @staticmethod
    def _bucket(finding: Finding, partition: str) -> dict:
        c = finding.context
        public = finding.type.name.startswith("Policy:")
        bucket = {
            "arn": f"arn:{partition}:s3:::{c['bucket']}",
            "name": c["bucket"],
            "type": "Destination",
            "createdAt": _iso(finding.created_at - timedelta(days=c["bucket_days_old"])),
            "owner": {"id": _hex(random.Random(c["bucket"]), 64)},  # noqa: S311 - one owner per bucket
            "tags": [{"key": "DataClassification", "value": "Confidential"}],
            "defaultServerSideEncryption": {"encryptionType": "AES256"},
        }
        if finding.type.resource == "S3Object":
            bucket["s3ObjectDetails"] = [
                {
                    "objectArn": f"arn:{partition}:s3:::{c['bucket']}/{c['object_key']}",
                    "key": c["object_key"],
                    "eTag": c["malware_sha"][:32],
                    "hash": c["malware_sha"],
                    "versionId": c["object_version"],
                }
            ]
        if finding.type.action == "SEQUENCE":
            return {key: bucket[key] for key in ("arn", "name", "type", "createdAt")}
        if finding.type.resource == "S3Object":
            return bucket
        bucket["publicAccess"] = {
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
        }
        return bucket

    @staticmethod
    def _volumes(finding: Finding, partition: str) -> dict:
        c = finding.context
        return {
            "scannedVolumeDetails": [
                {
                    "volumeArn": f"arn:{partition}:ec2:{finding.region}:{finding.account}:volume/{c['volume']}",
                    "volumeType": "gp3",
                    "deviceName": "/dev/xvda",
                    "volumeSizeInGB": c["volume_gb"],
                    "encryptionType": "UNENCRYPTED",
                    "snapshotArn": f"arn:{partition}:ec2:{finding.region}:{finding.account}:snapshot/{c['snapshot']}",
                }
            ],
            "skippedVolumeDetails": [],
        }

    def _instance(self, finding: Finding, partition: str, *, compact: bool = False) -> dict:
        c = finding.context
        details = {
            "instanceId": c["instance"],
            "instanceType": c["instance_type"],
            "launchTime": _iso(finding.created_at - timedelta(days=c["launched_days_ago"])),
            "platform": None,
            "productCodes": [],
            "iamInstanceProfile": {
                "arn": f"arn:{partition}:iam::{finding.account}:instance-profile/{c['app']}-profile",
                "id": "AIPA" + c["principal"][4:],
            },
            "tags": [{"key": "Name", "value": c["app"]}, {"key": "Environment", "value": "production"}],
            "instanceState": "running",
            "availabilityZone": c["zone"],
            "imageId": c["ami"],
            "imageDescription": "Amazon Linux 2023 AMI 2023.6.20260110.0 x86_64 HVM kernel-6.1",
        }
        if compact:
            # Beside another resource GuardDuty names the instance without its network interfaces.
            return {key: details[key] for key in _COMPACT_INSTANCE}
        private_dns = f"ip-{c['private_ip'].replace('.', '-')}.{finding.region}.compute.internal"
        details["networkInterfaces"] = [
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
        ]
        return details

    # --- service: what GuardDuty saw

    @staticmethod
    def _remote_ip(attacker: Attacker) -> dict:
        return {
            "ipAddressV4": attacker.ip,
            "organization": {"asn": attacker.asn, "asnOrg": attacker.asn_org, "isp": attacker.isp, "org": attacker.isp},
            "country": {"countryCode": attacker.country_code, "countryName": attacker.country},
            "city": {"cityName": attacker.city},
            "geoLocation": {"lat": attacker.lat, "lon": attacker.lon},
        }

    def _action(self, finding: Finding) -> dict | None:
        c = finding.context
        kind = finding.type
        remote = self._remote_ip(finding.attacker)
        if kind.action == "DNS_REQUEST":
            return {
                "actionType": "DNS_REQUEST",
                "dnsRequestAction": {"domain": c["domain"], "protocol": "UDP", "blocked": False},
            }
        if kind.action == "PORT_PROBE":
            return {
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
        if kind.action == "NETWORK_CONNECTION" or (kind.action == "RUNTIME" and kind.name.startswith("Crypto")):
            # A runtime finding about a connection (a miner's) also reports the connection.
            direction = "OUTBOUND" if kind.action == "RUNTIME" else kind.direction
            port = kind.port or 4444
            inbound = direction == "INBOUND"
            local_port = port if inbound else c["remote_port"]
            remote_port = c["remote_port"] if inbound else port
            return {
                "actionType": "NETWORK_CONNECTION",
                "networkConnectionAction": {
                    "connectionDirection": direction,
                    "protocol": "TCP",
                    "blocked": False,
                    "localIpDetails": {"ipAddressV4": c["private_ip"]},
                    "localPortDetails": {"port": local_port, "portName": PORT_NAMES.get(local_port, "Unknown")},
                    "remotePortDetails": {"port": remote_port, "portName": PORT_NAMES.get(remote_port, "Unknown")},
                    "remoteIpDetails": remote,
                },
            }
        if kind.action == "AWS_API_CALL":
            api, service_name = c["api"]
            return {
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
        if kind.action == "KUBERNETES_API_CALL":
            exec_in_pod = "Exec" in kind.name
            return {
                "actionType": "KUBERNETES_API_CALL",
                "kubernetesApiCallAction": {
                    "requestUri": f"/api/v1/namespaces/{c['namespace']}/pods"
                    + (f"/{c['workload']}/exec" if exec_in_pod else ""),
                    "verb": "create" if exec_in_pod or "Privileged" in kind.name else "list",
                    "resource": "pods",
                    "namespace": c["namespace"],
                    "sourceIPs": [finding.attacker.ip],
                    "userAgent": "kubectl/v1.31.2 (linux/amd64) kubernetes/5864a46",
                    "remoteIpDetails": remote,
                    "statusCode": 201 if exec_in_pod else 200,
                },
            }
        if kind.action == "RDS_LOGIN_ATTEMPT":
            return {
                "actionType": "RDS_LOGIN_ATTEMPT",
                "rdsLoginAttemptAction": {
                    "remoteIpDetails": remote,
                    "LoginAttributes": [
                        {
                            "user": c["db_user"],
                            "application": "psql",
                            "failedLoginAttempts": c["failed"] * finding.count,
                            "successfulLoginAttempts": c["succeeded"],
                        }
                    ],
                },
            }
        return None  # runtime on an instance, malware scans and attack sequences: no network action

    def _service(self, finding: Finding, partition: str) -> dict:
        c = finding.context
        kind = finding.type
        first_seen = finding.created_at - timedelta(minutes=3)
        service: dict = {"serviceName": "guardduty", "detectorId": self.detector_id, "featureName": kind.feature}
        action = self._action(finding)
        if action is not None:
            service["action"] = action
        service["resourceRole"] = "TARGET" if kind.direction == "INBOUND" else "ACTOR"
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
        service["additionalInfo"] = {"value": json.dumps(info), "type": "default"}
        if action is not None:
            service["evidence"] = {
                "threatIntelligenceDetails": [
                    {"threatListName": c["threat_list"], "threatNames": [kind.name.split(":")[0]]}
                ]
            }
        if kind.action == "RUNTIME":
            service["runtimeDetails"] = self._runtime(finding)
        elif kind.action == "EBS_SCAN":
            service["ebsVolumeScanDetails"] = self._ebs_scan(finding, partition)
        elif kind.action == "S3_SCAN":
            service["malwareScanDetails"] = {
                "scanId": c["scan_id"],
                "scanType": "ON_DEMAND",
                "uniqueThreatCount": 1,
                "threats": [
                    {
                        "name": c["malware"],
                        "source": "Amazon",
                        "count": 1,
                        "hash": c["malware_sha"],
                        "itemPaths": [{"nestedItemPath": c["object_key"], "hash": c["malware_sha"]}],
                    }
                ],
            }
        elif kind.action == "SEQUENCE":
            service["detection"] = {"sequence": self._sequence(finding, partition)}
        service.update(
            eventFirstSeen=_iso(first_seen),
            eventLastSeen=_iso(finding.updated_at),
            archived=False,
            count=finding.count,
        )
        return service

    @staticmethod
    def _runtime(finding: Finding) -> dict:
        c = finding.context
        started = _iso(finding.created_at - timedelta(seconds=40))
        process = {
            "name": c["process"],
            "executablePath": c["process_path"],
            "executableSha256": c["process_sha"],
            "namespacePid": c["pid"] % 500 + 1,
            "pwd": c["process_path"].rsplit("/", 1)[0],
            "pid": c["pid"],
            "startTime": started,
            "uuid": c["process_uuid"],
            "parentUuid": c["parent_uuid"],
            "user": "root",
            "userId": 0,
            "euid": 0,
            "lineage": [{"name": "sh", "executablePath": "/usr/bin/sh", "pid": c["pid"] - 1, "uuid": c["parent_uuid"]}],
        }
        if finding.type.name.startswith("Crypto"):
            # The connection itself is in service.action.
            del process["lineage"]
            return {"process": process}
        context = {"commandLineExample": f"{c['process_path']} -o {finding.attacker.ip}:4444"}
        if "NewBinary" in finding.type.name:
            context = {"modifiedAt": started, "filePath": c["process_path"]}
        return {"process": process, "context": context}

    @staticmethod
    def _ebs_scan(finding: Finding, partition: str) -> dict:
        c = finding.context
        volume_arn = f"arn:{partition}:ec2:{finding.region}:{finding.account}:volume/{c['volume']}"
        return {
            "scanId": c["scan_id"],
            "scanStartedAt": _iso(finding.created_at - timedelta(minutes=9)),
            "scanCompletedAt": _iso(finding.created_at - timedelta(minutes=1)),
            "triggerFindingId": c["trigger"],
            "sources": ["Amazon", "Bitdefender"],
            "scanType": "GUARDDUTY_INITIATED",
            "scanDetections": {
                "scannedItemCount": {"totalGb": c["volume_gb"], "files": c["files"], "volumes": 1},
                "threatsDetectedItemCount": {"files": 1},
                "highestSeverityThreatDetails": {"severity": "HIGH", "threatName": c["malware"], "count": 1},
                "threatDetectedByName": {
                    "itemCount": 1,
                    "uniqueThreatNameCount": 1,
                    "shortened": False,
                    "threatNames": [
                        {
                            "name": c["malware"],
                            "severity": "HIGH",
                            "itemCount": 1,
                            "filePaths": [
                                {
                                    "filePath": c["malware_path"],
                                    "volumeArn": volume_arn,
                                    "hash": c["malware_sha"],
                                    "fileName": c["malware_path"].rsplit("/", 1)[-1],
                                }
                            ],
                        }
                    ],
                },
            },
        }

    @staticmethod
    def _sequence(finding: Finding, partition: str) -> dict:
        c = finding.context
        attacker = finding.attacker
        kind = finding.type
        actor = f"{c['principal']}:{c['session']}"
        endpoint = attacker.ip
        if kind.resource == "EKSCluster":
            uid = f"arn:{partition}:eks:{finding.region}:{finding.account}:cluster/{c['cluster']}"
            name, rtype, service = c["cluster"], "EKS_CLUSTER", "eks"
        elif kind.resource == "S3Bucket":
            uid, name, rtype, service = f"arn:{partition}:s3:::{c['bucket']}", c["bucket"], "S3_BUCKET", "s3"
        else:
            uid, name, rtype, service = c["access_key"], c["user"], "ACCESS_KEY", "iam"
        signals = []
        for signal_id, (stype, sname, severity) in zip(c["signal_ids"], SEQUENCE_SIGNALS[kind.name], strict=True):
            signals.append(
                {
                    "uid": signal_id,
                    "type": stype,
                    "name": sname,
                    "createdAt": _iso(finding.created_at - timedelta(hours=2)),
                    "updatedAt": _iso(finding.updated_at),
                    "firstSeenAt": _iso(finding.created_at - timedelta(hours=2)),
                    "lastSeenAt": _iso(finding.updated_at),
                    "severity": severity,
                    "count": finding.count,
                    "resourceUids": [uid],
                }
            )
        return {
            "uid": c["sequence_uid"],
            "description": finding.type.description.split(",")[0] + ".",
            "actors": [
                {
                    "id": actor,
                    "user": {
                        "name": c["user"],
                        "uid": c["principal"],
                        "type": "IAMUser",
                        "credentialUid": c["access_key"],
                    },
                    "session": {"uid": c["session"], "mfaStatus": "Disabled"},
                }
            ],
            "resources": [
                {
                    "uid": uid,
                    "name": name,
                    "accountId": finding.account,
                    "resourceType": rtype,
                    "region": finding.region,
                    "service": service,
                    "cloudPartition": partition,
                }
            ],
            "endpoints": [
                {
                    "id": endpoint,
                    "ip": attacker.ip,
                    "location": {
                        "city": attacker.city,
                        "country": attacker.country,
                        "lat": attacker.lat,
                        "lon": attacker.lon,
                    },
                    "autonomousSystem": {"name": attacker.asn_org, "number": int(attacker.asn)},
                    "connection": {"direction": "INBOUND"},
                }
            ],
            "signals": signals,
            "sequenceIndicators": [
                {"key": "ATTACK_TACTIC", "values": list(SEQUENCE_TACTICS[kind.name])},
                {"key": "TOR_IP" if attacker.isp.startswith("Tor") else "MALICIOUS_IP", "values": [attacker.ip]},
            ],
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
