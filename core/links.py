"""Absolute links, all from one setting.

Mail, iCalendar feeds and the admin all need absolute URLs, and they must
agree whatever host a request came in on (``localhost``, ``127.0.0.1:8000``,
the proxy's name): every one is ``SITE_BASE_URL`` (the ``SITE_BASE_URL``
environment variable, also Wagtail's ``WAGTAILADMIN_BASE_URL``) + a path.
"""

from django.conf import settings


def base_url():
    return settings.SITE_BASE_URL.rstrip("/")


def absolute_url(target):
    """``target`` is a path ("/registration/…/") or a page; returns "" for a
    page that has no URL (not routable from any site)."""
    if hasattr(target, "get_url_parts"):
        parts = target.get_url_parts()
        if parts is None:
            return ""
        target = parts[2]
    return base_url() + target
