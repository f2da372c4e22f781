"""Language selection: Chinese unless the visitor chose English.

Django's LocaleMiddleware would follow the browser's Accept-Language, which
shows English to anyone whose phone or office PC happens to be set up in
English. The network's users are in Rongcheng; the site speaks Chinese first
and switches only on an explicit choice (the language cookie set by
django.views.i18n.set_language).
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ChineseFirstLocaleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        # override, not activate: the thread's language is restored after the
        # response, so one English request cannot leak into later work
        # (another request's start, a command, the next test).
        with translation.override(language):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
