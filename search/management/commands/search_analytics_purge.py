from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from search.analytics import purge


class Command(BaseCommand):
    help = "Delete search analytics older than SEARCH_ANALYTICS_RETENTION_DAYS (180); cron it daily."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="keep this many days instead")

    def handle(self, *args, days=None, **options):
        days = days if days is not None else settings.SEARCH_ANALYTICS_RETENTION_DAYS
        removed = purge(days)
        self.stdout.write(
            _("Deleted %(count)d search analytics rows older than %(days)d days.")
            % {"count": removed, "days": days}
        )
