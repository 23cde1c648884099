"""Pure text folding shared by matching, keys and search: markup stripped, ASCII folded, lower case."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold_ascii", "normalize_title", "strip_markup", "words"]

_TAG = re.compile(r"</?(?:i|b|sup|sub|span)(?:\s[^>]*)?>", re.IGNORECASE)
# letters NFKD does not decompose into ASCII
_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "þ": "th",
        "Þ": "Th",
        "ı": "i",
        "ð": "d",
        "Ð": "D",
        "‐": "-",
        "–": "-",
        "—": "-",
    }
)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def strip_markup(text: str) -> str:
    """Plain text of a rich-text field: tags and ``$`` math delimiters removed."""
    if "<" in text:  # most titles have no tags: skip the regex
        text = _TAG.sub("", text)
    return text.replace("$", "")


def fold_ascii(text: str) -> str:
    """``Łukasz Müller`` -> ``Lukasz Muller``: accents dropped, special letters spelled out."""
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return text.encode("ascii", "ignore").decode("ascii")


def normalize_title(title: str) -> str:
    """A title reduced for matching: ``BEiT v2: Masked…`` -> ``beit v2 masked …``."""
    return " ".join(_NON_ALNUM.split(fold_ascii(strip_markup(title)).lower())).strip()


def words(text: str) -> list[str]:
    """Whitespace-separated words, each folded to lower-case ASCII letters and digits (``THE-X:`` -> ``thex``)."""
    folded = fold_ascii(strip_markup(text)).lower()
    return [w for w in (_NON_ALNUM.sub("", part) for part in folded.split()) if w]
