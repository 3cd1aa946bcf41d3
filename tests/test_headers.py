"""Security headers on every page, no inline script or style, and error pages that keep secrets.

The Content-Security-Policy (django-csp) lets a page load scripts, styles, fonts and data only
from the portal itself, and run no inline script or style; the two pages built on libraries
that need one inline block (the API docs' Swagger UI, DRF's browsable API) get it by a nonce
of their own response. The browser tests (tests/browser) check the same pages in Chromium,
whose console must report no violation.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import path

from portal import urls as portal_urls
from tests.conftest import ACCESS_KEY, PASSWORD, SECRET_KEY

# Shaped like an AWS access key id, but not one of the test secrets: built here, so that no source
# line the debug page quotes holds it.
UNKNOWN_KEY = "AKIA" + "Z" * 16
POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=\s*[\"']", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"=\s*[\"']?\s*javascript:", re.IGNORECASE)


def policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return dict(part.strip().partition(" ")[::2] for part in header.split(";"))


def boom(request):
    """A view that fails while its locals hold credentials, as a view in the middle of a request would.

    The locals are never used: they are there for the error report to show (or hide).
    """
    aws_secret_access_key = SECRET_KEY  # noqa: F841 - a name that says it is secret
    pasted = f"the key is {SECRET_KEY}"  # noqa: F841 - a harmless name, a secret value
    body = {"aws_access_key_id": ACCESS_KEY, "region": "eu-west-1"}  # noqa: F841
    credentials = (ACCESS_KEY, SECRET_KEY, None)  # noqa: F841 - the shape of botocore's ReadOnlyCredentials
    shown = "an-ordinary-local-42"
    raise RuntimeError(f"the call failed for {UNKNOWN_KEY} ({len(shown)})")


urlpatterns = [path("boom/", boom), *portal_urls.urlpatterns]


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.com", PASSWORD)


def pages(source, endpoint) -> list[str]:
    return [
        "/sources/",
        f"/sources/{source.pk}/",
        "/sources/add/",  # redirects to the wizard's first step, followed below
        "/endpoints/",
        "/endpoints/add/",
        f"/endpoints/{endpoint.pk}/",
        "/search/?q=*123456789012*",
        "/search/findings/",
        "/search/retention/",
        "/aws/service-account/",
        f"/aws/sources/{source.pk}/edit/",
        f"/sources/{source.pk}/delete/",
        "/users/",
        "/users/roles/add/",
        "/api/v1/endpoints/",
    ]


def _check_page(response, url: str, *, nonce: bool = False) -> None:
    """The policy, exactly; a page that uses the response's nonce has it in script-src and style-src."""
    found = policy(response)
    assert set(found) == set(POLICY), (url, found)
    for directive, sources in POLICY.items():
        value = found[directive]
        if nonce and directive in ("script-src", "style-src"):
            assert re.fullmatch(re.escape(sources) + r" 'nonce-[A-Za-z0-9+/=]+'", value), (url, directive, value)
        else:
            assert value == sources, (url, directive, value)
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def _check_no_inline_code(html: str, url: str) -> None:
    for pattern in (INLINE_SCRIPT, INLINE_STYLE, EVENT_HANDLER, JAVASCRIPT_URL):
        match = pattern.search(html)
        assert match is None, f"{url}: {html[max(match.start() - 80, 0) : match.end() + 80]}"


def test_every_page_has_the_policy_and_no_inline_code(client_for, alice, source, endpoint):
    client = client_for(alice)
    wizard = client.get("/sources/add/").url
    for url in [*pages(source, endpoint), wizard]:
        response = client.get(url, follow=True, headers={"Accept": "text/html"})
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/html"), url
        if url.startswith("/api/"):
            # DRF's browsable API: Pygments' colours are the one inline style, by nonce.
            _check_page(response, url, nonce=True)
            continue
        _check_page(response, url)
        _check_no_inline_code(response.content.decode(), url)


