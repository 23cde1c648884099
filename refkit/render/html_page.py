"""A formatted bibliography as a complete HTML5 page: what ``refkit bib --to html -o FILE`` writes.

The body is the same ``csl-bib-body`` fragment stdout gets; around it a charset, a title and a
small stylesheet carrying the layout the style asks for (citeproc-js's bibliography parameters):
hanging indent, the number column of numeric styles, line and entry spacing.
"""
from __future__ import annotations

import html

__all__ = ["html_page"]

_BASE_CSS = """body { font-family: Georgia, "Times New Roman", serif; max-width: 46em; margin: 2em auto;
       padding: 0 1em; line-height: 1.45; color: #222; background: #fff; }
h1 { font-size: 1.3em; font-weight: normal; color: #555; }
a { color: #1a5fb4; word-break: break-word; }
.csl-entry { margin: 0 0 %(entry)sem 0; line-height: %(line)s; }"""
_HANGING = ".csl-entry { padding-left: 2em; text-indent: -2em; }"
_NUMBERED = """.csl-entry { display: flex; }
.csl-left-margin { min-width: %(width)sch; padding-right: 1ch; flex: none; }
.csl-right-inline { flex: 1; }"""


def html_page(fragment_entries: list[str], layout: dict, title: str, numbers: list[str] | None = None) -> str:
    """The page for ``fragment_entries`` (each entry's HTML, as the html target wrote it).

    ``numbers``: the number column of a style that aligns its first field ("[1]"), split off each
    entry so the column lines up; None for other styles."""
    line = max(1, int(layout.get("line_spacing") or 1))
    css = [_BASE_CSS % {"entry": max(0, int(layout.get("entry_spacing") or 0)) * 0.6 + 0.4,
                        "line": 1.45 * line if line > 1 else 1.45}]
    if numbers is not None:
        width = max((len(n) for n in numbers), default=3)
        css.append(_NUMBERED % {"width": width})
        body = "".join(f'  <div class="csl-entry"><div class="csl-left-margin">{number}</div>'
                       f'<div class="csl-right-inline">{entry}</div></div>\n'
                       for number, entry in zip(numbers, fragment_entries))
    else:
        if layout.get("hanging_indent"):
            css.append(_HANGING)
        body = "".join(f'  <div class="csl-entry">{entry}</div>\n' for entry in fragment_entries)
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{html.escape(title)}</title>\n<style>\n" + "\n".join(css) + "\n</style>\n</head>\n<body>\n"
            f"<h1>{html.escape(title)}</h1>\n<div class=\"csl-bib-body\">\n{body}</div>\n</body>\n</html>\n")
