"""Entry rich text <-> the private "encoded" text that travels through a style engine.

Entry text fields hold Unicode with ``<i>``, ``<b>``, ``<sup>``, ``<sub>``,
``<span class="nocase">`` and ``$math$``. Neither citeproc-py nor pybtex understands that
vocabulary, and both would escape or mangle it. So before a style engine sees a field, each
piece of markup becomes one Private Use Area character (``ITALIC_ON`` ...), which every
engine passes through untouched (case changes and punctuation rules ignore them). Formatting
the *style* adds (italic titles, links) is encoded the same way by our engine adapters, and
``refkit.render.targets`` turns the final encoded string into text, HTML, Markdown or LaTeX.

Case protection is the one exception: each engine has its own syntax for it
(``<span class="nocase">`` for citeproc-py, ``{...}`` for pybtex), so ``encode`` takes it.
"""
from __future__ import annotations

import re

from ..latex.leftovers import decode_tex_leftovers

ITALIC_ON, ITALIC_OFF = "\ue000", "\ue001"
BOLD_ON, BOLD_OFF = "\ue002", "\ue003"
SUP_ON, SUP_OFF = "\ue004", "\ue005"
SUB_ON, SUB_OFF = "\ue006", "\ue007"
MATH_ON, MATH_OFF = "\ue008", "\ue009"
LBRACE, RBRACE, BACKSLASH = "\ue00a", "\ue00b", "\ue00c"  # literal text braces (pybtex path)
LINK_ON, LINK_MID, LINK_OFF = "\ue00d", "\ue00e", "\ue00f"  # LINK_ON url LINK_MID text LINK_OFF
SMALLCAPS_ON, SMALLCAPS_OFF = "\ue010", "\ue011"
PERCENT, TILDE = "\ue012", "\ue013"  # literal text characters TeX decoders would eat (pybtex path)
_PROTECTED = {BACKSLASH: "\\", LBRACE: "{", RBRACE: "}", PERCENT: "%", TILDE: "~"}

MARKERS = {
    "i": (ITALIC_ON, ITALIC_OFF),
    "b": (BOLD_ON, BOLD_OFF),
    "sup": (SUP_ON, SUP_OFF),
    "sub": (SUB_ON, SUB_OFF),
}

_TAG = re.compile(r'<(/?)(i|b|sup|sub)>|<span class="nocase">|</span>|\$([^$]+)\$')
# TeX an importer may have left in a field: a control word/symbol or a brace group
_TEX_LEFTOVER = re.compile(r"\\[A-Za-z@]+|\\[^A-Za-z\s]|[{}]|(?<=\S)~(?=\S)")
_SPACES = re.compile(r"\s{2,}|[\t\n\r]")


def encode(text: str, nocase: tuple[str, str]) -> str:
    """Entry rich text -> encoded text; ``nocase`` is the engine's (open, close) protection."""
    if not text:
        return ""
    if _SPACES.search(text):  # line breaks and indentation of a .bib field are not text
        text = _SPACES.sub(" ", text).strip()
    if _TEX_LEFTOVER.search(_strip_math(text)):
        text = decode_tex_leftovers(text)
    if "<" not in text and "$" not in text:
        return _protect_camel(text, nocase)
    out: list[str] = []
    pos = 0
    spans: list[bool] = []  # for each open <span>: was it a nocase span we translated?
    for match in _TAG.finditer(text):
        plain = text[pos:match.start()]
        out.append(plain if spans else _protect_camel(plain, nocase))
        pos = match.end()
        closing, tag, math = match.groups()
        whole = match.group(0)
        if math is not None:
            # math is never re-cased by a style, and its source stays verbatim for LaTeX
            out.append(nocase[0] + MATH_ON + _protect_braces(math) + MATH_OFF + nocase[1])
        elif tag:
            out.append(MARKERS[tag][1 if closing else 0])
        elif whole.startswith("<span"):
            spans.append(True)
            out.append(nocase[0])
        elif spans:  # </span>
            spans.pop()
            out.append(nocase[1])
        else:
            out.append(whole)
    out.append(text[pos:] if spans else _protect_camel(text[pos:], nocase))
    out.extend(nocase[1] for _ in spans)  # an unclosed span must not unbalance the engine's input
    return "".join(out)


# words whose capitals are part of the name (arXiv, bioRxiv, BERT, VL-BEiT, WavMark, MoE): no style
# may re-case them. A word qualifies when one of its hyphen parts has a capital after its first
# letter, so "In-Context" and "Pre-Training" stay free to be sentence-cased.
_WORD = re.compile(r"(?<![\w\ue000-\ue013])[^\W_][\w-]*")
_NAMELIKE = re.compile(r"^[^\W_]\w*[A-Z]")


def _protect_camel(text: str, nocase: tuple[str, str]) -> str:
    if not nocase[0]:
        return text

    def protect(match: re.Match) -> str:
        word = match.group(0)
        if any(_NAMELIKE.match(part) for part in word.split("-")):
            return nocase[0] + word + nocase[1]
        return word

    return _WORD.sub(protect, text)


def _strip_math(text: str) -> str:
    return re.sub(r"\$[^$]+\$", "", text) if "$" in text else text


def _protect_braces(math: str) -> str:
    return math.replace("\\", BACKSLASH).replace("{", LBRACE).replace("}", RBRACE)


def unprotect_braces(text: str) -> str:
    """Literal characters an engine must not interpret, back to themselves."""
    if not _ANY_PROTECTED.search(text):
        return text
    return _ANY_PROTECTED.sub(lambda m: _PROTECTED[m.group(0)], text)


_ANY_PROTECTED = re.compile(f"[{BACKSLASH}{LBRACE}{RBRACE}{PERCENT}{TILDE}]")


def strip_markers(text: str) -> str:
    """Encoded text with every markup marker removed (for names and link labels)."""
    return _MARKUP.sub("", text)


_MARKUP = re.compile("[\ue000-\ue009\ue00d-\ue011]")
