"""Response headers: the Content-Security-Policy, with one scoped exception
for Wagtail's admin, and the headers of private pages (``private_response``).

The public site runs under ``CONTENT_SECURITY_POLICY`` as configured: only
this site's own scripts, styles, images and fonts, no inline script. Wagtail
8's admin still executes inline ``<script>`` blocks and ``<style>`` elements
(page editor, listings, the dashboard), so under ``ADMIN_PREFIX`` the policy
also allows *inline* scripts and styles — still from no other origin. The
admin is used by signed-in staff only, and everything it renders from user
input is escaped by Wagtail; ``tests/browser/test_security_headers.py``
checks in Chromium that both policies raise no violation.
"""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.utils.cache import patch_cache_control

ADMIN_PREFIX = "/admin/"
ADMIN_ALLOWANCES = {"script-src": [UNSAFE_INLINE], "style-src": [UNSAFE_INLINE]}


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIX):
            parts.update = {**(parts.update or {}), **ADMIN_ALLOWANCES}
        return parts


def private_response(response, referrer_policy=None):
    """A page that carries personal data or a private link (a referral's
    tracking page, a registration, a demand form): stored by no cache,
    shared or the browser's (``private, no-store``), indexed by no search
    engine, and, given a ``referrer_policy``, sent with that
    ``Referrer-Policy`` so a token in its address does not leave the site."""
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    if referrer_policy:
        response["Referrer-Policy"] = referrer_policy
    return response
