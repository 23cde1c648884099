"""Unicode with refkit's rich-text markup -> LaTeX that 8-bit BibTeX and pdflatex accept.

TeX specials are escaped, accented Latin letters become accent macros, tags become ``\\textit{}``
etc., ``<span class="nocase">`` becomes a brace group, math between ``$`` and raw TeX kept by
:func:`refkit.latex.decode` (``{\\ConTeXt}``, ``\\acro{TUG}``, ``\\path|x|``) are copied verbatim,
except TeX that could touch files or redefine things (``\\input``, ``\\def``...), which is written as text.
``decode(encode(x)) == x`` for markup as decode produces it.

Lossless by design: a character with no LaTeX form (CJK, emoji, Vietnamese horn letters) stays UTF-8
here. :func:`refkit.latex.fold_to_ascii` then replaces it, and says so, where the writer knows the entry
and field to name in the warning.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .decode import match_brace
from .tables import (
    C1_MOJIBAKE,
    COMBINING_TO_ACCENT,
    NO_TEXT_GLYPH,
    TAG_TO_TEX,
    UNICODE_TO_TEX,
    VERBATIM_COMMANDS,
)

_CONTROL = "\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f"
_ASCII_SPECIAL = re.compile(rf"[&%#_{{}}~^<>`$\\\\{_CONTROL}]|--|''")
_TOKEN = re.compile(
    r'<(i|b|sup|sub|span class="nocase")>|</(?:i|b|sup|sub|span)>|\$|\\[A-Za-z]+|\{\\|\\'
    r"|[&%#_{}~^<>`]|-(?=-)|'(?=')|[A-Za-z0-9\u0131\u0237][\u0300-\u036f]+|[^\x00-\x7f]"
    rf"|[{_CONTROL}]"
)
_ESCAPES = {
    "&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "<": r"\textless{}", ">": r"\textgreater{}",
    "`": r"\textasciigrave{}", "-": "-{}", "'": "'{}", "$": r"\$", "\\": r"\textbackslash{}",
}
# TeX that reads or writes files, defines commands, changes catcodes or ends the document is never copied
# from a field into LaTeX, whatever the field's source (titles arrive from arXiv, CSL-JSON, web pages):
# it is written as text instead (a title ``\input{/etc/passwd}`` prints, it does not run).
_UNSAFE = re.compile(
    r"\\(?:input|include|includeonly|InputIfFileExists|IfFileExists|openin|openout|read|readline|write|"
    r"immediate|closein|closeout|newread|newwrite|def|edef|gdef|xdef|let|futurelet|catcode|lccode|uccode|"
    r"csname|endcsname|expandafter|scantokens|newcommand|renewcommand|providecommand|DeclareRobustCommand|"
    r"newenvironment|renewenvironment|usepackage|RequirePackage|documentclass|begin|end|enddocument|endinput|"
    r"bye|stop|dump|special|directlua|latelua|pdfliteral|pdfobj|pdfximage|shipout|output|everypar|everyjob|"
    r"errmessage|batchmode|nonstopmode|scrollmode|makeatletter|makeatother|afterassignment|aftergroup|"
    r"addbibresource|bibliography|bibliographystyle)(?![A-Za-z])")
_LIGATURE_PAIRS = {"-": "-", "'": "'", "`": "`!?"}


def encode(text: str, keep_unicode: bool = False) -> str:
    """LaTeX for a text field value; ``keep_unicode`` leaves letters as UTF-8 (biber, LuaLaTeX)."""
    if not _ASCII_SPECIAL.search(text) and (text.isascii() or keep_unicode and _plain_unicode(text)):
        return text
    out: list[str] = []
    open_tags = 0
    guards: list[int] = []  # nocase groups: one starting with a backslash would be a BibTeX "special character"
    raws: list[int] = []  # kept macros with their arguments
    braces: list[tuple[int, str]] = []  # literal text braces: (index in out, "{" or "}")
    pos = 0
    n = len(text)
    while pos < n:
        m = _TOKEN.search(text, pos)
        if m is None:
            out.append(text[pos:])
            break
        start = m.start()
        if start > pos:
            out.append(text[pos:start])
        token = m.group(0)
        pos = m.end()
        if token[0] == "<" and len(token) > 1:
            if token[1] == "/":
                if open_tags:
                    open_tags -= 1
                    out.append("}")
                else:
                    out.append(_ESCAPES["<"] + token[1:-1] + _ESCAPES[">"])
            else:
                open_tags += 1
                out.append(TAG_TO_TEX.get(m.group(1), "{"))
                if out[-1] == "{":
                    guards.append(len(out))
        elif token == "$":
            end = _math_end(text, start)
            if end > 0 and not _UNSAFE.search(text, start, end):
                out.append(text[start:end])
                pos = end
            else:
                out.append(r"\$")
        elif token == "{\\":
            end = match_brace(text, start)
            if end > 0 and not _UNSAFE.search(text, start, end):
                out.append(text[start: end + 1])
                pos = end + 1
            else:  # a literal brace; the control word after it is read on its own
                braces.append((len(out), "{"))
                out.append(_ESCAPES["{"])
                pos = start + 1
        elif token[0] == "\\" and len(token) > 1:
            if _UNSAFE.match(text, start):
                out.append(_ESCAPES["\\"] + token[1:])
                continue
            end = _args_end(text, pos)
            if token[1:] in VERBATIM_COMMANDS and end == pos and pos < n and text[pos] not in "{ ":
                close = text.find(text[pos], pos + 1)  # \path|a~b|: up to the closing delimiter
                end = close + 1 if close > 0 else pos
            raws.append(len(out))
            out.append(text[start:end])
            pos = end
        elif token in "{}":
            braces.append((len(out), token))
            out.append(_ESCAPES[token])
        elif token in _ESCAPES:
            out.append(_ESCAPES[token])
        elif keep_unicode:
            out.append(_unicode_char(token))
        else:
            out.append(_char(token))
    out.append("}" * open_tags)
    _pair_literal_braces(out, braces)
    _separate_ligatures(out)
    for i in raws:  # a brace group right after a kept \name{..} would read as one more argument
        if i + 1 < len(out) and out[i + 1].startswith("{"):
            out[i + 1] = "\\relax" + out[i + 1]
    for i in guards:
        if i < len(out) and out[i].startswith("\\"):
            out[i] = "{}" + out[i]
    return "".join(out)


def _separate_ligatures(out: list[str]) -> None:
    """``–`` then ``-`` must not become ``---``; nor ``'`` + ``''``, nor ``!`` + ``` `` ``` (TeX ligatures)."""
    for k in range(1, len(out)):
        first = out[k][:1]
        if first in _LIGATURE_PAIRS and out[k - 1][-1:] and out[k - 1][-1] in _LIGATURE_PAIRS[first]:
            out[k] = "{}" + out[k]


