"""Encoded text (see ``richtext``) -> clean text, HTML, Markdown or LaTeX.

One walk over the encoded string drives all four targets: plain runs are escaped for the target
(and bare URLs become links where the target has links), markers open and close the target's
markup. Crossed markup (``<i>a<b>b</i>c</b>``) is re-nested so LaTeX groups and HTML stay valid.
"""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from typing import ClassVar

from ..latex.leftovers import math_to_text
from . import richtext as rt
from .links import safe_link

TARGETS = ("text", "html", "markdown", "latex")

_OPEN = {rt.ITALIC_ON: "i", rt.BOLD_ON: "b", rt.SUP_ON: "sup", rt.SUB_ON: "sub", rt.SMALLCAPS_ON: "sc"}
_CLOSE = {rt.ITALIC_OFF: "i", rt.BOLD_OFF: "b", rt.SUP_OFF: "sup", rt.SUB_OFF: "sub", rt.SMALLCAPS_OFF: "sc"}
_TOKEN = re.compile(
    f"({rt.MATH_ON}[^{rt.MATH_OFF}]*{rt.MATH_OFF}"
    f"|{rt.LINK_ON}[^{rt.LINK_MID}]*{rt.LINK_MID}[^{rt.LINK_OFF}]*{rt.LINK_OFF}"
    f"|[{rt.ITALIC_ON}-{rt.SMALLCAPS_OFF}])"
)
# a bare URL in running text; trailing sentence punctuation is not part of it
_URL = re.compile(r"https?://[^\s<>\"\ue000-\ue011]+[^\s<>\"\ue000-\ue011.,;:!?)\]'’]")


class Writer:
    """Escaping and markup of one target; subclasses fill in the table and ``text``."""

    name = ""
    tags: ClassVar[dict[str, tuple[str, str]]] = {}
    links = True

    def text(self, run: str) -> str:
        raise NotImplementedError

    def math(self, source: str) -> str:
        return self.text(math_to_text(source))

    def link(self, url: str, label: str) -> str:
        return self.text(label)

    def document(self, items: list[str]) -> str:
        return "".join(item + "\n\n" for item in items).rstrip("\n") + "\n" if items else ""

    # -- the walk ---------------------------------------------------------------------------
    def convert(self, encoded: str) -> str:
        out: list[str] = []
        stack: list[str] = []
        for token in _TOKEN.split(encoded):
            if not token:
                continue
            first = token[0]
            if first == rt.MATH_ON:
                out.append(self.math(rt.unprotect_braces(token[1:-1])))
            elif first == rt.LINK_ON:
                url, _, label = token[1:-1].partition(rt.LINK_MID)
                url, label = rt.unprotect_braces(url), rt.unprotect_braces(rt.strip_markers(label))
                out.append(self._safe_link(url, label or url))
            elif first in _OPEN:
                stack.append(_OPEN[first])
                out.append(self._open(_OPEN[first], stack))
            elif first in _CLOSE:
                self._close(_CLOSE[first], stack, out)
            else:
                out.append(self._run(rt.unprotect_braces(token)))
        while stack:
            out.append(self._end(stack.pop(), stack))
        return self.tidy("".join(out))

    def _run(self, run: str) -> str:
        if not self.links or "://" not in run:
            return self.text(run)
        out, pos = [], 0
        for match in _URL.finditer(run):
            out.append(self.text(run[pos:match.start()]))
            out.append(self._safe_link(match.group(0), match.group(0)))
            pos = match.end()
        out.append(self.text(run[pos:]))
        return "".join(out)

    def _safe_link(self, url: str, label: str) -> str:
        href = safe_link(url)
        if href is None:  # a script-capable or unknown scheme stays visible, as escaped text
            return self.text(label if label == url else f"{label} ({url})")
        return self.link(href, href if label == url else label)

    def _close(self, kind: str, stack: list[str], out: list[str]) -> None:
        if kind not in stack:
            return  # a stray closing marker: nothing to close
        reopen = []
        while stack:
            top = stack.pop()
            out.append(self._end(top, stack))
            if top == kind:
                break
            reopen.append(top)
        for top in reversed(reopen):
            stack.append(top)
            out.append(self._open(top, stack))

    def _open(self, kind: str, stack: list[str]) -> str:
        return self.tags.get(kind, ("", ""))[0]

    def _end(self, kind: str, stack: list[str]) -> str:
        return self.tags.get(kind, ("", ""))[1]

    def tidy(self, text: str) -> str:
        return text


