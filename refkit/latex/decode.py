"""LaTeX (as found in .bib fields) -> Unicode with refkit's small rich-text markup.

Hand-written and table driven: a field without a backslash, brace, dollar, tilde, quote ligature or
dash pair returns at once (most fields), the rest is one left-to-right pass.
Case-protecting braces become ``<span class="nocase">``; ``\\emph``/``\\textbf``/... become tags;
math stays verbatim between ``$``. Macros we do not know are *kept* as raw TeX, always in the
form ``{\\name...}`` or ``\\name{arg}...``, which :func:`refkit.latex.encode` copies back verbatim.
"""
from __future__ import annotations

import re
import unicodedata

from .tables import (
    ACCENTS,
    CONTROL_SYMBOLS,
    SYMBOLS,
    TAG_COMMANDS,
    TAG_DECLARATIONS,
    TRANSPARENT_COMMANDS,
    VERBATIM_COMMANDS,
)

NOCASE_OPEN = '<span class="nocase">'
NOCASE_CLOSE = "</span>"

_WS = re.compile(r"[ \t\n\r\f\v]+")
_NEEDS_DECODE = re.compile(r"[\\{}$~`]|--|''")
_STOP = re.compile(r"[\\{}$~`'\-]")
_LETTERS = re.compile(r"[A-Za-z]+")
_SPACING_ACCENT = {"~": "~", "^": "^", '"': "¨", "'": "´", "`": "`", "=": "¯", ".": "˙", "u": "˘",
                   "v": "ˇ", "c": "¸", "H": "˝", "r": "˚", "k": "˛"}
_DOTLESS = {"ı": "i", "ȷ": "j"}


def decode(text: str) -> str:
    """Unicode markup for a LaTeX field value; whitespace runs become one space."""
    if "\n" in text or "  " in text or "\t" in text or "\r" in text:
        text = _WS.sub(" ", text)
    text = text.strip()
    if not _NEEDS_DECODE.search(text):
        return text
    try:
        out, _ = _parse(text, 0, False, False)
    except RecursionError:  # hundreds of nested groups: no real field; keep the text, drop the braces
        out = text.replace("{", "").replace("}", "").replace("\\", "")
    return _WS.sub(" ", out).strip() if "  " in out else out.strip()


def is_known(name: str) -> bool:
    """Whether the control sequence ``\\name`` is one decode understands."""
    return (name in ACCENTS or name in SYMBOLS or name in TAG_COMMANDS or name in TAG_DECLARATIONS
            or name in TRANSPARENT_COMMANDS or name == "relax")


def match_brace(s: str, i: int) -> int:
    """Index of the ``}`` closing the ``{`` at ``i`` (escapes honoured), or -1."""
    depth = 0
    n = len(s)
    while i < n:
        c = s[i]
        if c == "\\":
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _skip_args(s: str, j: int) -> int:
    """End of the brace groups right after an unknown macro (its arguments, kept with it)."""
    n = len(s)
    while j < n and s[j] == "{":
        end = match_brace(s, j)
        if end < 0:
            return j
        j = end + 1
    return j


def _parse(s: str, i: int, protected: bool, in_group: bool) -> tuple[str, int]:
    out: list[str] = []
    n = len(s)
    while i < n:
        m = _STOP.search(s, i)
        if m is None:
            out.append(s[i:])
            return "".join(out), n
        j = m.start()
        if j > i:
            out.append(s[i:j])
        c = s[j]
        if c == "\\":
            text, i, rest = _control(s, j, protected, in_group)
            out.append(text)
            if rest:  # a declaration such as \em consumed the rest of the group
                return "".join(out), i
        elif c == "{":
            text, i = _group(s, j, protected)
            out.append(text)
        elif c == "}":
            if in_group:
                return "".join(out), j + 1
            i = j + 1  # a stray closing brace carries no text
        elif c == "$":
            text, i = _math(s, j)
            out.append(text)
        elif c == "~":
            out.append("\u00a0")
            i = j + 1
        elif c == "-":
            if s.startswith("---", j):
                out.append("—")
                i = j + 3
            elif s.startswith("--", j):
                out.append("–")
                i = j + 2
            else:
                out.append("-")
                i = j + 1
        elif c == "`":
            if s.startswith("``", j):
                out.append("“")
                i = j + 2
            else:
                out.append("‘")
                i = j + 1
        else:  # "'"
            if s.startswith("''", j):
                out.append("”")
                i = j + 2
            else:
                out.append("'")
                i = j + 1
    return "".join(out), n


