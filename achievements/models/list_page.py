"""The public achievements list page; its listing is built by
achievements.listing, which reads the achievement models. The module, not
its function, is imported: either may be imported first."""

from django.utils.translation import gettext_lazy as _

from achievements import listing
from core.pages import ListingPage


class AchievementIndexPage(ListingPage):
    """The public list of every published achievement, with filters (see
    achievements.listing.achievement_list_context)."""

    class Meta:
        db_table = "incubators_achievementindexpage"
        verbose_name = _("achievement list")

    def listing_context(self, request):
        return listing.achievement_list_context(request)
