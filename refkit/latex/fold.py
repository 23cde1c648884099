"""TeX with UTF-8 left in it -> ASCII TeX that pdflatex sets, and a list of what had to change.

:func:`refkit.latex.encode` spells every character that has a LaTeX form. What it leaves as UTF-8
(CJK, emoji, Cyrillic, letters with marks T1 has no glyph for: Vietnamese ư, ơ) stops pdflatex with
``Unicode character ... not set up for use with LaTeX``, even with ``\\usepackage[utf8]{inputenc}``.
Each such character becomes its closest ASCII form: the letter with the accents LaTeX has (ự ->
``{\\d{u}}``), else its compatibility decomposition (``①`` -> ``1``), else a transliteration
(text-unidecode: ``中`` -> ``Zhong``), else ``?``. It is lossy, so every replacement is returned for
the writer to report with the entry and field it knows.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from text_unidecode import unidecode

from .encode import encode, latex_form
from .tables import COMBINING_TO_ACCENT

__all__ = ["Replacement", "fold_to_ascii"]

_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
# one character with the combining marks after it (a mark can follow an ASCII letter: "u" + U+031B)
_CLUSTER = re.compile(rf"[A-Za-z0-9]?[{_MARKS}]+|[^\x00-\x7f][{_MARKS}]*")


@dataclass(frozen=True, slots=True)
class Replacement:
    char: str  # as it was (NFC): one character, or a letter with marks that have no composed form
    written: str  # the ASCII TeX written instead

    @property
    def label(self) -> str:
        """``U+01B0 'ư' (LATIN SMALL LETTER U WITH HORN)``"""
        codes = " ".join(f"U+{ord(c):04X}" for c in self.char)
        names = ", ".join(unicodedata.name(c, "unnamed character") for c in self.char)
        return f"{codes} {self.char!r} ({names})"


def fold_to_ascii(tex: str) -> tuple[str, list[Replacement]]:
    """ASCII TeX for ``tex`` (encode's output, or raw TeX kept from a source), and what was replaced."""
    if tex.isascii():
        return tex, []
    out: list[str] = []
    replaced: list[Replacement] = []
    pos = 0
    for m in _CLUSTER.finditer(tex):
        out.append(tex[pos:m.start()])
        pos = m.end()
        char = unicodedata.normalize("NFC", m.group(0))
        form = latex_form(char)  # raw TeX copied by encode may hold characters that do have a form
        if form is None:
            form = _closest(char)
            following = tex[pos:pos + 1]
            if not (following.isalnum() or following and not following.isascii()):
                form = form.rstrip()  # "中文 title": "Zhong Wen title", not "Zhong Wen  title"
            replaced.append(Replacement(char, form.strip() or form))
        out.append(form)
    out.append(tex[pos:])
    return "".join(out), replaced


@lru_cache(maxsize=4096)
def _closest(char: str) -> str:
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    if unicodedata.combining(base):
        return ""  # marks over nothing
    if marks:  # keep the accents LaTeX has, drop the others: ự (u, horn, dot below) -> {\d{u}}
        kept = "".join(mark for mark in marks if mark in COMBINING_TO_ACCENT)
        form = latex_form(base + kept) if kept else None
        if form is None:
            form = latex_form(base)
        if form is not None:
            return form
    compatible = unicodedata.normalize("NFKD", char)
    if compatible != decomposed:  # ① -> 1, ㎏ -> kg, ℌ -> H
        folded = "".join(_one(c) for c in compatible if not unicodedata.combining(c))
        if folded.strip("? "):
            return folded
    return _transliterate(char)


def _one(char: str) -> str:
    form = latex_form(char)
    return form if form is not None else _transliterate(char)


def _transliterate(char: str) -> str:
    category = unicodedata.category(char[0])
    if category == "Zs":
        return " "  # em space, ideographic space...: a space of another width
    if category == "Cs":
        return "?"  # a lone surrogate cannot even be written as UTF-8
    text = unidecode(char)
    if not text.strip() or "[?]" in text:
        return "?"
    return encode(text)  # transliterations may hold TeX specials ("%", "~", "#")
