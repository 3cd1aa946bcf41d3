"""The interactive API docs render in a real browser from the portal's own assets (no CDN)."""

from __future__ import annotations

from urllib.parse import urlsplit


def test_the_docs_render_in_a_browser_talking_only_to_the_portal(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url)
    page = context.new_page()
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname or ""))
    try:
        page.goto("/api/docs/")
        page.wait_for_selector("text=GuardDuty External Sources API", timeout=20_000)
        page.wait_for_selector("text=/api/v1/log-sources/{id}/deploy/", timeout=20_000)
    finally:
        context.close()
    assert hosts == {urlsplit(live_server.url).hostname}
