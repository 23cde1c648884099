"""Entry rich text -> the text a field of RIS or Zotero takes: never TeX, markup only where it is read.

Entry text may hold ``<i>``/``<b>``/``<sup>``/``<sub>``, ``<span class="nocase">``, ``$math$`` and
TeX an importer left undecoded (``\\emph{x}``, ``{BERT}``, ``--``). A RIS value is plain text, and
so is every Zotero field but the title, so ``to_plain`` removes all of it.

Zotero titles are rich text (Zotero's "rich text bibliography": ``<i>``, ``<b>``, ``<sup>``,
``<sub>`` and ``<span class="nocase">`` are passed to citeproc-js), so ``to_zotero_title`` keeps
the formatting tags. It keeps a nocase span only where citeproc-js would change the words without
it: its title case capitalises lower-case words and lower-cases stop words, and leaves every
other word alone. ``{BERT}``, ``{TeX}`` and ``{Need}`` need nothing (the tags would only show in
Zotero's item pane); ``{word2vec}`` and a capitalised ``{Of}`` keep theirs.
"""
from __future__ import annotations

import html
import re

__all__ = ["to_note_html", "to_plain", "to_zotero_title"]

_NOCASE_SPAN = re.compile(r'<span class="nocase">(.*?)</span>', re.DOTALL)
_TAG = re.compile(r"</?(?:i|b|sup|sub|span)(?:\s[^>]*)?>")
_FORMAT_TAG = re.compile(r"</?(?:i|b|sup|sub)>")
_MATH = re.compile(r"\$([^$]+)\$")
# TeX left in a field: a control word or symbol, a brace group, a tie between words (a lone brace
# is text: BibTeX's \{ decodes to one)
_TEX = re.compile(r"\\[A-Za-z@]+|\\[^A-Za-z\s]|\{[^{}]*\}|(?<=\S)~(?=\S)")
_SCRIPT = re.compile(r"([\^_])(\{[^{}]*\}|\\?[A-Za-z0-9])")
# the one-word entries of citeproc-js's SKIP_WORDS: written in lower case inside a title-cased title
_STOP_WORDS = frozenset((
    "about", "above", "across", "afore", "after", "against", "al", "along", "alongside", "amid", "amidst",
    "among", "amongst", "anenst", "apropos", "apud", "around", "as", "aside", "astride", "at", "athwart",
    "atop", "barring", "before", "behind", "below", "beneath", "beside", "besides", "between", "beyond", "but",
    "by", "circa", "despite", "down", "during", "et", "except", "for", "forenenst", "from", "given", "in",
    "inside", "into", "lest", "like", "modulo", "near", "next", "notwithstanding", "of", "off", "on", "onto",
    "out", "over", "per", "plus", "pro", "qua", "sans", "since", "than", "through", "thru", "throughout",
    "thruout", "till", "to", "toward", "towards", "under", "underneath", "until", "unto", "up", "upon",
    "versus", "vs", "v", "via", "vis-à-vis", "with", "within", "without", "or", "yet", "so", "and", "nor", "a",
    "an", "the", "de", "d'", "von", "van", "c", "ca",
))


def _decode_tex(text: str) -> str:
    """TeX leftovers -> rich text, with the renderer's decoder (pylatexenc behind it)."""
    from ..latex.leftovers import decode_tex_leftovers  # imported late: most fields hold no TeX

    return decode_tex_leftovers(text)


def _math_text(source: str) -> str:
    from ..latex.leftovers import math_to_text

    return math_to_text(source)


def _has_tex(text: str) -> bool:
    return bool(_TEX.search(_MATH.sub("", text) if "$" in text else text))


def _clean(text: str) -> str:
    if _has_tex(text):
        text = _decode_tex(text)
    return text.replace("---", "\u2014").replace("--", "\u2013") if "--" in text else text


def to_plain(text: str) -> str:
    """Plain text: tags dropped, math and TeX written out (``$\\alpha$-nets`` -> ``α-nets``)."""
    if not text:
        return text
    text = _clean(text)
    if "$" in text:
        text = _MATH.sub(lambda m: _math_text(m.group(1)), text)
    return _TAG.sub("", text) if "<" in text else text


def _math_rich(source: str) -> str:
    """``x^{2}`` -> ``x<sup>2</sup>``, as Zotero's BibTeX import writes math (other math as text)."""
    out, pos = [], 0
    for match in _SCRIPT.finditer(source):
        tag = "sup" if match.group(1) == "^" else "sub"
        out.append(_math_text(source[pos:match.start()]) if match.start() > pos else "")
        out.append(f"<{tag}>{_math_text(match.group(2).strip('{}'))}</{tag}>")
        pos = match.end()
    out.append(_math_text(source[pos:]) if pos < len(source) else "")
    return "".join(out)


def _needs_nocase(words: str, at_start: bool) -> bool:
    """Whether citeproc-js's title case would change ``words`` (``at_start``: they open the title).

    It capitalises a lower-case word (a stop word only at the start) and lower-cases a capitalised
    stop word elsewhere; a word with capitals of its own (``BERT``, ``TeX``, ``Need``) stays as it is.
    """
    for number, word in enumerate(re.findall(r"[^\W\d_][\w'-]*", _TAG.sub("", words))):
        opening = at_start and number == 0
        stop = word.lower() in _STOP_WORDS
        if word == word.lower() and (opening or not stop):
            return True
        if stop and not opening and word == word.capitalize():
            return True
    return False


def to_zotero_title(text: str) -> str:
    """Zotero rich text: ``<i>``/``<b>``/``<sup>``/``<sub>`` kept, nocase only where needed, no TeX."""
    if not text:
        return text
    text = _clean(text)
    if "$" in text:
        text = _MATH.sub(lambda m: _math_rich(m.group(1)), text)
    if "<span" not in text:
        return text

    def span(match: re.Match) -> str:
        inner = match.group(1)
        first = not _TAG.sub("", text[:match.start()]).strip()
        return match.group(0) if _needs_nocase(inner, first) else inner

    return _NOCASE_SPAN.sub(span, text)


def to_note_html(text: str) -> str:
    """Note HTML for Zotero: paragraphs, formatting tags kept, everything else escaped, no TeX."""
    text = _clean(text)
    if "$" in text:
        text = _MATH.sub(lambda m: _math_rich(m.group(1)), text)
    text = _NOCASE_SPAN.sub(r"\1", text) if "<span" in text else text
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "".join(f"<p>{_escape_keeping_tags(p).replace(chr(10), '<br/>')}</p>" for p in paragraphs)


def _escape_keeping_tags(text: str) -> str:
    out, pos = [], 0
    for match in _FORMAT_TAG.finditer(text):
        out.append(html.escape(text[pos:match.start()], quote=False))
        out.append(match.group(0))
        pos = match.end()
    out.append(html.escape(text[pos:], quote=False))
    return "".join(out)
