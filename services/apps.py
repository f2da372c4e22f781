from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Services")

    def ready(self):
        # Registers the import and profile sections and the category ranking.
        from services import hints, importer, profile  # noqa: F401
