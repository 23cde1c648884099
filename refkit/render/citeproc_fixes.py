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
"""
from __future__ import annotations

import re

from citeproc import model

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
