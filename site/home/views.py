"""Small site-wide views: the favicon at the address every browser asks for."""

from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.generic import RedirectView


class FaviconView(RedirectView):
    """``/favicon.ico`` → the icon among the static files (hashed name in
    production), so browsers that ignore the ``<link rel="icon">`` find it."""

    permanent = False

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.ico")


favicon = cache_control(max_age=86400, public=True)(FaviconView.as_view())
