from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from core.importer import load_file, run_import
from core.links import sync_default_site
from home.demo import DIRECTORY_FILE, add_pictures, ensure_accounts
from home.demo import achievements as demo_achievements
from home.demo import demands as demo_demands
from home.demo import events as demo_events
from home.demo import fields as demo_fields
from home.demo import referrals as demo_referrals
from home.demo import search as demo_search

# Further demo content, each a function(stdout) in its own module of
# home/demo/, run in this order after the directory, pictures and accounts.
# Every step must be safe to run twice (the second run changes nothing).
DEMO_STEPS = [
    demo_fields.load,  # the list achievements and demands choose from
    demo_referrals.load,
    demo_events.load,
    demo_achievements.load,
    demo_demands.load,
]
# Always last: rebuilds the search index from everything loaded above.
DEMO_STEPS.append(demo_search.load)


class Command(BaseCommand):
    help = "Load the demo network (five incubators, their services, pictures and accounts)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="run even with DEBUG off (the demo accounts have published passwords)",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                _("Demo accounts have well-known passwords; use --force to load them with DEBUG off.")
            )
        # Demo records are fictional: workflow and referral mail to example.cn
        # addresses is not sent (nor printed by the console backend).
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            accounts = self.load()
        self.stdout.write(_("Demo accounts (for local use only):"))
        for username, password, role in accounts:
            self.stdout.write(f"  {username:<18} {password:<24} {role}")
        self.stdout.write(_("Admin: %(url)s/admin/") % {"url": settings.WAGTAILADMIN_BASE_URL})

    def load(self):
        sync_default_site()  # the Site record's address is SITE_BASE_URL's
        report = run_import(load_file(DIRECTORY_FILE))
        if not report.ok:
            for error in report.errors:
                self.stderr.write(str(error))
            raise CommandError(_("The demo data did not import."))
        for line in report.summary_lines():
            self.stdout.write(line)
        created = add_pictures()
        self.stdout.write(_("images: %(count)d created") % {"count": created})
        accounts = ensure_accounts()
        for step in DEMO_STEPS:
            step(self.stdout)
        return accounts
