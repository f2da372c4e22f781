from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks

from core import access
from incubators.models import IncubatorPage


@hooks.register("before_delete_page")
def only_the_bureau_deletes_an_incubator(request, page):
    """Page permissions let an operator delete a leaf page it can edit; an
    incubator's own page is the root of its team's subtree and goes only
    when the bureau removes it."""
    if isinstance(page.specific, IncubatorPage) and not access.is_bureau(request.user):
        messages.error(request, _("Only the bureau can delete an incubator."))
        return redirect("wagtailadmin_pages:edit", page.id)
    return None
