"""The search text of an event, and which query terms it answers exactly: the tokenizer's rules in one place.

The search text is the deduplicated words of the raw message, chosen so that "the search text
contains x" is exactly "the raw message contains x" (case-insensitive) for some terms x
(`is_exact`), which the index of search text words then answers alone (events.query):
- every maximal run of ASCII letters and digits ("token"), lowercased, except
  - the envelope's constant key names and words (STOP_WORDS, in every finding),
  - short hex ids (all hex, both letters and digits, under 20 characters: uuid parts, ENI,
    instance, subnet ids...), of which only digit runs of 8+ and letter runs of 5+ are kept;
    kept whole, each id would be one more word in every search text and in the vocabulary;
  - for the same reason, runs of under 8 digits and of under 5 of the letters a-f ("4074",
    "bdfe": ports, parts of times and uuids), which could be such runs of a short hex id
    themselves: `is_exact` holds for no part of them, so no search ever looks them up
    (an ASN or a port is found by its raw message, as it was before they were left out);
- every maximal run of digits and dots that has a dot (IP addresses, coordinates).
Raw JSON is full of hex ids; these rules keep the search text to about a quarter of the
message (775 of 2,800 bytes on average, README, Benchmarks).

events.query builds its SQL conditions from `is_exact` and `required_words`; the search
indexer (events.services) stores `search_tokens` of each event.
"""

from __future__ import annotations

import re


def _keep_table(chars: str) -> bytes:
    return bytes(c if chr(c) in chars else 32 for c in range(256))


_ALNUM = _keep_table("abcdefghijklmnopqrstuvwxyz0123456789")
_LETTERS = _keep_table("abcdefghijklmnopqrstuvwxyz")
_DIGITS = _keep_table("0123456789")
_NUMDOT = _keep_table("0123456789.")
HEX_DIGITS = "0123456789abcdef"
HEX_CHARS = HEX_DIGITS.encode()
SHORT_HEX_DIGITS, SHORT_HEX_LETTERS, LONG_HEX = 8, 5, 20
MIN_WORD = 3  # shorter words are left out: the vocabulary's trigram index could not look them up

STOP_WORDS = frozenset(
    [
        "accesskeydetails",
        "accesskeyid",
        "account",
        "accountid",
        "action",
        "actiontype",
        "additionalinfo",
        "addresses",
        "api",
        "archived",
        "arn",
        "asn",
        "asnorg",
        "availabilityzone",
        "awsapicallaction",
        "blocked",
        "bucketdetails",
        "callertype",
        "city",
        "cityname",
        "connectiondirection",
        "count",
        "country",
        "countrycode",
        "countryname",
        "createdat",
        "description",
        "detail",
        "detectorid",
        "effectivepermission",
        "errorcode",
        "eventfirstseen",
        "eventlastseen",
        "geolocation",
        "groupid",
        "groupname",
        "iaminstanceprofile",
        "imagedescription",
        "imageid",
        "instancedetails",
        "instanceid",
        "instancestate",
        "instancetype",
        "ipaddressv",
        "ipv",
        "isp",
        "key",
        "lat",
        "launchtime",
        "localportdetails",
        "lon",
        "name",
        "networkconnectionaction",
        "networkinterfaceid",
        "networkinterfaces",
        "org",
        "organization",
        "owner",
        "partition",
        "platform",
        "port",
        "portname",
        "principalid",
        "privatednsname",
        "privateipaddress",
        "productcodes",
        "protocol",
        "publicaccess",
        "publicdnsname",
        "publicip",
        "region",
        "remoteipdetails",
        "remoteportdetails",
        "resource",
        "resourcerole",
        "resources",
        "resourcetype",
        "sample",
        "schemaversion",
        "securitygroups",
        "service",
        "servicename",
        "severity",
        "source",
        "subnetid",
        "tags",
        "threatlistname",
        "time",
        "title",
        "type",
        "updatedat",
        "username",
        "usertype",
        "value",
        "version",
        "vpcid",
        "aws",
        "guardduty",
        "finding",
        "amazonaws",
        "com",
        "null",
        "true",
        "false",
    ]
)
_STOP_BYTES = frozenset(w.encode() for w in STOP_WORDS)