def test_the_login_page_admin_and_the_error_pages_have_the_policy(client, client_for, staff, source, bob):
    anonymous = Client()
    for url, status in (("/accounts/login/", 200), ("/admin/login/", 200), ("/no-such-page/", 404)):
        response = anonymous.get(url)
        assert response.status_code == status, url
        _check_page(response, url)
        _check_no_inline_code(response.content.decode(), url)

    admin = client_for(staff)
    for url in ("/admin/", "/admin/log_sources/logsource/", f"/admin/log_sources/logsource/{source.pk}/change/"):
        response = admin.get(url)
        assert response.status_code == 200, url
        _check_page(response, url)
        _check_no_inline_code(response.content.decode(), url)

    response = client_for(bob).get("/users/")
    assert response.status_code == 403
    _check_page(response, "403")
    _check_no_inline_code(response.content.decode(), "403")


def test_a_refused_form_token_answers_the_portals_own_403_page():
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "alice", "password": "x"})
    assert response.status_code == 403
    assert "security token was missing or out of date" in response.content.decode()
    _check_page(response, "csrf 403")
    _check_no_inline_code(response.content.decode(), "csrf 403")


@pytest.mark.urls("tests.test_headers")
def test_the_500_page_has_the_policy(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    _check_page(response, "500")
    _check_no_inline_code(response.content.decode(), "500")


def test_the_api_docs_run_their_inline_script_and_style_by_this_responses_nonce(client_for, alice):
    client = client_for(alice)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    _check_page(response, "/api/docs/", nonce=True)
    html = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", policy(response)["script-src"])[1]
    assert INLINE_SCRIPT.findall(html) == [f'<script nonce="{nonce}">']
    assert re.findall(r"<style\b[^>]*>", html) == [f'<style nonce="{nonce}">']
    assert "SwaggerUIBundle(" in html
    assert not re.search(r"""\sstyle\s*=\s*["']""", html) and not EVENT_HANDLER.search(html)
    # Every asset comes from the portal itself (the sidecar's copy of Swagger UI).
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", html)
    # A nonce is never reused.
    assert policy(client.get("/api/docs/"))["script-src"] != policy(response)["script-src"]


TEMPLATE_DIRS = [settings.BASE_DIR / "templates", *sorted(settings.BASE_DIR.glob("*/templates"))]
# Pages rendered around a library's inline block, which they mark with the response's nonce.
NONCE_TEMPLATES = {"drf_spectacular/swagger_ui.html", "rest_framework/api.html"}


def test_no_template_of_the_portal_has_inline_script_style_or_handlers():
    checked = 0
    for folder in TEMPLATE_DIRS:
        for template in sorted(Path(folder).rglob("*.html")):
            name = template.relative_to(folder).as_posix()
            text = template.read_text()
            checked += 1
            if name in NONCE_TEMPLATES:
                text = re.sub(r'<(script|style) nonce="\{\{ request.csp_nonce \}\}">', "", text)
            _check_no_inline_code(text, name)
    assert checked > 30


@pytest.mark.urls("tests.test_headers")
def test_the_debug_500_page_shows_no_secret_from_locals_or_the_request(client, settings):
    settings.DEBUG = True
    client.raise_request_exception = False
    response = client.post(
        f"/boom/?note={SECRET_KEY}",
        {"aws_secret_access_key": SECRET_KEY, "comment": f"pasted {ACCESS_KEY}", "hostname": "relay-1"},
    )
    assert response.status_code == 500
    page = response.content.decode()
    assert "RuntimeError" in page and "Local vars" in page  # Django's technical page
    for secret in (SECRET_KEY, ACCESS_KEY, UNKNOWN_KEY, settings.SECRET_KEY):
        assert secret not in page
    # What is not secret is still there to debug with.
    assert "an-ordinary-local-42" in page
    assert "eu-west-1" in page and "relay-1" in page
    assert "the call failed for" in page
