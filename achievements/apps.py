from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AchievementsConfig(AppConfig):
    name = "achievements"
    verbose_name = _("Achievements and projects")

    def ready(self):
        from achievements import importer, profile  # noqa: F401  (registers import sections, profile section)