def _dashes(text: str) -> str:
    # TeX ligatures that survived into data: never show "--" to a reader
    return text.replace("---", "\u2014").replace("--", "\u2013") if "--" in text else text


def _plain_spaces(text: str) -> str:
    # BibTeX-style ties (pybtex's "Jo~Doe") are invisible in a paragraph and trip up search and diff
    return _dashes(text).replace("\u00a0", " ")


class TextWriter(Writer):
    name = "text"
    links = False

    def text(self, run: str) -> str:
        return _plain_spaces(run)

    def link(self, url: str, label: str) -> str:
        return label


class HtmlWriter(Writer):
    name = "html"
    tags: ClassVar = {"i": ("<i>", "</i>"), "b": ("<b>", "</b>"), "sup": ("<sup>", "</sup>"),
            "sub": ("<sub>", "</sub>"), "sc": ('<span style="font-variant:small-caps">', "</span>")}

    def text(self, run: str) -> str:
        return html.escape(_dashes(run), quote=False)

    def link(self, url: str, label: str) -> str:
        return f'<a href="{html.escape(url, quote=True)}">{self.text(label)}</a>'

    def document(self, items: list[str]) -> str:
        body = "".join(f'  <div class="csl-entry">{item}</div>\n' for item in items)
        return f'<div class="csl-bib-body">\n{body}</div>\n'


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#$])")


_MD_URL_ESCAPES = {"(": "%28", ")": "%29", " ": "%20", "<": "%3C", ">": "%3E"}


class MarkdownWriter(Writer):
    name = "markdown"
    # italics are the style's own markup and stay "*"; bold, sup and sub (rare, from the data) are
    # the inline HTML CommonMark and GitHub accept, which also survives crossed markup
    tags: ClassVar = {"b": ("<b>", "</b>"), "sup": ("<sup>", "</sup>"), "sub": ("<sub>", "</sub>")}

    def text(self, run: str) -> str:
        return _MD_SPECIAL.sub(r"\\\1", _plain_spaces(run))

    def link(self, url: str, label: str) -> str:
        # nothing in a destination may end it: "(" ")" for [label](url), "<" ">" for <url>
        safe = "".join(_MD_URL_ESCAPES.get(ch, ch) for ch in url)
        if label == url:
            return f"<{safe}>"
        return f"[{self.text(label)}]({safe})"

    def _open(self, kind: str, stack: list[str]) -> str:
        if kind == "i":  # nested italics cannot be written in Markdown: only the outer one
            return "\ue020" if stack.count("i") == 1 else ""
        return super()._open(kind, stack)

    def _end(self, kind: str, stack: list[str]) -> str:
        if kind == "i":
            return "\ue021" if "i" not in stack else ""
        return super()._end(kind, stack)

    def tidy(self, text: str) -> str:
        # emphasis must hug its text: "* Title *" is not emphasis; empty emphasis is dropped
        text = re.sub("\ue020(\\s*)(.*?)(\\s*)\ue021", _hug, text, flags=re.DOTALL)
        text = text.replace("\ue020", "").replace("\ue021", "")
        # a paragraph starting like a list item would not stay a paragraph
        return re.sub(r"^(\d+)([.)])", r"\1\\\2", re.sub(r"^([-+])(\s)", r"\\\1\2", text))


def _hug(match: re.Match) -> str:
    lead, body, trail = match.groups()
    if not body:
        return lead + trail
    before = lead[-1:] or match.string[match.start() - 1:match.start()]
    after = trail[:1] or match.string[match.end():match.end() + 1]
    if _can_emphasise(before, body, after):
        return f"{lead}*{body}*{trail}"
    return f"{lead}<i>{body}</i>{trail}"  # "TeX*: x*" would not be emphasis: inline HTML always is


