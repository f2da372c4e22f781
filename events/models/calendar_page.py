"""The public calendar page; its listing is built by events.calendar, which
reads the event models (events.models.events). The module, not its function,
is imported: either may be imported first."""

from django.utils.translation import gettext_lazy as _

from core.pages import ListingPage
from events import calendar


class EventIndexPage(ListingPage):
    """The public calendar of every incubator's events (events.calendar)."""

    class Meta:
        verbose_name = _("event calendar")

    def listing_context(self, request):
        return calendar.calendar_context(request)
