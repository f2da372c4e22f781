from django.conf import settings
from django.core.management.base import BaseCommand

from home.backup import make_backup, prune_backups


class Command(BaseCommand):
    help = "Write a dated archive of the database and the media folder (README, 'Backups')."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=None, help="where (default: BACKUP_DIR, var/backups)")
        parser.add_argument("--keep", type=int, default=None, help="keep the newest N (default: BACKUP_KEEP)")

    def handle(self, *args, dir, keep, **options):
        directory = dir or settings.BACKUP_DIR
        archive = make_backup(directory)
        removed = prune_backups(directory, keep)
        self.stdout.write(f"{archive} ({archive.stat().st_size:,} bytes); {len(removed)} older removed")