def _group(s: str, i: int, protected: bool) -> tuple[str, int]:
    """A brace group at ``i``: a special character, kept raw TeX, or case protection."""
    if s.startswith("\\", i + 1):
        m = _LETTERS.match(s, i + 2)
        name = m.group(0) if m else s[i + 2: i + 3]
        if m and not is_known(name):
            end = match_brace(s, i)
            if end > 0:
                return s[i: end + 1], end + 1  # e.g. {\ConTeXt}, {\sc Small}: kept verbatim
        return _parse(s, i + 1, protected, True)
    inner, j = _parse(s, i + 1, True, True)
    if protected or not inner.strip():
        return inner, j
    return f"{NOCASE_OPEN}{inner}{NOCASE_CLOSE}", j


def _control(s: str, i: int, protected: bool, in_group: bool) -> tuple[str, int, bool]:
    """The control sequence at ``i``: (text, next index, consumed the rest of the group)."""
    n = len(s)
    m = _LETTERS.match(s, i + 1)
    if m is None:
        if i + 1 >= n:
            return "", n, False
        c = s[i + 1]
        if c == "(":  # \( math \) is $ math $
            end = s.find("\\)", i + 2)
            if end > 0:
                return "$" + s[i + 2: end] + "$", end + 2, False
        if c in ACCENTS:
            return (*_accent(s, i + 2, c, protected), False)
        return CONTROL_SYMBOLS.get(c, c), i + 2, False
    name = m.group(0)
    j = m.end()
    if name in ACCENTS:
        return (*_accent(s, j, name, protected), False)
    if name in SYMBOLS:
        k = j
        while k < n and s[k] == " ":
            k += 1
        if s.startswith("{}", k):
            k += 2
        return SYMBOLS[name], k, False
    if name in TAG_COMMANDS:
        tag = TAG_COMMANDS[name]
        arg, k = _argument(s, j, protected)
        return f"<{tag}>{arg}</{tag}>" if arg else "", k, False
    if name in TRANSPARENT_COMMANDS:
        arg, k = _argument(s, j, protected)
        return arg, k, False
    if name == "relax":
        return "", j + (j < n and s[j] == " "), False
    if name in VERBATIM_COMMANDS and j < n and s[j] not in "{ ":
        end = s.find(s[j], j + 1)
        if end > 0:
            return s[i: end + 1], end + 1, False  # \path|a~b| kept verbatim, delimiters and all
    if name in TAG_DECLARATIONS and in_group:
        tag = TAG_DECLARATIONS[name]
        rest, k = _parse(s, j, protected, True)
        rest = rest.strip()
        return (f"<{tag}>{rest}</{tag}>" if rest else ""), k, True
    end = _skip_args(s, j)
    if end == j:
        k = j
        while k < n and s[k] == " ":
            k += 1  # TeX swallows the spaces after a control word: "\TeX book" is "TeXbook"
        return "{" + s[i:j] + "}", k, False  # braces keep \name from running into following letters
    return s[i:end], end, False


def _argument(s: str, j: int, protected: bool) -> tuple[str, int]:
    n = len(s)
    while j < n and s[j] == " ":
        j += 1
    if j >= n:
        return "", n
    if s[j] == "{":
        return _parse(s, j + 1, protected, True)
    if s[j] == "\\":
        text, k, _ = _control(s, j, protected, False)
        return text, k
    return s[j], j + 1


def _accent(s: str, j: int, accent: str, protected: bool) -> tuple[str, int]:
    base, k = _argument(s, j, True)
    if not base:  # an accent over nothing: its spacing form, else the macro as written (never lost)
        return _SPACING_ACCENT.get(accent, "\\" + accent), k
    first = _DOTLESS.get(base[0], base[0])
    return unicodedata.normalize("NFC", first + ACCENTS[accent]) + base[1:], k


def _math(s: str, i: int) -> tuple[str, int]:
    delim = "$$" if s.startswith("$$", i) else "$"
    j = i + len(delim)
    while True:
        end = s.find(delim, j)
        if end < 0:
            return "$", i + 1  # no closing dollar: a literal one
        if s[end - 1] != "\\":
            return s[i: end + len(delim)], end + len(delim)
        j = end + 1
