"""Checking a CSL style file before any engine reads it: ``style.csl:LINE: what is wrong``.

Engines fail on broken styles with their own tracebacks (an XML syntax error deep in lxml, an
``AttributeError`` for an HTML file, ``'NoneType' object is not callable`` per entry for a macro
that does not exist), so a style is checked once, here, for what makes it unusable: XML that is
not well-formed, a root that is not a CSL ``<style>``, elements CSL does not have, a citation or
bibliography without its ``<layout>``, and ``macro="…"`` references to macros it never defines.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..errors import StyleError

__all__ = ["CSL_ELEMENTS", "check_style"]

CSL = "{http://purl.org/net/xbiblio/csl}"

# every element of CSL 1.0.2 (the specification's schema, csl.rnc); anything else is a typo or not CSL
CSL_ELEMENTS = frozenset({
    "author", "bibliography", "category", "choose", "citation", "contributor", "date", "date-part", "eissn",
    "else", "else-if", "email", "et-al", "group", "id", "if", "info", "intext", "issn", "issnl", "key", "label",
    "layout", "link", "locale", "macro", "multiple", "name", "name-part", "names", "number", "published",
    "rights", "single", "sort", "style", "style-options", "substitute", "summary", "term", "terms", "text",
    "title", "title-short", "translator", "updated", "uri",
})


def check_style(path: Path) -> None:
    """Raise ``StyleError`` naming the file and line of the first problem that makes ``path`` unusable."""
    stat = path.stat()
    _check_cached(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=32)
def _check_cached(path: Path, mtime_ns: int, size: int) -> None:
    from lxml import etree

    parser = etree.XMLParser(remove_comments=True, no_network=True, resolve_entities=False)
    try:
        root = etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else 1
        raise StyleError(path, line, f"not well-formed XML: {_reason(exc)}") from None
    except OSError as exc:
        raise StyleError(path, 1, f"cannot read the style: {exc.strerror or exc}") from None
    if root.tag != CSL + "style":
        raise StyleError(path, root.sourceline, f"<{etree.QName(root).localname}> is not a CSL style "
                         "(the root must be <style xmlns=\"http://purl.org/net/xbiblio/csl\">)")
    for element in root.iter(etree.Element):
        name = etree.QName(element)
        if name.namespace == CSL[1:-1] and name.localname not in CSL_ELEMENTS:
            raise StyleError(path, element.sourceline, f"<{name.localname}> is not a CSL element")
    for part in ("citation", "bibliography"):
        for element in root.findall(CSL + part):
            if element.find(CSL + "layout") is None:
                raise StyleError(path, element.sourceline, f"<{part}> has no <layout>")
    if root.find(CSL + "citation") is None and root.find(CSL + "info") is not None \
            and not _is_dependent(root):
        raise StyleError(path, root.sourceline, "the style has no <citation>")
    macros = {m.get("name") for m in root.findall(CSL + "macro")}
    for element in root.iter(etree.Element):
        wanted = element.get("macro")
        if wanted is not None and wanted not in macros:
            raise StyleError(path, element.sourceline, f"macro {wanted!r} is used but never defined")


def _is_dependent(root) -> bool:
    return any(link.get("rel") == "independent-parent" for link in root.iter(CSL + "link"))


def _reason(exc) -> str:
    # lxml appends ", line L, column C" to its message; the line is already in front of ours
    message = str(exc.msg if hasattr(exc, "msg") else exc)
    return message.split(", line ")[0]
