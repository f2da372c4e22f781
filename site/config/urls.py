from django.conf import settings
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from api.hsds.api import api as hsds_api
from api.v1 import api as api_v1


@cache_control(max_age=86400, public=True)
def favicon(request):
    """``/favicon.ico`` → the icon among the static files (hashed name in
    production), for browsers that ignore the ``<link rel="icon">``."""
    return redirect(static("favicon.ico"))


urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Without CSRF: a forged request could only switch a visitor's language,
    # and a token in every page's switcher would make no page cacheable.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("", include("home.urls")),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("favicon.ico", favicon, name="favicon"),
    path("", include("quotas.urls")),
    path("", include("services.urls")),
    path("", include("events.urls")),
    path("", include("achievements.urls")),
    path("", include("search.urls")),
    path("", include("matchmaking.urls")),
    path("api/v1/", api_v1.urls),
    path("api/hsds/", hsds_api.urls),
]

if settings.SERVE_MEDIA:
    # One-machine deployments serve uploads from Django; at scale the reverse
    # proxy or shared storage serves them and DJANGO_SERVE_MEDIA=0. Never
    # documents/: those go only through Wagtail's document view (/documents/),
    # which checks collection privacy (issue 9).
    import posixpath

    from django.http import Http404
    from django.views.static import serve

    def serve_media(request, path):
        if posixpath.normpath(path).lstrip("/").split("/")[0] == "documents":
            raise Http404
        return serve(request, path, document_root=settings.MEDIA_ROOT)

    urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media)]

urlpatterns += [path("", include(wagtail_urls))]
