"""Whole-response cache for what anonymous visitors see.

A visitor with no session is shown the same page as every other such
visitor in the same language, so the first response is stored in Django's
cache (a file cache on one machine, Redis when several app servers share
one) and served to the next ones for up to PUBLIC_PAGE_CACHE_SECONDS. Every
entry is keyed by core.cache's generation, which any publish or change of a
record that public pages show bumps (``bump_on_change`` below) — so a
publish shows at once, and only what depends on the clock (an event moving
from "upcoming" to "past", the quota board's "expected to date") may lag by
up to the cache time.

Never cached: signed-in users (a session cookie), anything but GET/HEAD,
the admin, responses other than 200, responses that set a cookie, use a
CSRF token (forms) or say ``private``/``no-store``/``no-cache`` (private
tracking links, registrations).
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.cache import cc_delim_re
from django.utils.translation import get_language
from wagtail.images.models import AbstractRendition
from wagtail.signals import page_published, page_unpublished, post_page_move

from core import cache as public_cache

SKIPPED_PREFIXES = ("/admin/", "/healthz", "/i18n/", "/static/", "/media/", "/documents/")
ALLOWED_COOKIES = {settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME}
PRIVATE_DIRECTIVES = {"private", "no-store", "no-cache"}


def _cacheable_request(request):
    return (
        settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.path.startswith(SKIPPED_PREFIXES)
        and set(request.COOKIES) <= ALLOWED_COOKIES
    )


def _cacheable_response(request, response):
    if response.status_code != 200 or response.cookies or response.streaming:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page holds a CSRF token
        return False
    directives = {
        d.split("=")[0].strip().lower() for d in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    return not directives & PRIVATE_DIRECTIVES


def _key(request):
    return f"page:{public_cache.generation()}:{get_language()}:{request.get_host()}:{request.get_full_path()}"


class PublicPageCacheMiddleware:
    """Placed right after the locale middleware, so the key knows the language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request)
        cached = cache.get(key)
        if cached is not None:
            cached["X-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if _cacheable_response(request, response):
            if hasattr(response, "render") and not response.is_rendered:
                response.add_post_render_callback(lambda r: self._store(key, r))
            else:
                self._store(key, response)
        return response

    @staticmethod
    def _store(key, response):
        response["X-Cache"] = "miss"
        cache.set(key, response, settings.PUBLIC_PAGE_CACHE_SECONDS)


# --- invalidation ---------------------------------------------------------------

# Apps whose records public pages (or their counts, facets and summaries) show.
PUBLIC_APPS = {
    "home",
    "core",
    "incubators",
    "services",
    "events",
    "achievements",
    "quotas",
    "search",
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
    "wagtailredirects",
    "wagtailsettings",
    "taggit",
}
# Records of those apps that no public page shows: their churn must not empty
# the cache (queue rows, worker bookkeeping, draft-only history).
IGNORED_MODELS = {
    "search.indexqueueentry",
    "home.workerheartbeat",
    "home.periodicjob",
    "wagtailcore.revision",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.referenceindex",
    "wagtailcore.pagesubscription",
    "wagtailcore.comment",
    "wagtailcore.commentreply",
    "wagtailcore.workflowstate",
    "wagtailcore.taskstate",
}


def _shown_publicly(model):
    meta = model._meta
    if issubclass(model, AbstractRendition):  # made while a page renders: a cache, not content
        return False
    return meta.app_label in PUBLIC_APPS and meta.label_lower not in IGNORED_MODELS


def bump_on_change(sender, **kwargs):
    if kwargs.get("raw"):
        return
    if _shown_publicly(sender):
        public_cache.bump()


def bump_on_page_event(sender, **kwargs):
    public_cache.bump()


def connect():
    post_save.connect(bump_on_change, dispatch_uid="page_cache_save")
    post_delete.connect(bump_on_change, dispatch_uid="page_cache_delete")
    m2m_changed.connect(bump_on_change, dispatch_uid="page_cache_m2m")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(bump_on_page_event, dispatch_uid=f"page_cache_{id(signal)}")