def _pair_literal_braces(out: list[str], braces: list[tuple[int, str]]) -> None:
    """BibTeX counts ``\\{`` and ``\\}`` as braces: an unpaired one would swallow the rest of the .bib."""
    unpaired: list[int] = []
    for index, kind in braces:
        if kind == "{":
            unpaired.append(index)
        elif unpaired and out[unpaired[-1]] == _ESCAPES["{"]:
            unpaired.pop()
        else:
            out[index] = r"\textbraceright{}"
    for index in unpaired:
        out[index] = r"\textbraceleft{}"


def _math_end(text: str, start: int) -> int:
    delim = "$$" if text.startswith("$$", start) else "$"
    end = text.find(delim, start + len(delim))
    if end <= start + len(delim) - 1 or end == start + len(delim):
        return -1
    body = text[start: end + len(delim)]
    return end + len(delim) if _balanced(body) else -1


def _balanced(text: str) -> bool:
    depth = 0
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        depth += (c == "{") - (c == "}")
        if depth < 0:
            return False
        i += 1
    return depth == 0


def _args_end(text: str, j: int) -> int:
    """End of the brace groups right after a kept macro (no space between, as decode keeps them)."""
    n = len(text)
    while j < n and text[j] == "{":
        end = match_brace(text, j)
        if end < 0:
            return j
        j = end + 1
    return j


def _plain_unicode(text: str) -> bool:
    return not any(c in UNICODE_TO_TEX or c in C1_MOJIBAKE or ord(c) < 32 for c in text if ord(c) > 126 or ord(c) < 32)


@lru_cache(maxsize=4096)
def _unicode_char(char: str) -> str:
    """Under biber: only what would be ambiguous or broken in UTF-8 is spelled in LaTeX (Greek and math
    symbols too: pdflatex users read the file, and no text font of theirs has the glyph)."""
    if char in ("\u00a0", "\u2009", "–", "—", "“", "”", "‘", "’") or char in C1_MOJIBAKE or char in NO_TEXT_GLYPH:
        return _char(char)
    if unicodedata.category(char[0]) == "Cc":
        return ""
    return char


@lru_cache(maxsize=4096)
def _char(char: str) -> str:
    """One non-ASCII character (or letter + combining marks) in LaTeX."""
    if char in UNICODE_TO_TEX:
        return UNICODE_TO_TEX[char]
    if char in C1_MOJIBAKE:
        meant = C1_MOJIBAKE[char]
        return _char(meant) if meant and not meant.isascii() else meant
    if unicodedata.category(char[0]) == "Cc":
        return ""  # control characters are LaTeX errors and carry no text
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    if marks and (base.isascii() and base.isalnum() or base in "ıȷ") and all(
            mark in COMBINING_TO_ACCENT for mark in marks):
        inner = {"ı": "\\i", "ȷ": "\\j"}.get(base, base)
        for mark in marks:
            inner = f"\\{COMBINING_TO_ACCENT[mark]}{{{inner}}}"
        return "{" + inner + "}"
    # Cyrillic, CJK, emoji and letters with marks T1 lacks have no form pdflatex sets without extra
    # packages: kept as UTF-8 here (biber and LuaLaTeX read it); fold_to_ascii replaces them for pdflatex.
    return char


def latex_form(char: str) -> str | None:
    """The ASCII LaTeX for one character (or letter + combining marks), or None when pdflatex has none."""
    tex = _char(char)
    return tex if tex.isascii() else None
