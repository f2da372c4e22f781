"""The public list of technology demands; its listing is built by
matchmaking.listing, which reads the demand models. The module, not its
function, is imported: either may be imported first."""

from django.utils.translation import gettext_lazy as _

from core.pages import ListingPage
from matchmaking import listing


class DemandIndexPage(ListingPage):
    """The public list of published, open demands; also the parent of the
    demands of firms outside the network (reviewed by the bureau)."""

    subpage_types = ["matchmaking.DemandPage"]

    class Meta:
        verbose_name = _("technology demand list")

    def listing_context(self, request):
        return listing.demand_list_context(request)