def _can_emphasise(before: str, body: str, after: str) -> bool:
    """Whether ``*body*`` between ``before`` and ``after`` is emphasis under CommonMark's flanking rules."""
    def punct(ch: str) -> bool:
        return bool(ch) and unicodedata.category(ch)[0] in "PS"

    def space(ch: str) -> bool:
        return not ch or ch.isspace()

    opens = not body[0].isspace() and (not punct(body[0]) or space(before) or punct(before))
    closes = not body[-1].isspace() and (not punct(body[-1]) or space(after) or punct(after))
    return opens and closes


_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "%": r"\%",
    "#": r"\#", "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
    "<": r"\textless{}", ">": r"\textgreater{}", "\u00a0": "~",
}
_LATEX_RE = re.compile("[" + re.escape("".join(_LATEX_SPECIAL)) + "]")


class LatexWriter(Writer):
    """LaTeX for a document that loads ``hyperref`` (for ``\\url``/``\\href``); UTF-8 input."""

    name = "latex"
    tags: ClassVar = {"i": (r"\textit{", "}"), "b": (r"\textbf{", "}"), "sup": (r"\textsuperscript{", "}"),
            "sub": (r"\textsubscript{", "}"), "sc": (r"\textsc{", "}")}

    def text(self, run: str) -> str:
        run = _LATEX_RE.sub(lambda m: _LATEX_SPECIAL[m.group(0)], run)
        return _BEYOND_T1.sub(lambda m: _latex_char(m.group(0)), run) if _BEYOND_T1.search(run) else run

    def math(self, source: str) -> str:
        return f"${source}$"

    def link(self, url: str, label: str) -> str:
        # hyperref's \url reads its argument verbatim except for these, which must be escaped
        safe = re.sub(r"([%#{}\\])", r"\\\1", url)
        if label == url:
            return rf"\url{{{safe}}}"
        return rf"\href{{{safe}}}{{{self.text(label)}}}"

    def document(self, items: list[str]) -> str:
        # "{}" so that an entry starting with "[1]" is not read as \item's optional label
        body = "".join(f"\\item{{}} {item}\n" for item in items)
        return ("% refkit bib: needs \\usepackage{hyperref} (for \\url and \\href) and UTF-8 input\n"
                "\\begin{list}{}{\\setlength{\\leftmargin}{2em}\\setlength{\\itemindent}{-2em}}\n"
                f"{body}\\end{{list}}\n")


# pdflatex with T1 and UTF-8 input knows Latin-1, Latin Extended-A and typographic punctuation;
# anything else becomes a TeX command where one exists (ȧ -> \.{a}, α -> $\alpha$), else stays
_BEYOND_T1 = re.compile("[^\u0000-\u017f\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2026\u2022\u20ac]")
_ACCENTS = {"\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0304": "=", "\u0306": "u",
            "\u0307": ".", "\u0308": '"', "\u030a": "r", "\u030b": "H", "\u030c": "v", "\u0323": "d",
            "\u0327": "c", "\u0328": "k", "\u0331": "b"}


def _latex_char(char: str) -> str:
    import codecs
    import unicodedata

    import latexcodec  # noqa: F401  (registers the "ulatex" codec)

    try:
        return "{" + codecs.encode(char, "ulatex") + "}"
    except UnicodeEncodeError:
        pass
    decomposed = unicodedata.normalize("NFD", char)
    if len(decomposed) == 2 and decomposed[1] in _ACCENTS and decomposed[0].isascii():
        return f"\\{_ACCENTS[decomposed[1]]}{{{decomposed[0]}}}"
    return char


WRITERS: dict[str, Writer] = {w.name: w for w in (TextWriter(), HtmlWriter(), MarkdownWriter(), LatexWriter())}


@dataclass(frozen=True)
class Item:
    """One formatted entry: its citation key and the encoded string the engine produced."""

    key: str
    encoded: str


def writer(target: str) -> Writer:
    from ..errors import UsageError

    try:
        return WRITERS[target]
    except KeyError:
        raise UsageError(f"unknown target {target!r} (known: {', '.join(TARGETS)})") from None
