"""What a page says in the interface's language, for the tests that catch
text in the other language (issue 15).

``interface_text(html)`` is the visible text a person reads or hears: text
nodes outside scripts, styles, templates and ``hidden`` elements, plus the
placeholder, aria-label, title and alt attributes. ``foreign_words(text,
language)`` is what in it belongs to the other language: Latin words in the
Chinese interface, Chinese characters in the English one.
"""

import re

from bs4 import BeautifulSoup

ATTRIBUTES = ("placeholder", "aria-label", "title", "alt")
# Latin that a Chinese interface legitimately shows: names of products and
# formats, and the examples inside Wagtail's own (translated) help texts.
LATIN_ALLOWED = {
    "Wagtail",
    "XLSX",
    "CSV",
    "iCal",
    "iCalendar",
    "TRL",
    "URL",
    "API",
    "JSON",
    "GB/T",
    "http",
    "domain",
}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z’'\-]*[A-Za-z]|[A-Za-z]")
CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]+")
# A token that cannot be an English word: a slug, a code, a path, a dotted
# name or a user name such as "op-huigu", "training_sessions", "2026a",
# "GB/T", "achievements.achievementpage".
TOKEN = re.compile(r"[\w\-/’']+(?:\.[\w\-/’']+)*", re.ASCII)
SLUG_LIKE = re.compile(r"[-_/.0-9]")
# Real identifiers a page shows that look like words: the demo's user names.
IDENTIFIERS = {"bureau", "admin"}


def interface_text(html, *, skip=()):
    """Visible text of ``html``; ``skip`` lists CSS selectors of content
    (what operators wrote) to leave out."""
    soup = BeautifulSoup(html, "html.parser")
    for element in soup(["script", "style", "template", "noscript"]):
        element.decompose()
    for element in soup.select("[hidden], .w-hidden, [aria-hidden=true]"):
        element.decompose()
    for selector in skip:
        for element in soup.select(selector):
            element.decompose()
    attributes = [
        value
        for name in ATTRIBUTES
        for element in soup.find_all(attrs={name: True})
        if isinstance(value := element.get(name), str)
    ]
    return " ".join([soup.get_text(" "), *attributes])


def foreign_words(text, language, allowed=()):
    """Words of ``text`` in the other language than ``language`` ("zh-hans" or
    "en"), minus e-mail addresses, URLs, ``allowed`` and identifiers: tokens
    with a "-", "_", "/" or digit (slugs, codes, paths) and ``IDENTIFIERS``.
    An all-lowercase word is English like any other ("insert a block")."""
    text = re.sub(r"\S+@\S+|https?://\S+|(?<!\w)/[\w\-/.]+|\b[A-Z]+-\d[\w-]*", " ", text)
    if language == "en":
        return sorted(set(CJK.findall(text)) - set(allowed))
    words = {
        word
        for token in TOKEN.findall(text)
        if not SLUG_LIKE.search(token)
        for word in LATIN_WORD.findall(token)
    }
    return sorted(
        word
        for word in words
        if len(word) > 1 and word not in LATIN_ALLOWED | IDENTIFIERS and word not in allowed
    )


# The interface: the layout around the content, and the parts of any page
# that the templates write (headings of sections, form labels, buttons,
# table headings, filters). A list's or the home page's own title and
# introduction count too; a detail page's title is its operator's text.
CHROME = (
    "header.site-header, nav.breadcrumbs, footer, label, button, legend, thead th, caption, main h2, .pager"
)
LIST_CHROME = CHROME + ", main h1, main .lead"


def chrome_text(html, listing):
    soup = BeautifulSoup(html, "html.parser")
    # Content inside the interface: operators' page titles in breadcrumbs
    # (data-content), the choices of a filter after its "all …" option, and
    # each language's own name in the switcher (lang=…).
    for element in soup.select("[data-content], [lang]:not(html), select option:not(:first-child)"):
        element.decompose()
    return " ".join(
        interface_text(str(element)) for element in soup.select(LIST_CHROME if listing else CHROME)
    )
