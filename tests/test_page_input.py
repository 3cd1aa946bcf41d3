"""Page forms and text no rule could take: a NUL character, or a lone surrogate.

A browser (or a script posting as one) can put a NUL character in any input, and can send the
UTF-8 encoding of a lone surrogate, bytes that are not UTF-8, which Django decodes into
replacement characters. The pages answer either with the form again and a message naming the
field, store nothing, and never fail with a 500. A password of only spaces is refused on the
page and through the API alike.
"""

from __future__ import annotations

import html
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.urls import resolve, reverse

from log_sources.models import LogSource
from relay.models import Endpoint
from tests.conftest import ACCESS_KEY, PASSWORD, SECRET_KEY

NUL = "relay\x00one"
SURROGATE = "relay\ud800one"
BAD_TEXT = pytest.mark.parametrize("bad", [NUL, SURROGATE], ids=["nul", "lone-surrogate"])


def form_body(fields: dict) -> str:
    """An urlencoded body as a client sends it: a lone surrogate goes as its UTF-8 bytes %ED%A0%80."""
    pairs = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append(f"{quote(name)}={quote(str(item), safe='', errors='surrogatepass')}")
    return "&".join(pairs)


def post(client, url: str, fields: dict):
    return client.post(url, form_body(fields), content_type="application/x-www-form-urlencoded")


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def refusal(label: str, bad: str) -> str:
    if "\x00" in bad:
        return f"{label} cannot contain a null character."
    return f"{label} must be valid text: it held bytes that are not UTF-8"


@pytest.fixture
def alice_client(client_for, alice):
    client = client_for(alice)
    client.raise_request_exception = False
    return client


# --- The Add Log Source wizard: every step's text fields.

STEP1 = {"source_type": "guardduty", "hostname": "guardduty.amazonaws.com", "protocol": "AWS CloudWatch Logs (HTTPS)"}
STEP2 = {"aws_account_number": "1234-5678-9012", "aws_access_key_id": ACCESS_KEY, "aws_secret_access_key": SECRET_KEY}
STEP4 = {"mode": "stack", "stack_name": "", "log_retention_days": "3", "tags": "team=secops", "iam_role_arn": ""}
WIZARD_FIELDS = [
    (1, "endpoint", "Endpoint"),
    (1, "source_type", "Log Source Type"),
    (1, "hostname", "Hostname"),
    (1, "protocol", "Protocol"),
    (2, "aws_account_number", "AWS Account Number"),
    (2, "aws_access_key_id", "AWS Access Key"),
    (2, "aws_secret_access_key", "AWS Secret Key"),
    (3, "regions", "AWS Regions"),
    (4, "stack_name", "Stack name"),
    (4, "log_retention_days", "Log Retention In Days"),
    (4, "tags", "Tags"),
    (4, "iam_role_arn", "IAM role ARN"),
]


def _wizard_until(client, endpoint, step: int) -> str:
    """A wizard whose steps before `step` are done; returns its id."""
    wid = resolve(client.get(reverse("log_sources:add")).url).kwargs["wid"]
    good = {1: {**STEP1, "endpoint": endpoint.pk}, 2: STEP2, 3: {"regions": ["us-east-1"]}}
    for done in range(1, step):
        response = post(client, reverse("log_sources:wizard", args=[wid, done]), good[done])
        assert response.status_code == 302, page_text(response)
    return wid


def _kept_anywhere(client, bad: str) -> bool:
    stored = str(dict(client.session.items()))
    return "\x00" in stored or "\ufffd" in stored or bad in stored


@BAD_TEXT
@pytest.mark.parametrize(("step", "field", "label"), WIZARD_FIELDS, ids=[f for _, f, _ in WIZARD_FIELDS])
def test_each_wizard_field_refuses_unstorable_text_naming_the_field(alice_client, endpoint, step, field, label, bad):
    wid = _wizard_until(alice_client, endpoint, step)
    url = reverse("log_sources:wizard", args=[wid, step])
    fields = {1: {**STEP1, "endpoint": endpoint.pk}, 2: STEP2, 3: {}, 4: STEP4}[step]
    value = ["us-east-1", bad] if field == "regions" else bad
    response = post(alice_client, url, {**fields, field: value})
    assert response.status_code == 400
    assert refusal(label, bad) in page_text(response)
    # The refused value is neither kept between steps nor shown back.
    assert not _kept_anywhere(alice_client, bad)
    assert "\x00" not in page_text(alice_client.get(url))
    assert LogSource.objects.count() == 0


@BAD_TEXT
def test_a_tag_value_is_refused_and_the_back_button_does_not_keep_it(alice_client, endpoint, bad):
    wid = _wizard_until(alice_client, endpoint, 4)
    url = reverse("log_sources:wizard", args=[wid, 4])
    response = post(alice_client, url, {**STEP4, "tags": f"team={bad}"})
    assert response.status_code == 400
    assert refusal("Tags", bad) in page_text(response)
    response = post(alice_client, url, {**STEP4, "tags": f"team={bad}", "nav": "back"})
    assert response.status_code == 302
    assert not _kept_anywhere(alice_client, bad)
    # The step still holds what was typed before, and the wizard saves a clean source.
    assert post(alice_client, url, STEP4).status_code == 302
    response = post(alice_client, reverse("log_sources:wizard", args=[wid, 5]), {"nav": "save"})
    assert response.status_code == 302, page_text(response)
    assert LogSource.objects.get().tags == {"team": "secops"}


# --- Users & Roles: the add-member form.


