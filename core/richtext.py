"""Rich text's plain text for search indexes, fast for what imports write.

``core.importer.text_to_richtext`` writes paragraphs and line breaks around
HTML-escaped text. For such a value, ``text_for_indexing`` gives exactly what
Wagtail's ``get_text_for_indexing`` gives, without its HTML parser (the
parser was most of the cost of indexing 100,000 imported services); any
other markup goes through Wagtail's function.
"""

import html
import re

from wagtail.rich_text import get_text_for_indexing

_OTHER_MARKUP = re.compile(r"[<>]|&(?!(?:amp|lt|gt|quot|#x27);)")


def text_for_indexing(value):
    """``wagtail.rich_text.get_text_for_indexing(value)``."""
    text = value.replace("<p>", "").replace("</p>", " ").replace("<br/>", " ")
    if not _OTHER_MARKUP.search(text):
        return html.unescape(text.strip())
    return get_text_for_indexing(value)
