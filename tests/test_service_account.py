"""The Service Account page: Option 1's policy with a copy button, Option 2's template."""

from __future__ import annotations

import json

from deployments import templates


def test_the_page_shows_the_policy_the_download_and_the_console_link(alice, client_for, settings):
    settings.PORTAL_TEMPLATE_BUCKET_URL = ""
    response = client_for(alice).get("/aws/service-account/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="policy-json"' in page and 'data-copy-target="policy-json"' in page
    shown = page.split('<pre id="policy-json">', 1)[1].split("</pre>", 1)[0].replace("&quot;", '"')
    assert json.loads(shown) == templates.service_account_policy()
    assert "/aws/templates/service-account.yaml" in page
    assert "console.aws.amazon.com/cloudformation/home" in page
    assert "armor_service_account" in page
    assert "/static/deployments/progress.js" in page


def test_the_templates_download_as_yaml(alice, client_for):
    client = client_for(alice)
    for kind, filename in (
        ("service-account", "service-account.yaml"),
        ("stack", "guardduty-collection.yaml"),
        ("stackset", "guardduty-collection.yaml"),
    ):
        response = client.get(f"/aws/templates/{kind}.yaml")
        assert response.status_code == 200
        assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
        assert response.content.decode() == templates.template_text(kind)
        assert response.content.decode().startswith('AWSTemplateFormatVersion: "2010-09-09"')
    assert client.get("/aws/templates/other.yaml").status_code == 404


def test_the_page_needs_a_login(db, client):
    response = client.get("/aws/service-account/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
