from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Network core")

    def ready(self):
        from core import links

        post_migrate.connect(links.sync_site_after_migrate, sender=self)
        checks.register(links.check_site_matches_base_url, checks.Tags.urls, checks.Tags.database)
