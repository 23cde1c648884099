"""citeproc-js's HTML output -> refkit's encoded text (``richtext`` markers), for every target.

citeproc-js writes a formatted entry as HTML: ``<i>``, ``<b>``, ``<sup>``, ``<sub>``, styled spans
(small caps, normal style inside italics), links, and display blocks (``csl-left-margin`` for the
number column, ``csl-right-inline``, ``csl-block``, ``csl-indent``). Reading that one format and
writing each target ourselves keeps every target's escaping in ``targets`` (one place), and a
cached entry serves text, HTML, Markdown and LaTeX alike.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

from . import richtext as rt

__all__ = ["html_to_encoded"]

_STYLE = re.compile(r"([\w-]+)\s*:\s*([^;]+)")


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.closing: list[tuple[str, str]] = []  # per open element: what it writes when it closes, its counter
        self.italic = self.bold = 0  # open italic / bold elements

    def handle_starttag(self, tag, attrs):
        on, off, counter = self._markup(tag, dict(attrs))
        if counter:  # an italic (bold) element counts even when nested in another, which wrote the marker
            setattr(self, counter, getattr(self, counter) + 1)
        self.out.append(on)
        self.closing.append((off, counter))

    def _markup(self, tag: str, attrs: dict) -> tuple[str, str, str]:
        """(opening marker, closing marker, the counter this element raises: "italic", "bold" or "")."""
        style = {k.lower(): v.strip().lower() for k, v in _STYLE.findall(attrs.get("style") or "")}
        if tag == "i" or style.get("font-style") in ("italic", "oblique"):
            return (rt.ITALIC_ON, rt.ITALIC_OFF, "italic") if not self.italic else ("", "", "italic")
        if tag == "b" or style.get("font-weight") == "bold":
            return (rt.BOLD_ON, rt.BOLD_OFF, "bold") if not self.bold else ("", "", "bold")
        # flip-flop: "normal" inside italics (a book title within an italic title) is upright
        if style.get("font-style") == "normal":
            return (rt.ITALIC_OFF, rt.ITALIC_ON, "") if self.italic else ("", "", "")
        if style.get("font-weight") == "normal":
            return (rt.BOLD_OFF, rt.BOLD_ON, "") if self.bold else ("", "", "")
        if tag == "sup":
            return rt.SUP_ON, rt.SUP_OFF, ""
        if tag == "sub":
            return rt.SUB_ON, rt.SUB_OFF, ""
        if tag == "a" and attrs.get("href"):
            return rt.LINK_ON + attrs["href"] + rt.LINK_MID, rt.LINK_OFF, ""
        if tag == "div" and "csl-left-margin" in (attrs.get("class") or ""):
            return "", " ", ""  # the number column ("[1]") runs into the entry in a flat target
        if style.get("font-variant") == "small-caps":
            return rt.SMALLCAPS_ON, rt.SMALLCAPS_OFF, ""
        return "", "", ""

    def handle_endtag(self, tag):
        if not self.closing:
            return
        off, counter = self.closing.pop()
        if counter:
            setattr(self, counter, getattr(self, counter) - 1)
        self.out.append(off)

    def handle_data(self, data):
        self.out.append(data)


def html_to_encoded(text: str) -> str:
    """One citeproc-js HTML entry or citation as encoded text (white space as a browser shows it)."""
    reader = _Reader()
    reader.feed(text)
    reader.close()
    encoded = re.sub(r"[ \t\r\n]+", " ", "".join(reader.out))
    # white space just inside a markup boundary moves outside it ("*Leftover *TeX" is no Markdown
    # emphasis), and citeproc-js's flip-flop leaves empty pairs ("<i></i>")
    previous = None
    while previous != encoded:
        previous = encoded
        encoded = _EMPTY_PAIR.sub("", _SPACE_AFTER_ON.sub(r"\2\1", _SPACE_BEFORE_OFF.sub(r"\2\1", encoded)))
    return encoded.strip()


_ONS = rt.ITALIC_ON + rt.BOLD_ON + rt.SUP_ON + rt.SUB_ON + rt.SMALLCAPS_ON
_OFFS = rt.ITALIC_OFF + rt.BOLD_OFF + rt.SUP_OFF + rt.SUB_OFF + rt.SMALLCAPS_OFF
_SPACE_AFTER_ON = re.compile(f"([{_ONS}])( +)")
_SPACE_BEFORE_OFF = re.compile(f"( +)([{_OFFS}])")
_EMPTY_PAIR = re.compile("|".join(re.escape(on + off) for on, off in (
    (rt.ITALIC_ON, rt.ITALIC_OFF), (rt.BOLD_ON, rt.BOLD_OFF), (rt.SUP_ON, rt.SUP_OFF), (rt.SUB_ON, rt.SUB_OFF),
    (rt.SMALLCAPS_ON, rt.SMALLCAPS_OFF))))
