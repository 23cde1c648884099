"""Where citeproc-py 0.11 departs from the CSL 1.0.2 specification in ways a reader sees, and
refkit's corrections (each checked against the style's own rules in tests/render):

- ``initialize="false"`` on ``cs:name`` is ignored, so Chicago and MLA print "Vaswani, A."
  where they want "Vaswani, Ashish": the option is honoured (``install``).
- ``punctuation-in-quote`` (en-US locales) is not implemented: IEEE, Chicago and MLA want
  “Title,” and “Title.”, citeproc-py gives “Title”, and “Title”. (``finish``).
- ``display="left-margin"``/``second-field-align``: the citation number and the entry run
  together ("[1]A. Vaswani"); a space is put back (``finish``).
- A title ending in "?" or "!" followed by the style's "." gives "?." (CSL says the stronger
  mark wins) (``finish``).
- ``text-case="title"`` (Chicago, MLA), ``capitalize-all`` and ``sentence`` split text into words
  per protected/unprotected piece and join them with spaces: "{BERT}: Pre-training" became
  "BERT : Pre-Training" and "{GPU}s" became "GPU S". The same rules are applied here to whole
  words, keeping the text's own spacing, with protected characters left alone (``case``).
"""
from __future__ import annotations

import re

from citeproc import model
from citeproc.string import MixedString, NoCase, String

_installed = False
_MARKS = "[\ue000-\ue011]*"
_INSIDE_QUOTE = re.compile(f"({_MARKS}\u201d{_MARKS})([.,])")
_DOUBLE_STOP = re.compile(f"([?!]{_MARKS}(?:\u201d{_MARKS})?)\\.")
_NUMBER_PREFIX = re.compile(r"^(\[\d+\]|\d+\.)(?=\S)")


def install() -> None:
    global _installed
    if _installed:
        return
    _installed = True
    original = model.Name.get_option

    def get_option(self, name, context=None, sort_options=None):
        if name == "initialize-with" and _initialize_is_false(self, context):
            return None
        return original(self, name, context, sort_options)

    model.Name.get_option = get_option
    original_case = model.TextCased.case

    def case(self, text, language=None):
        text_case = self.get("text-case")
        if text_case not in _WORD_CASES or not isinstance(text, str | MixedString):
            return original_case(self, text, language)
        if text_case == "title" and language != "en":
            return text
        return _recase(text, text_case, self._stop_words)

    model.TextCased.case = case


_WORD_CASES = ("title", "capitalize-all", "sentence")
_WORD = re.compile(r"\S+")
_TITLE_WORD = re.compile(r"[^\s-]+")  # title case treats hyphenated parts as words, as citeproc-js
_MARKER = re.compile("[\ue000-\uf8ff]")


def _recase(text, text_case: str, stop_words) -> object:
    """citeproc-py's word rules for ``text_case``, on whole words, spacing kept, NoCase untouched."""
    segments = list(text) if isinstance(text, MixedString) else [text]
    chars: list[str] = []
    protected: list[bool] = []
    for segment in segments:
        piece = str(segment)
        chars.extend(piece)
        protected.extend([isinstance(segment, NoCase)] * len(piece))
    flat = "".join(chars)
    free = "".join(c for c, p in zip(chars, protected) if not p)
    all_upper = free.isupper()
    prev = ":"  # the first word is always capitalised
    words = _WORD if text_case == "sentence" else _TITLE_WORD
    for number, match in enumerate(words.finditer(flat)):
        positions = [i for i in range(match.start(), match.end()) if not _MARKER.match(chars[i])]
        if not positions:
            continue
        word = "".join(chars[i] for i in positions)
        first = positions[0]
        if text_case == "title":
            # "in-context" -> "In-Context" but "state-of-the-art" -> "State-of-the-Art"
            leading = match.start() == 0 or flat[match.start() - 1] != "-"
            compound = match.end() < len(flat) and flat[match.end()] == "-"
            stop = word in stop_words and not (leading and compound) and prev not in (":", ".")
            if not protected[first] and word.islower() and not stop:
                chars[first] = _upper1(chars[first])
        elif text_case == "capitalize-all":
            if not protected[first]:
                chars[first] = _upper1(chars[first])
        else:  # sentence
            if not all_upper and not word.isupper():
                for i in positions:
                    if not protected[i]:
                        chars[i] = _lower1(chars[i])
            if number == 0 and not protected[first]:
                chars[first] = _upper1(chars[first])
        prev = word[-1]
    out, start = [], 0
    for segment in segments:
        end = start + len(str(segment))
        piece = "".join(chars[start:end])
        out.append(type(segment)(piece) if isinstance(segment, String) else piece)
        start = end
    if isinstance(text, MixedString):
        return MixedString(out)
    return out[0]


def _upper1(char: str) -> str:
    upper = char.upper()
    return upper if len(upper) == 1 else char  # "ß" -> "SS" would shift every later position


def _lower1(char: str) -> str:
    lower = char.lower()
    return lower if len(lower) == 1 else char


def _initialize_is_false(name_element, context) -> bool:
    value = name_element.get("initialize")
    if value is None:
        return False
    return value.lower() == "false"


class Finisher:
    """Post-processing of one style's rendered entries (see the module docstring)."""

    def __init__(self, csl_style):
        root = csl_style.root
        self.quote_inside = root.get_locale_option("punctuation-in-quote").lower() == "true"
        bibliography = root.bibliography
        self.margin_number = bool(bibliography.get("second-field-align")) or bool(
            bibliography.xpath_search(".//cs:*[@display='left-margin']"))

    def __call__(self, text: str) -> str:
        if self.quote_inside:
            text = _INSIDE_QUOTE.sub(lambda m: m.group(2) + m.group(1), text)
        text = _DOUBLE_STOP.sub(r"\1", text)
        if self.margin_number:
            text = _NUMBER_PREFIX.sub(r"\1 ", text)
        return text


__all__ = ["Finisher", "install"]
