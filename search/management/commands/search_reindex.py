from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from search.backends import BackendUnavailable, get_backend
from search.indexing import count_documents, drain, reindex


class Command(BaseCommand):
    help = "Rebuild the public search index from the database, then apply anything queued since."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="no progress bar (for logs)")

    def handle(self, *args, no_progress=False, **options):
        backend = get_backend()
        total = count_documents()
        bar = tqdm(total=total, unit="doc", disable=no_progress or None, file=self.stderr._out)
        try:
            recreated = backend.ensure_schema()
            if recreated:
                self.stdout.write(
                    _("Recreated the missing search index (%(tables)s).") % {"tables": ", ".join(recreated)}
                )
            count = reindex(backend, progress=bar.update)
            report = drain(backend)
        except BackendUnavailable as error:
            raise CommandError(
                _("The search backend is unavailable: %(error)s") % {"error": error}
            ) from error
        finally:
            bar.close()
        self.stdout.write(
            _("Indexed %(count)d documents with the %(backend)s backend; %(queued)d changes still queued.")
            % {"count": count, "backend": backend.name, "queued": report.remaining}
        )
