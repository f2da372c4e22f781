from django.conf import settings
from django.urls import include, path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("quotas.urls")),
    path("", include("services.urls")),
    path("", include("events.urls")),
    path("", include("achievements.urls")),
    path("", include("search.urls")),
]

if settings.SERVE_MEDIA:
    # One-machine deployments serve uploads from Django; at scale the reverse
    # proxy or shared storage serves them and DJANGO_SERVE_MEDIA=0.
    from django.views.static import serve

    urlpatterns += [
        path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})
    ]

urlpatterns += [path("", include(wagtail_urls))]
