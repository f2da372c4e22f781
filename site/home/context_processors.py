from django.urls import NoReverseMatch, reverse
from wagtail.models import Site


def navigation(request):
    """The main menu: the home page's live children marked "show in menus"."""
    site = Site.find_for_request(request)
    if site is None:
        return {"nav_pages": [], "site_search_url": None}
    try:
        site_search_url = reverse("search")
    except NoReverseMatch:
        site_search_url = None
    # Not "search_url": Wagtail's admin templates (which this processor also
    # feeds) read that name as a URL pattern name for {% url %}.
    return {
        "nav_root": site.root_page,
        "nav_pages": site.root_page.get_children().live().in_menu().specific(),
        "site_search_url": site_search_url,
    }
