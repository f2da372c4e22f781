"""The Content-Security-Policy, with one scoped exception for Wagtail's admin.

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

ADMIN_PREFIX = "/admin/"
ADMIN_ALLOWANCES = {"script-src": [UNSAFE_INLINE], "style-src": [UNSAFE_INLINE]}


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIX):
            parts.update = {**(parts.update or {}), **ADMIN_ALLOWANCES}
        return parts
