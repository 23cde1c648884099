"""A first look at a CSL style before citeproc-js sees it: well-formed XML (``style.csl:LINE:
problem``; citeproc-js's own parser gives no line numbers), a CSL root, and the languages the
style names (``default-locale``, ``<locale xml:lang>``) so their locale files can be preloaded."""
from __future__ import annotations

import re
from dataclasses import dataclass

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as ET

from ...errors import StyleError

CSL_NS = "{http://purl.org/net/xbiblio/csl}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class StyleFacts:
    default_locale: str | None
    languages: frozenset[str]  # from <locale xml:lang="..."> elements


def check_style(style_xml: str, source: str = "<style>") -> StyleFacts:
    """Raise ``StyleError`` (``source:LINE: problem``) unless ``style_xml`` is a well-formed CSL style."""
    try:
        root = ET.fromstring(style_xml)
    except ET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        problem = str(exc).split(": line ")[0]  # "mismatched tag: line 5, column 2": the line goes in front
        raise StyleError(source, line, f"not well-formed XML ({problem})") from None
    except DefusedXmlException as exc:  # entities and DTDs are refused
        raise StyleError(source, None, f"refused XML: {exc}") from None
    if root.tag != CSL_NS + "style":
        raise StyleError(source, 1, f"not a CSL style: the root element is {root.tag!r}, "
                                    f"not <style xmlns=\"{CSL_NS[1:-1]}\">")
    macros = {el.get("name") for el in root.iter(CSL_NS + "macro")}
    for el in root.iter():
        if el.get("macro") is not None and el.get("macro") not in macros:
            # citeproc-js would quietly render nothing where it is called
            raise StyleError(source, line_of(style_xml, rf"""macro\s*=\s*["']{re.escape(el.get("macro"))}["']"""),
                             f"undefined macro {el.get('macro')!r}")
    langs = frozenset(el.get(XML_LANG) for el in root.iter(CSL_NS + "locale") if el.get(XML_LANG))
    return StyleFacts(root.get("default-locale") or None, langs)


def line_of(style_xml: str, pattern: str) -> int | None:
    """The first line matching the regex ``pattern`` (ElementTree keeps no line numbers): good
    enough to point at an undefined macro or an element citeproc-js does not know."""
    for number, line in enumerate(style_xml.splitlines(), 1):
        if re.search(pattern, line):
            return number
    return None
