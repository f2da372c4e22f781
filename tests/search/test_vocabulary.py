"""The bureau's vocabulary: admin snippets, applied without a restart, and
re-indexing the documents whose segmentation they change."""

import pytest

from search import analyzer as analyzers
from search.models import DictionaryWord, IndexQueueEntry, IntentWord, Synonym
from tests.factories import make_service

pytestmark = pytest.mark.django_db


def found(client, q):
    return [r["slug"] for r in client.get("/api/v1/search/", {"q": q}).json()["results"]]


def test_the_shipped_vocabulary_is_in_the_admin_tables(db):
    assert Synonym.objects.get(term="高企").equivalent_list() == ["高新技术企业"]
    assert DictionaryWord.objects.filter(word="揭榜挂帅").exists()


def test_a_new_synonym_applies_to_the_next_query(client, demo, drained):
    assert found(client, "算账") == []
    with drained():
        Synonym.objects.create(term="算账", equivalents="代理记账、记账")
    assert "huigu-bookkeeping" in found(client, "算账")


def test_deleting_a_synonym_takes_it_away_again(client, demo, drained):
    assert "kechuang-ip-strategy" in found(client, "知产")
    with drained():
        Synonym.objects.get(term="知产").delete()
    assert found(client, "知产") == []


def test_a_new_dictionary_word_reindexes_the_documents_that_hold_it(
    client, demo, drained, django_capture_on_commit_callbacks
):
    with drained():
        service = make_service(demo.incubator("huigu"), title="海参加工工艺咨询", slug="sea-cucumber")
    before = analyzers.current().terms("海参加工")
    with django_capture_on_commit_callbacks(execute=False):
        DictionaryWord.objects.create(word="参加工")  # a (deliberately bad) word
        queued = set(IndexQueueEntry.objects.values_list("object_id", flat=True))
    assert service.pk in queued
    assert analyzers.current().terms("海参加工") != before


def test_editing_a_synonym_queues_documents_holding_the_old_and_new_terms(
    demo, django_capture_on_commit_callbacks
):
    synonym = Synonym.objects.get(term="社保")
    with django_capture_on_commit_callbacks(execute=False):
        synonym.equivalents = "社会保障"
        synonym.save()
    queued = set(IndexQueueEntry.objects.values_list("object_id", flat=True))
    assert demo.service("lihai-social-security").pk in queued  # holds the old term 社会保险


def test_the_vocabulary_stamp_changes_with_every_edit(db):
    first = analyzers.vocabulary_version()
    word = DictionaryWord.objects.create(word="测试词")
    second = analyzers.vocabulary_version()
    word.delete()
    assert len({first, second, analyzers.vocabulary_version()}) >= 2
    assert first != second


@pytest.mark.parametrize(
    "url, term",
    [
        ("/admin/snippets/search/synonym/?q=高企", "高新技术企业"),
        ("/admin/snippets/search/dictionaryword/?q=揭榜", "揭榜挂帅"),
        ("/admin/snippets/search/intentword/?q=律师", "律师"),
    ],
)
def test_the_bureau_edits_the_vocabulary_in_the_admin(client, login, url, term):
    login("bureau")
    response = client.get(url)
    assert response.status_code == 200
    assert term in response.content.decode()


def test_an_operator_cannot_edit_the_vocabulary(client, login):
    login("op-huigu")
    assert client.get("/admin/snippets/search/synonym/").status_code in (302, 403)


def test_a_word_in_an_incubator_name_requeues_everything_it_publishes(
    demo, django_capture_on_commit_callbacks
):
    """Services, events and achievements carry their incubator's name, so a
    dictionary word that changes how that name segments re-indexes all three."""
    from achievements.models import AchievementPage
    from events.models import EventPage

    lihai = demo.incubator("lihai")
    with django_capture_on_commit_callbacks(execute=False):
        DictionaryWord.objects.create(word="利海")
        queued = set(IndexQueueEntry.objects.values_list("object_id", flat=True))
    for model in (EventPage, AchievementPage):
        children = set(model.objects.child_of(lihai).live().values_list("pk", flat=True))
        assert children and children <= queued, model.__name__
    assert demo.service("lihai-livestream").pk in queued


def test_the_shipped_intent_words_are_in_the_admin_table(db):
    assert IntentWord.objects.filter(word="律师", category="legal").exists()
    assert set(IntentWord.objects.values_list("category", flat=True)) == {
        "finance_tax",
        "legal",
        "information",
        "financing",
        "training",
        "marketing",
        "tech_innovation",
    }


def test_a_new_intent_word_applies_to_the_next_query_and_ranks_after_the_word_itself(client, demo, drained):
    assert "lihai-expo" not in found(client, "出海")
    with drained():
        IntentWord.objects.create(word="出海", category="marketing")
        make_service(demo.incubator("lihai"), title="出海咨询", slug="going-abroad", category="legal")
    results = found(client, "出海")
    assert results[0] == "going-abroad"  # holds the word itself, though another category
    assert {"lihai-expo", "lihai-brand"} <= set(results[1:])


def test_a_synonym_also_applies_to_the_texts_indexed(client, demo, drained):
    """A text saying only 代账 is found by 记账 and by 代理记账 (index-time)."""
    with drained():
        make_service(demo.incubator("huigu"), title="小微代账", slug="small-books", category="finance_tax")
    assert "small-books" in found(client, "记账")
    assert "small-books" in found(client, "代理记账")
