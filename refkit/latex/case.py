"""Case protection for titles: brace acronyms and mixed-case words so BibTeX styles keep them."""
from __future__ import annotations

import re

from .decode import NOCASE_CLOSE, NOCASE_OPEN

# stretches of markup whose case is already fixed or is not text: nocase spans, math, raw TeX, tags
_SKIP = re.compile(r'<span class="nocase">.*?</span>|\$[^$]*\$|\{\\[^{}]*(?:\{[^{}]*\}[^{}]*)*\}'
                   r"|\\[A-Za-z]+(?:\{[^{}]*\})*|<[^>]*>")
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"\w(?:[\w\-]*\w)?")


def needs_protection(word: str) -> bool:
    """``BERT``, ``LLMs``, ``iPhone``, ``Kosmos-2``, ``3D``: a style must not lower-case them."""
    rest = word[1:]
    return rest.lower() != rest or (word[0].isupper() and _DIGIT.search(word) is not None)


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
