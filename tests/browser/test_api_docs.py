"""The interactive API docs render in a real browser from the portal's own assets (no CDN)."""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.browser.conftest import watch_csp_violations


def test_the_docs_render_in_a_browser_talking_only_to_the_portal(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url)
    page = context.new_page()
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname or ""))
    violations = watch_csp_violations(page)
    try:
        response = page.goto("/api/docs/")
        page.wait_for_selector("text=GuardDuty External Sources API", timeout=20_000)
        page.wait_for_selector("text=/api/v1/log-sources/{id}/deploy/", timeout=20_000)
    finally:
        context.close()
    assert hosts == {urlsplit(live_server.url).hostname}
    # Swagger UI starts from the one inline script the policy allows, by this response's nonce.
    assert "'nonce-" in response.headers["content-security-policy"]
    assert violations == []
