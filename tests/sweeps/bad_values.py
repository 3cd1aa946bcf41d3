"""Tables of malformed input: for each kind of field, values its rule must refuse.

Values only: which field takes which table, and how each surface sends it, is the sweep's
(test_bad_input.py). `Raw` is JSON text sent exactly as written (numbers no Python float
survives, broken JSON); lone surrogates travel as JSON's \\ud800 escapes, as a client sends them.
"""

from __future__ import annotations

import json
from typing import Any


class Raw:
    """JSON text sent as is: `1e999`, a truncated document."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return f"Raw({self.text[:40]!r})"


def nested(depth: int) -> list:
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    return value


def json_text(body: Any) -> str:
    """`body` as JSON, with every Raw spliced in as written and lone surrogates as \\u escapes."""
    raws: dict[str, str] = {}

    def swap(value):
        if isinstance(value, Raw):
            key = f"\x01raw{len(raws)}\x01"
            raws[key] = value.text
            return key
        if isinstance(value, dict):
            return {k: swap(v) for k, v in value.items()}
        if isinstance(value, list):
            return [swap(v) for v in value]
        return value

    text = json.dumps(swap(body))
    for key, raw in raws.items():
        text = text.replace(json.dumps(key), raw)
    return text


LONE_SURROGATE = "\ud800"
NUL = "a\x00b"
RTL_OVERRIDE = "\u202e"
COMBINING = "\u0301"
DEEP = nested(40)
UNSTORABLE = [LONE_SURROGATE, NUL]
NOT_TEXT = [["a list"], {"an": "object"}, True, DEEP]
HUGE_NUMBERS = [Raw("1e999"), Raw("-1e999"), 2**64, Raw("1" * 400)]
MARKUP = "<script>alert(1)</script>"
SQL = "' OR '1'='1' --"
ARABIC_INDIC_12 = "١٢٣٤٥٦٧٨٩٠١٢"
FULLWIDTH_12 = "１２３４５６７８９０１２"

# A well-formed access key id that is none of the test credentials.
VALID_KEY_ID = "AKIAZZZZZZZZZZZZZZZZ"
VALID_SECRET = "z" * 40

HOSTNAMES_AS_TEXT = [
    "",
    "   ",
    "a" * 254,
    "a" * 64 + ".example",
    "-bad.example",
    "bad-.example",
    "bad_host.example",
    "has space.example",
    "a..b.example",
    "host/../etc",
    "http://host.example",
    "host.example:443",
    MARKUP,
    SQL,
    "ĥost.example",
    RTL_OVERRIDE + "elpmaxe.com",
    "e" + COMBINING + ".example",
    "🔥.example",
]
HOSTNAMES = [*HOSTNAMES_AS_TEXT, *NOT_TEXT, *UNSTORABLE]

ACCOUNTS_AS_TEXT = [
    "",
    "   ",
    "12345678901",
    "1234567890123",
    "1234-5678-901",
    "1234 5678 90123",
    ARABIC_INDIC_12,
    FULLWIDTH_12,
    "12345678901a",
    "1234.5678.9012",
    SQL,
    "<b>123456789012</b>",
    "12345678901" + COMBINING + "2",
]
ACCOUNTS = [*ACCOUNTS_AS_TEXT, 123456789012.5, Raw("1e999"), 2**64, *NOT_TEXT, *UNSTORABLE]

KEY_IDS_AS_TEXT = [
    "",
    "AKIA123",
    VALID_KEY_ID.lower(),
    VALID_KEY_ID + "Z",
    "X" + VALID_KEY_ID[1:],
    "AKIA ZZZZZZZZZZZZZZZ",
    "\u0410" + VALID_KEY_ID[1:],  # a Cyrillic A
    VALID_KEY_ID[:-1] + COMBINING,
    MARKUP,
]
KEY_IDS = [*KEY_IDS_AS_TEXT, 12345, *NOT_TEXT, *UNSTORABLE]

SECRETS_AS_TEXT = ["", "short", "z" * 39, "z" * 41, "z" * 5000]
SECRET_VALUES = [*SECRETS_AS_TEXT, *NOT_TEXT, LONE_SURROGATE * 40, "\x00" * 40]

REGION_LISTS = [
    [],
    ["us-gov-west-1"],
    ["us-gov-east-1", "us-east-1"],
    ["cn-northwest-1"],
    ["mars-north-1"],
    ["ap-east-1"],
    ["us-east-1", 5],
    [["us-east-1"]],
    ["<script>"],
    [SQL],
    ["us-east-1" + RTL_OVERRIDE],
    ["ｕｓ-east-1"],
    ["x" * 5000],
    ["us-east-1\x00"],
    [LONE_SURROGATE],
]
REGIONS = [*REGION_LISTS, "", "ALL", "us-gov-west-1", {"us-east-1": True}, True, 7, Raw("1e999"), DEEP]

MODES = ["stacks", "STACK SET", MARKUP, LONE_SURROGATE, ["stack"], {"mode": "stack"}, True, 1]

STACK_NAMES_AS_TEXT = [
    "1abc",
    "-abc",
    "a" * 129,
    "ab_c",
    "ab c",
    "ab.c",
    MARKUP,
    SQL,
    "Ärmor",
    "🔥",
    "stack" + RTL_OVERRIDE,
    "e" + COMBINING,
]
STACK_NAMES = [*STACK_NAMES_AS_TEXT, *NOT_TEXT, *UNSTORABLE]

RETENTIONS_AS_TEXT = ["2", "0", "-1", "4", "1000000", "three", "3 days", "3.5", "1e999", "9" * 30]
RETENTIONS = [2, 0, -1, 4, 10**6, 3.5, "three", "3 days", *HUGE_NUMBERS, *NOT_TEXT]

TAG_TEXTS = [
    "novalue",
    "=value",
    "aws:cost=1",
    "k<script>=v",
    "k" * 129 + "=v",
    "k=" + "v" * 257,
    "\n".join(f"k{i}=v" for i in range(51)),
    "k" + RTL_OVERRIDE + "=v",
]
TAGS = [
    "novalue",
    "aws:cost=1",
    {"aws:cost": "x"},
    {"": "v"},
    {"k" * 129: "v"},
    {"k": "v" * 257},
    {f"k{i}": "v" for i in range(51)},
    {"k<script>": "v"},
    {"k" + RTL_OVERRIDE: "v"},
    {"k": LONE_SURROGATE},
    {LONE_SURROGATE: "v"},
    {"k": NUL},
    {"k": {"nested": "object"}},
    {"k": ["a", "list"]},
    ["a=b"],
    True,
    5,
    DEEP,
]

ROLE_ARNS_AS_TEXT = [
    "arn:aws:iam::12345678901:role/x",
    "arn:aws-us-gov:iam::123456789012:role/x",
    "arn:aws:iam::123456789012:user/x",
    "not-an-arn",
    "arn:aws:iam::123456789012:role/",
    "arn:aws:iam::123456789012:role/" + "x" * 513,
    f"arn:aws:iam::{ARABIC_INDIC_12}:role/x",
    MARKUP,
]
ROLE_ARNS = [*ROLE_ARNS_AS_TEXT, *NOT_TEXT, *UNSTORABLE]

PROTOCOLS = ["", "   ", "x" * 65, "🔥" * 65, *NOT_TEXT, *UNSTORABLE]

# Free text (names): only what no name can be: empty, too long, unstorable, not text. The 101
# combining marks stay too long once composed (NFC joins the first one to its "e").
NAMES_AS_TEXT = ["", "   ", "x" * 101, "🔥" * 101, "e" + COMBINING * 101, RTL_OVERRIDE + "x" * 100]
NAMES = [*NAMES_AS_TEXT, *NOT_TEXT, *UNSTORABLE]

IDS = ["", "abc", True, 1.5, *HUGE_NUMBERS, -1, 0, [], {}, "1; DROP TABLE log_sources_logsource", DEEP]


def arabic_indic(number: int) -> str:
    """A real id written in Arabic-Indic digits: int() reads it as that id, no id rule should."""
    return str(number).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))


PERMISSION_LISTS = [
    "Read Log Relays",
    ["Nonexistent Permission"],
    [1],
    [["Read Log Relays"]],
    {"Read Log Relays": True},
    True,
    5,
    Raw("1e999"),
    ["Read Log Relays", {"x": 1}],
    [LONE_SURROGATE],
    [MARKUP],
    DEEP,
]

USERNAMES = [
    "",
    "   ",
    "x" * 151,
    "bad user!",
    "user" + RTL_OVERRIDE,
    MARKUP,
    SQL,
    *NOT_TEXT,
    *UNSTORABLE,
]
PASSWORDS = ["", "short", "12345678", "password", *NOT_TEXT, LONE_SURROGATE * 10]
EMAILS = ["not-an-email", "a@", "@example.com", "x" * 300 + "@example.com", "<script>@example.com", ["a@b.c"], True]

BOOLEANS = ["yes", "true", 1, 0, [], {}, Raw("1e999"), DEEP]

TOKEN_DAYS = [0, 366, -1, "abc", 1.5, "١", *HUGE_NUMBERS, [], True]
TOKEN_NAMES = ["x" * 101, "bell\x07", "line\nbreak", *NOT_TEXT, *UNSTORABLE]
