"""Highlighted snippets, cut from the original text.

The backend says which atoms of a field matched (the field's atom string
with MARK_START/MARK_END around them); the analyzer gives each atom's offsets
in the original text, so the marks land on exactly the words that matched —
never on 工商 inside 化工商品 — and everything else is HTML-escaped. Only
``<mark>`` is ever emitted.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from search.backends import MARK_END, MARK_START

SNIPPET_CHARS = 90
ELLIPSIS = "…"


def marked_positions(marked):
    """Indexes of the atoms inside marks in a marked atom string."""
    positions, inside, index = set(), False, 0
    for part in marked.replace(MARK_START, f" {MARK_START} ").replace(MARK_END, f" {MARK_END} ").split():
        if part == MARK_START:
            inside = True
        elif part == MARK_END:
            inside = False
        else:
            if inside:
                positions.add(index)
            index += 1
    return positions, index


def phrase_positions(tokens, phrases):
    """Fallback when the stored atoms no longer line up with the text (the
    vocabulary changed and the re-index is still queued)."""
    words = [token.text for token in tokens]
    positions = set()
    for phrase in phrases:
        n = len(phrase)
        for i in range(len(words) - n + 1):
            if tuple(words[i : i + n]) == tuple(phrase):
                positions.update(range(i, i + n))
    return positions


def spans(text, analyzer, marked=None, phrases=()):
    """Character spans of the matched atoms in ``text``, merged."""
    tokens = analyzer.tokens(text)
    positions = set()
    if marked:
        positions, count = marked_positions(marked)
        if count != len(tokens):
            positions = set()
    if not positions and phrases:
        positions = phrase_positions(tokens, phrases)
    result = []
    for index in sorted(positions):
        start, end = tokens[index].start, tokens[index].end
        if result and start <= result[-1][1] + 0:
            result[-1] = (result[-1][0], max(end, result[-1][1]))
        else:
            result.append((start, end))
    return result


def render(text, found, start=0, end=None):
    end = len(text) if end is None else end
    out, cursor = [], start
    for span_start, span_end in found:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        out.append(escape(text[cursor:span_start]))
        out.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    out.append(escape(text[cursor:end]))
    return "".join(out)


def snippet(text, analyzer, marked=None, phrases=(), size=SNIPPET_CHARS):
    """About ``size`` characters of ``text`` around its first match (or its
    beginning), as safe HTML with the matches in <mark>."""
    text = " ".join((text or "").split())
    if not text:
        return mark_safe("")  # noqa: S308  (empty)
    found = spans(text, analyzer, marked, phrases)
    if len(text) <= size:
        start, end = 0, len(text)
    else:
        first = found[0][0] if found else 0
        start = max(0, min(first - size // 4, len(text) - size))
        end = min(len(text), start + size)
    html = render(text, found, start, end)
    if start > 0:
        html = ELLIPSIS + html
    if end < len(text):
        html += ELLIPSIS
    return mark_safe(html)  # noqa: S308  (every piece of text went through escape())


def highlight(text, analyzer, marked=None, phrases=()):
    """The whole of a short text (a title) with its matches marked."""
    text = text or ""
    return mark_safe(render(text, spans(text, analyzer, marked, phrases)))  # noqa: S308  (escaped)
