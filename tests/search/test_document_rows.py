"""The cheap paths of building documents give what the general ones give:
services read as plain rows (DocumentType.columns) and imported rich text
read without an HTML parser."""

import pytest
from wagtail.rich_text import get_text_for_indexing

from core.importer import text_to_richtext
from core.richtext import text_for_indexing
from search.documents import ServiceDocument, rich_text

TEXTS = [
    "",
    "为初创企业提供代理记账服务。\n\n可用创新券抵扣部分费用。",
    "第一行\n第二行",
    "a & b < c > d \"quoted\" 'single'",
    "&amp; &lt; &#x27; &copy &nbsp;",
    "<script>alert(1)</script>",
    "   spaced   \n\n\n   ",
]
HTML = [
    "",
    "plain & text",
    "a &copy b",
    "<p>a</P>",
    '<p data-block-key="x1">段落</p><p data-block-key="x2">二</p>',
    "<h2>标题</h2><ul><li>一</li><li>二</li></ul>",
    "<p>a &nbsp; b</p><p>c&d</p>",
    "<p>x<br/>y</p><hr/>",
    '<p><a href="/x/">链接</a> 与 <b>粗体</b></p>',
]


@pytest.mark.parametrize("value", [text_to_richtext(text) for text in TEXTS] + HTML)
def test_rich_text_reads_like_wagtails_indexing_text(value):
    assert text_for_indexing(value) == get_text_for_indexing(value)
    assert rich_text(value) == get_text_for_indexing(value).strip()


@pytest.mark.django_db
def test_a_service_read_as_a_row_gives_the_same_document(demo):
    doc_type = ServiceDocument()
    queryset = doc_type.queryset()
    pages = list(queryset)
    rows = doc_type.fetch(queryset)
    assert len(rows) == len(pages) > 0
    assert doc_type.build_many(rows) == doc_type.build_many(pages)
    assert doc_type.fetch(queryset, limit=2) == rows[:2]
