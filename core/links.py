"""Absolute links, all from one setting.

Mail, iCalendar feeds and the admin all need absolute URLs, and they must
agree whatever host a request came in on (``localhost``, ``127.0.0.1:8000``,
the proxy's name): every one is ``SITE_BASE_URL`` (the ``SITE_BASE_URL``
environment variable, also Wagtail's ``WAGTAILADMIN_BASE_URL``) + a path.

Wagtail builds the rest (``page.full_url`` in its workflow mail, the admin
API's ``html_url``, the sitemap, ``/api/v1/``'s ``url``) from the default
``Site`` record's host name and port, so that record is kept in step with
the setting: after every ``migrate`` (a ``post_migrate`` handler) and by
``load_demo``; a system check warns when they differ.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site


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


def site_address():
    """The (host name, port) a ``Site`` record needs for its ``root_url`` to
    be ``SITE_BASE_URL``, or None when no record can say it (a path after
    the host, https on a port other than 443, http on 443)."""
    parts = urlsplit(base_url())
    try:
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:
        return None
    if not parts.hostname or port is None:
        return None
    address = (parts.hostname, port)
    return address if Site(hostname=address[0], port=address[1]).root_url == base_url() else None


def _default_site(using):
    if Site._meta.db_table not in connections[using].introspection.table_names():
        return None  # Wagtail's tables are not there yet
    return Site.objects.using(using).filter(is_default_site=True).first()


def sync_default_site(using=DEFAULT_DB_ALIAS):
    """Give the default ``Site`` the host name and port of ``SITE_BASE_URL``;
    True if it changed. Saving clears Wagtail's cache of site root URLs."""
    address, site = site_address(), _default_site(using)
    if address is None or site is None or (site.hostname, site.port) == address:
        return False
    taken = Site.objects.using(using).filter(hostname=address[0], port=address[1]).exists()
    if taken:
        return False  # another Site record has that address: the check says so
    site.hostname, site.port = address
    site.save(using=using, update_fields=["hostname", "port"])
    return True


def sync_site_after_migrate(using=DEFAULT_DB_ALIAS, **kwargs):
    """``post_migrate`` handler (connected in ``CoreConfig.ready``)."""
    sync_default_site(using)


def check_site_matches_base_url(databases=None, **kwargs):
    """Warns when SITE_BASE_URL cannot be a Site's address, and (with
    database checks, ``check --database default``) when the default Site
    record's address differs from it."""
    if site_address() is None:
        return [
            checks.Warning(
                _("SITE_BASE_URL %(url)s cannot be a Wagtail site address.") % {"url": base_url()},
                hint=_("Use scheme, host and port only (https on port 443, http on any other)."),
                id="core.W001",
            )
        ]
    for using in databases or ():
        site = _default_site(using)
        if site is not None and site.root_url != base_url():
            return [
                checks.Warning(
                    _("The default Wagtail site is %(site)s but SITE_BASE_URL is %(url)s.")
                    % {"site": site.root_url, "url": base_url()},
                    hint=_("Run “manage.py migrate”: it updates the site record."),
                    id="core.W002",
                )
            ]
    return []
