from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from search.indexing import drain


class Command(BaseCommand):
    help = "Apply queued index changes to the search backend (run it from cron when the backend was down)."

    def handle(self, *args, **options):
        report = drain()
        self.stdout.write(
            _("Applied %(applied)d, removed %(deleted)d; %(remaining)d still queued.")
            % {"applied": report.applied, "deleted": report.deleted, "remaining": report.remaining}
        )
        if report.errors:
            raise CommandError(
                _("The search backend refused the changes: %(error)s") % {"error": report.errors[-1]}
            )
