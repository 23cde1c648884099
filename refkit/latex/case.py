"""Case protection for titles: brace acronyms and mixed-case words so BibTeX styles keep them."""
from __future__ import annotations

import re

from .decode import NOCASE_CLOSE, NOCASE_OPEN

# stretches of markup whose case is already fixed or is not text: nocase spans, math, raw TeX, tags
_SKIP = re.compile(r'<span class="nocase">.*?</span>|\$[^$]*\$|\{\\[^{}]*(?:\{[^{}]*\}[^{}]*)*\}'
                   r"|\\[A-Za-z]+(?:\{[^{}]*\})*|<[^>]*>")
_DIGIT = re.compile(r"\d")
# a dot inside a word only between word characters: KOSMOS-2.5 is one word, "end. Next" is not
_WORD = re.compile(r"\w(?:(?:[\w\-]|\.(?=\w))*\w)?")


def needs_protection(word: str) -> bool:
    """``BERT``, ``LLMs``, ``iPhone``, ``Kosmos-2``, ``3D``, ``VL-BEiT``: a style must not lower-case them.

    Hyphenated compounds are judged part by part: ``Vision-Language`` in a title-cased title is
    ordinary words that a sentence-case style may lower-case, not a proper noun.
    """
    if word[0].isupper() and _DIGIT.search(word) is not None:
        return True
    return any(part[1:].lower() != part[1:] for part in word.split("-"))


def protect_case(markup: str) -> str:
    """Wrap words that need it in ``<span class="nocase">``; idempotent."""
    if markup.islower() or not markup:
        return markup
    out: list[str] = []
    pos = 0
    for m in _SKIP.finditer(markup):
        out.append(_protect_text(markup[pos: m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_protect_text(markup[pos:]))
    return "".join(out)


def _protect_text(text: str) -> str:
    return _WORD.sub(lambda m: f"{NOCASE_OPEN}{m.group(0)}{NOCASE_CLOSE}" if needs_protection(m.group(0))
                     else m.group(0), text)


def strip_nocase(markup: str) -> str:
    """The markup without case-protection spans (names, keys and comparisons need plain text)."""
    if NOCASE_OPEN not in markup:
        return markup
    return markup.replace(NOCASE_OPEN, "").replace(NOCASE_CLOSE, "")
