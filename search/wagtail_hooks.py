"""The search vocabulary in the admin: the bureau's synonyms, dictionary
words and intent words. Saving one takes effect on the next query
(search.analyzer.current); synonyms and dictionary words also re-index the
documents holding their terms (search.signals)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.access import scope
from search.admin_views import SearchReportView
from search.models import DictionaryWord, IntentWord, Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "arrows-up-down"
    menu_label = _("Synonyms")
    list_display = ["term", "equivalents", "two_way", "note", "updated_at"]
    list_filter = ["two_way"]
    search_fields = ["term", "equivalents", "note"]
    search_backend_name = None


class DictionaryWordViewSet(SnippetViewSet):
    model = DictionaryWord
    icon = "openquote"
    menu_label = _("Dictionary words")
    list_display = ["word", "note", "updated_at"]
    search_fields = ["word", "note"]
    search_backend_name = None


class IntentWordViewSet(SnippetViewSet):
    model = IntentWord
    icon = "tag"
    menu_label = _("Intent words")
    list_display = ["word", "category", "note", "updated_at"]
    list_filter = ["category"]
    search_fields = ["word", "note"]
    search_backend_name = None


class SearchVocabularyGroup(SnippetViewSetGroup):
    items = (SynonymViewSet, DictionaryWordViewSet, IntentWordViewSet)
    menu_icon = "search"
    menu_label = _("Search vocabulary")
    menu_name = "search-vocabulary"


register_snippet(SearchVocabularyGroup)


@hooks.register("register_admin_urls")
def register_search_report_url():
    return [path("search-report/", SearchReportView.as_view(), name="search_report")]


class SearchReportMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(scope(request.user))


@hooks.register("register_reports_menu_item")
def register_search_report_menu_item():
    return SearchReportMenuItem(_("Search report"), reverse("search_report"), icon_name="search", order=950)
