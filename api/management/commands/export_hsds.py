from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from api.hsds import export


class Command(BaseCommand):
    help = "Write the public directory as an Open Referral HSDS 3.0 tabular data package into DIR."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="folder to write datapackage.json and the CSV files into")

    def handle(self, *args, directory, **options):
        written = export.write(directory)
        self.stdout.write(
            _("Wrote %(count)d files to %(directory)s.") % {"count": len(written), "directory": directory}
        )
