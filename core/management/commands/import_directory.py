from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.importer import load_file, run_import


class Command(BaseCommand):
    help = "Import incubators, services and activities from a JSON file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the JSON file (format in docs/interfaces.md)")

    def handle(self, *args, file, **options):
        try:
            data = load_file(file)
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error}
            ) from error
        except ValueError as error:
            raise CommandError(
                _("%(file)s is not valid JSON: %(error)s") % {"file": file, "error": error}
            ) from error
        progress = self.progress if options["verbosity"] >= 2 else None
        report = run_import(data, progress=progress)
        if not report.ok:
            for error in report.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("%(count)d bad row(s); nothing was imported.") % {"count": len(report.errors)}
            )
        for line in report.summary_lines():
            self.stdout.write(line)

    def progress(self, section, done, total):
        self.stdout.write(
            _("%(section)s: %(done)d of %(total)d rows") % {"section": section, "done": done, "total": total}
        )
        self.stdout.flush()