_PLAIN: set[bytes] = set()  # words seen before that are kept whole (a cache, bounded)
# Tokens seen before that are left out ("id", "12", "443", "bdfe"): a few dozen in every
# message, settled in C like the words above (a cache, bounded).
_LEFT_OUT: set[bytes] = set()
_CACHE_MAX = 200_000
_HEX_LETTERS = b"abcdef"


def _left_out(token: bytes) -> bool:
    """Whether no query term answered by the search text can lie inside `token` (rules above)."""
    if len(token) < MIN_WORD:
        return True
    if token.isdigit():
        return len(token) < SHORT_HEX_DIGITS
    return len(token) < SHORT_HEX_LETTERS and not token.strip(_HEX_LETTERS)


def search_tokens(message: str) -> str:
    """The search text of `message` (rules above): lowercased ASCII words, deduplicated, sorted."""
    # bytes.lower() folds ASCII only and non-ASCII UTF-8 bytes become separators: the words
    # are ASCII by definition. translate/split run in C, which keeps parsing fast.
    lowered = message.encode("utf-8", "replace").lower()
    tokens = set(lowered.translate(_ALNUM).split())
    tokens -= _STOP_BYTES
    # Ordinary words repeat from finding to finding: set operations in C settle them, and
    # only new words and ids go through the per-token rules below.
    kept = tokens & _PLAIN
    for token in tokens - kept - _LEFT_OUT:
        if _left_out(token):
            if len(_LEFT_OUT) < _CACHE_MAX:
                _LEFT_OUT.add(token)
            continue
        if len(token) < LONG_HEX and not token.strip(HEX_CHARS) and not token.isdigit() and not token.isalpha():
            kept.update(r for r in token.translate(_DIGITS).split() if len(r) >= SHORT_HEX_DIGITS)
            kept.update(r for r in token.translate(_LETTERS).split() if len(r) >= SHORT_HEX_LETTERS)
        else:
            kept.add(token)
            # Long words of letters only ("threatintelligencedetails") repeat; other long
            # tokens are ids (finding ids, access keys, principals), mostly seen once.
            if len(_PLAIN) < _CACHE_MAX and (len(token) < LONG_HEX or token.isalpha()):
                _PLAIN.add(token)
    kept.update(_dotted_numbers(lowered))
    return b" ".join(sorted(kept)).decode("ascii")


def _dotted_numbers(lowered: bytes) -> set[bytes]:
    """Every maximal run of digits and dots that has a dot, of at least MIN_WORD characters.

    Found from the dots: a message has a few dozen of them and over a hundred runs of digits.
    """
    runs = lowered.translate(_NUMDOT)
    found = set()
    dot = runs.find(b".")
    while dot >= 0:
        start = runs.rfind(b" ", 0, dot) + 1
        end = runs.find(b" ", dot)
        if end < 0:
            end = len(runs)
        if end - start >= MIN_WORD:
            found.add(runs[start:end])
        dot = runs.find(b".", end)
    return found


# --- Query terms against the search text

_WORD = re.compile(r"[a-z0-9]+")
_DOTTED_NUMBER = re.compile(r"[0-9.]+")


def is_exact(text: str) -> bool:
    """Whether "the search text contains `text`" is exactly "the raw message contains it".

    `text` is lowercased and has no wildcards. True for a dotted number (kept whole) and for
    a word that no stop word contains and that cannot sit inside a short hex id, unless it is
    one of the long digit or letter runs kept of those ids.
    """
    if len(text) < MIN_WORD:
        return False
    if _DOTTED_NUMBER.fullmatch(text) and "." in text:
        return True
    if not _WORD.fullmatch(text):
        return False
    if any(text in word for word in STOP_WORDS):
        return False
    if not text.strip(HEX_DIGITS) and len(text) < LONG_HEX:
        # It could sit inside a short hex id, where only long digit or letter runs are kept.
        return (text.isdigit() and len(text) >= SHORT_HEX_DIGITS) or (text.isalpha() and len(text) >= SHORT_HEX_LETTERS)
    return True


def required_words(literal: str) -> list[str]:
    """Words that the search text of every message containing `literal` (no wildcards) holds."""
    found = [w for pattern in (_WORD, _DOTTED_NUMBER) for w in pattern.findall(literal) if is_exact(w)]
    return list(dict.fromkeys(found))
