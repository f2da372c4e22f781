from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from search.backends import BackendUnavailable, get_backend
from search.indexing import check, drain, repair

SHOWN = 20


class Command(BaseCommand):
    help = "Report drift between the database and the search index (missing, extra, stale documents)."

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="queue the drifted pages and drain the queue")

    def handle(self, *args, fix=False, **options):
        try:
            recreated = get_backend().ensure_schema()
            if recreated:
                self.stdout.write(
                    _("The search index was missing (%(tables)s): recreated it empty.")
                    % {"tables": ", ".join(recreated)}
                )
            report = check()
        except BackendUnavailable as error:
            raise CommandError(
                _("The search backend is unavailable: %(error)s") % {"error": error}
            ) from error
        self.stdout.write(
            _("%(expected)d documents expected, %(indexed)d indexed, %(queued)d changes queued.")
            % {"expected": report.expected, "indexed": report.indexed, "queued": report.queued}
        )
        for label, keys in (
            (_("missing from the index"), report.missing),
            (_("in the index but not published"), report.extra),
            (_("indexed with outdated content"), report.stale),
        ):
            if keys:
                shown = ", ".join(keys[:SHOWN]) + (" …" if len(keys) > SHOWN else "")
                self.stdout.write(f"{len(keys)} {label}: {shown}")
        if report.ok:
            self.stdout.write(_("No drift."))
            return
        if fix:
            repair(report)
            result = drain()
            self.stdout.write(
                _("Queued and applied the fixes; %(remaining)d still queued.")
                % {"remaining": result.remaining}
            )
            return
        raise CommandError(_("The index has drifted; run search_check --fix or search_reindex."))
