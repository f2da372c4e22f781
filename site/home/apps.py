from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Network home")

    def ready(self):
        from home import page_cache

        page_cache.connect()
