"""The Content-Security-Policy holds in a real browser: public pages and the
Wagtail admin load and work with no violation reported by Chromium."""

import pytest
from playwright.sync_api import expect

PUBLIC = ["/", "/events/", "/achievements/", "/search/?q=记账", "/report/2026/"]
ADMIN = [
    "/admin/",
    "/admin/pages/",
    "/admin/images/",
    "/admin/documents/",
    "/admin/users/",
    "/admin/quota-board/",
]


@pytest.fixture
def csp_violations(page):
    """Every CSP violation Chromium reports on ``page``, as console text."""
    seen = []
    page.on(
        "console",
        lambda message: seen.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation',"
        " e => console.error('Content Security Policy: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    return seen


def test_public_pages_load_without_violations(page, site_url, csp_violations):
    for path in PUBLIC:
        response = page.goto(site_url + path)
        assert "default-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
    assert csp_violations == []


def test_the_admin_works_without_violations(page, site_url, admin_login, csp_violations):
    admin_login("bureau", "bureau-demo-2026")
    for path in ADMIN:
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    # a page editor: rich text, choosers, side panels
    page.goto(site_url + "/admin/pages/search/?q=代理记账")
    page.locator("a[href*='/edit/']").first.click()
    expect(page.locator("form#page-edit-form")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert csp_violations == []
