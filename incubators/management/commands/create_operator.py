from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from incubators.models import IncubatorPage
from incubators.teams import create_operator


class Command(BaseCommand):
    help = "Create or update an operator account confined to one incubator."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("incubator_slug")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password",
            help="set this password (otherwise a new account gets a random one, printed once)",
        )

    def handle(self, *args, username, incubator_slug, email, password, **options):
        incubators = list(IncubatorPage.objects.filter(slug=incubator_slug)[:2])
        if len(incubators) != 1:
            raise CommandError(_("No single incubator has the slug “%(slug)s”.") % {"slug": incubator_slug})
        user, new_password = create_operator(username, incubators[0], email=email, password=password)
        self.stdout.write(
            _("%(user)s operates %(incubator)s.") % {"user": user.username, "incubator": incubators[0].title}
        )
        if new_password and not password:
            self.stdout.write(_("Password: %(password)s") % {"password": new_password})
