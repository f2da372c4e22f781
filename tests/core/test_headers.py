"""Security headers on every response: Content-Security-Policy (strict on the
public site, inline allowed only in the admin), Permissions-Policy, and no
avatar from gravatar.com."""

import pytest

pytestmark = pytest.mark.django_db


def _directives(header):
    return {part.split()[0]: part.split()[1:] for part in header.split("; ") if part}


@pytest.mark.parametrize("path", ["/", "/events/", "/search/?q=记账", "/admin/login/"])
def test_every_page_has_a_csp_with_no_other_origin(client, path):
    response = client.get(path)
    policy = _directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    for sources in policy.values():
        assert all(s.startswith("'") or s in ("data:", "blob:") for s in sources), sources


def test_the_public_site_allows_no_inline_script_or_style_element(client):
    policy = _directives(client.get("/")["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]


def test_only_the_admin_allows_inline_scripts(client, login):
    login("bureau")
    policy = _directives(client.get("/admin/")["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["script-src"]


def test_permissions_policy_turns_device_features_off(client):
    header = client.get("/")["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in header


def test_the_admin_loads_no_avatar_from_gravatar(client, login):
    login("bureau")
    html = client.get("/admin/").content.decode()
    assert "gravatar" not in html
    assert "/static/wagtailadmin/images/default-user-avatar" in html
