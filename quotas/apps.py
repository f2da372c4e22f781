from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuotasConfig(AppConfig):
    name = "quotas"
    label = "quotas"
    verbose_name = _("Annual quotas")

    def ready(self):
        from quotas import importer  # noqa: F401  (registers the "quotas" import section)
