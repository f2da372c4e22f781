from django.urls import NoReverseMatch, reverse
from wagtail.models import Site


def navigation(request):
    """The main menu: the home page's live children marked "show in menus"."""
    site = Site.find_for_request(request)
    if site is None:
        return {"nav_pages": [], "search_url": None}
    try:
        search_url = reverse("search")
    except NoReverseMatch:
        search_url = None
    return {
        "nav_root": site.root_page,
        "nav_pages": site.root_page.get_children().live().in_menu().specific(),
        "search_url": search_url,
    }
