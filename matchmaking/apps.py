from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchmakingConfig(AppConfig):
    name = "matchmaking"
    verbose_name = _("Precise matchmaking")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from matchmaking import importer, signals  # noqa: F401  (registers the section and receivers)