@BAD_TEXT
@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("username", "Enter a valid username"),
        ("password", None),
        ("role", "Choose a role of this tenant."),
    ],
)
def test_the_member_form_refuses_unstorable_text_naming_the_field(alice_client, people, field, message, bad):
    fields = {"username": "dora", "password": PASSWORD, "role": people["viewer_role"].pk, field: bad}
    users_before = get_user_model().objects.count()
    response = post(alice_client, reverse("tenants:member_add"), fields)
    assert response.status_code == 400
    text = page_text(response)
    if message is None:
        message = "null character" if "\x00" in bad else "not valid text"
    # The message sits in the field's own error list.
    errors_of_field = text.split(f'name="{field}"', 1)[1].split("</ul>", 1)[0]
    assert message in errors_of_field
    assert get_user_model().objects.count() == users_before


def test_a_password_of_eight_spaces_is_refused_on_the_page(alice_client, people):
    response = post(
        alice_client,
        reverse("tenants:member_add"),
        {"username": "dora", "password": " " * 8, "role": people["viewer_role"].pk},
    )
    assert response.status_code == 400
    assert "This password is only spaces or other invisible characters." in page_text(response)
    assert not get_user_model().objects.filter(username="dora").exists()


@pytest.mark.parametrize("password", [" " * 8, "\t \u3000 \u200b  \n ", "\u00a0" * 12])
def test_a_password_of_only_whitespace_is_refused_by_the_api(client_for, alice, people, password):
    response = client_for(alice).post(
        "/api/v1/members/",
        {"username": "dora", "password": password, "role": people["viewer_role"].pk},
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert "only spaces or other invisible characters" in str(response.json())
    assert not get_user_model().objects.filter(username="dora").exists()


def test_spaces_between_words_are_a_fine_password(alice_client, people):
    response = post(
        alice_client,
        reverse("tenants:member_add"),
        {"username": "dora", "password": "  correct horse battery  ", "role": people["viewer_role"].pk},
    )
    assert response.status_code == 302
    assert get_user_model().objects.get(username="dora").check_password("  correct horse battery  ")


# --- A source's edit page and Launch for me.


@BAD_TEXT
def test_the_edit_page_refuses_unstorable_tags_naming_the_field(alice_client, source, bad):
    url = reverse("deployments:source_edit", args=[source.pk])
    response = post(
        alice_client,
        url,
        {"regions": ["us-east-1"], "log_retention_days": "3", "tags": f"team={bad}", "credentials": "source"},
    )
    assert response.status_code == 400
    assert refusal("Tags", bad) in page_text(response)
    source.refresh_from_db()
    assert source.tags == {}
    assert sorted(source.region_codes) == ["ap-southeast-2", "eu-west-1", "us-east-1"]


@BAD_TEXT
def test_launch_for_me_names_an_unstorable_deploy_key(alice_client, source, bad):
    response = post(
        alice_client,
        reverse("deployments:launch", args=[source.pk]),
        {"credentials": "deploy", "deploy_access_key_id": ACCESS_KEY, "deploy_secret_access_key": bad},
    )
    assert response.status_code == 302
    page = page_text(alice_client.get(response.url))
    assert "Deploy secret key" in page
    assert not source.deploy_operations.exists()


# --- Endpoints, Search and Retention.


@BAD_TEXT
@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("name", None),
        # The hostname goes to endpoint_create as typed: the hostname rule refuses it.
        ("hostname", "Hostname may hold letters, digits, hyphens and dots"),
    ],
)
def test_the_endpoint_form_refuses_unstorable_text_naming_the_field(alice_client, field, message, bad):
    fields = {"name": "Relay Two", "hostname": "relay-2.acme.example", field: bad}
    response = post(alice_client, reverse("relay:endpoint_add"), fields)
    assert response.status_code == 400
    errors_of_field = page_text(response).split(f'name="{field}"', 1)[1].split("</ul>", 1)[0]
    assert (message or refusal("Name", bad)) in errors_of_field
    assert not Endpoint.objects.exists()


@pytest.mark.parametrize(
    ("field", "label"),
    [("q", "Search"), ("source", "Source"), ("region", "Region"), ("finding_type", "Finding type"), ("since", "From")],
)
def test_the_search_form_refuses_a_null_character_beside_the_field(alice_client, field, label):
    response = alice_client.get(reverse("events:search") + "?" + form_body({field: NUL}))
    assert response.status_code == 200
    errors = [e.split("</p>")[0] for e in page_text(response).split('<p class="field-error" role="alert">')[1:]]
    # The Search box's error sits right under it; the filters' errors are prefixed with their label.
    expected = "Search cannot contain a null character." if field == "q" else f"{label}: "
    assert len(errors) == 1 and errors[0].startswith(expected), errors


@BAD_TEXT
def test_the_retention_form_refuses_unstorable_text_beside_the_field(alice_client, people, bad):
    response = post(alice_client, reverse("events:retention"), {"log_retention_days": bad})
    assert response.status_code == 200
    assert "Enter a whole number." in page_text(response)
    people["acme"].refresh_from_db()
    assert people["acme"].log_retention_days == 90


def test_the_source_list_filter_refuses_a_null_character_beside_the_box(alice_client, source):
    response = alice_client.get(reverse("log_sources:list") + "?" + form_body({"q": NUL}))
    assert response.status_code == 400
    assert "Filter cannot contain a null character." in page_text(response)


def test_the_edit_page_refuses_unstorable_deploy_keys_and_saves_nothing(alice_client, source):
    response = post(
        alice_client,
        reverse("deployments:source_edit", args=[source.pk]),
        {"regions": ["us-east-1"], "log_retention_days": "7", "credentials": "deploy", "deploy_session_token": NUL},
    )
    assert response.status_code == 400
    assert refusal("Session token", NUL) in page_text(response)
    source.refresh_from_db()
    assert source.log_retention_days == 3
