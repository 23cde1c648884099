"""The LaTeX <-> Unicode vocabulary, as plain dictionaries (one place to extend)."""
from __future__ import annotations

import unicodedata

# accent macro -> combining character
ACCENTS: dict[str, str] = {
    "`": "\u0300", "'": "\u0301", "^": "\u0302", "~": "\u0303", "=": "\u0304", "u": "\u0306",
    ".": "\u0307", '"': "\u0308", "r": "\u030a", "H": "\u030b", "v": "\u030c", "d": "\u0323",
    "c": "\u0327", "k": "\u0328", "b": "\u0331", "t": "\u0361",
}
COMBINING_TO_ACCENT: dict[str, str] = {mark: name for name, mark in ACCENTS.items()}

# control words without argument that stand for one character
SYMBOLS: dict[str, str] = {
    "i": "ı", "j": "ȷ", "l": "ł", "L": "Ł", "o": "ø", "O": "Ø", "ss": "ß", "SS": "ẞ", "ae": "æ", "AE": "Æ",
    "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å", "dh": "ð", "DH": "Ð", "th": "þ", "TH": "Þ", "ng": "ŋ",
    "NG": "Ŋ", "dj": "đ", "DJ": "Đ",
    "ldots": "…", "dots": "…", "textellipsis": "…", "textendash": "–", "textemdash": "—",
    "textquoteleft": "‘", "textquoteright": "’", "textquotedblleft": "“", "textquotedblright": "”",
    "quotedblbase": "„", "quotesinglbase": "‚", "guillemotleft": "«", "guillemotright": "»",
    "guilsinglleft": "‹", "guilsinglright": "›", "textbackslash": "\\", "textasciitilde": "~",
    "textasciicircum": "^", "textasciigrave": "`", "textless": "<", "textgreater": ">", "textbar": "|",
    "textunderscore": "_", "textbraceleft": "{", "textbraceright": "}", "textbullet": "•",
    "textdagger": "†", "dag": "†", "ddag": "‡", "textdaggerdbl": "‡", "S": "§", "P": "¶",
    "textsection": "§", "textparagraph": "¶", "copyright": "©", "textcopyright": "©",
    "textregistered": "®", "texttrademark": "™", "pounds": "£", "textsterling": "£", "euro": "€",
    "texteuro": "€", "textdegree": "°", "textperthousand": "‰", "textquestiondown": "¿",
    "textexclamdown": "¡", "textcent": "¢", "textyen": "¥", "textordfeminine": "ª",
    "textordmasculine": "º", "textonehalf": "½", "textonequarter": "¼", "textthreequarters": "¾",
    "textmu": "µ", "textperiodcentered": "·", "textminus": "−",
    "textnumero": "№", "textvisiblespace": "␣", "textdollar": "$", "textpercent": "%",
    "textampersand": "&", "textasteriskcentered": "∗", "textdiv": "÷", "texttimes": "×",
    "textpm": "±", "textonesuperior": "¹", "texttwosuperior": "²", "textthreesuperior": "³",
    "nobreakspace": "\u00a0", "textnbsp": "\u00a0",
}

# control symbols (backslash + one non-letter) that are not accents
CONTROL_SYMBOLS: dict[str, str] = {
    "&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}", " ": " ",
    ",": "\u2009", "-": "", "/": "", "@": "", "\\": " ", ";": " ", ":": " ", "!": "", ">": " ",
    "|": "‖", "*": "",
}

# commands with one argument that become rich-text tags
TAG_COMMANDS: dict[str, str] = {
    "emph": "i", "textit": "i", "textsl": "i", "mkbibemph": "i", "mkbibitalic": "i",
    "textbf": "b", "mkbibbold": "b", "textsuperscript": "sup", "mkbibsuperscript": "sup",
    "textsubscript": "sub", "mkbibsubscript": "sub",
}
# declarations ({\em text}) that become tags
TAG_DECLARATIONS: dict[str, str] = {
    "em": "i", "it": "i", "itshape": "i", "sl": "i", "slshape": "i", "bf": "b", "bfseries": "b",
}

# commands whose argument is just text (line breaking, font family): decoded in place
TRANSPARENT_COMMANDS = frozenset({"mbox", "hbox", "textrm", "textnormal", "textup", "textmd", "text", "ensuremath"})
# verbatim commands whose argument may be delimited by any character: \path|a~b|, \verb=\x=
VERBATIM_COMMANDS = frozenset({"path", "verb", "url", "nolinkurl"})

TAG_TO_TEX: dict[str, str] = {"i": "\\textit{", "b": "\\textbf{", "sup": "\\textsuperscript{",
                              "sub": "\\textsubscript{"}

# Unicode -> LaTeX for characters NFD cannot build from an ASCII base plus accents.
# Quotes and dashes are written so that decode(encode(x)) == x.
UNICODE_TO_TEX: dict[str, str] = {
    "–": "--", "—": "---", "“": "``", "”": "''", "‘": "`", "’": "\\textquoteright{}",
    "\u00a0": "~", "\u2009": "\\,", "…": "\\ldots{}",
}
for _name, _char in SYMBOLS.items():
    if _char and len(_char) == 1 and ord(_char) > 127 and _char not in UNICODE_TO_TEX and " " not in _name:
        UNICODE_TO_TEX[_char] = "{\\" + _name + "}"
UNICODE_TO_TEX.update({"ı": "{\\i}", "ȷ": "{\\j}"})

# Greek letters that have a math macro: pdflatex stops on a bare "α" (WHAT-TOOLS-ACCEPT 1.5 rule 8), so
# they are written {\ensuremath{\alpha}} (a BibTeX special character: no style lower-cases it) and read back.
GREEK: dict[str, str] = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ϵ", "zeta": "ζ",
    "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
    "xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ", "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ",
    "upsilon": "υ", "phi": "φ", "varphi": "ϕ", "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ",
    "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ",
    "Psi": "Ψ", "Omega": "Ω",
}
SYMBOLS.update(GREEK)
UNICODE_TO_TEX.update({char: "{\\ensuremath{\\" + name + "}}" for name, char in GREEK.items()})

# Math symbols the fonts of a plain pdflatex document set (no amssymb): written as math, like Greek.
MATH_SYMBOLS: dict[str, str] = {
    "leq": "≤", "geq": "≥", "neq": "≠", "approx": "≈", "equiv": "≡", "sim": "∼", "simeq": "≃", "cong": "≅",
    "propto": "∝", "ll": "≪", "gg": "≫", "infty": "∞", "partial": "∂", "nabla": "∇", "forall": "∀",
    "exists": "∃", "emptyset": "∅", "in": "∈", "notin": "∉", "ni": "∋", "subset": "⊂", "supset": "⊃",
    "subseteq": "⊆", "supseteq": "⊇", "setminus": "∖", "cup": "∪", "cap": "∩", "wedge": "∧", "vee": "∨",
    "neg": "¬", "oplus": "⊕", "otimes": "⊗", "circ": "∘", "cdot": "⋅", "cdots": "⋯", "sum": "∑",
    "prod": "∏", "int": "∫", "surd": "√", "perp": "⊥", "parallel": "∥", "mp": "∓",
    "rightarrow": "→", "leftarrow": "←", "leftrightarrow": "↔", "Rightarrow": "⇒", "Leftarrow": "⇐",
    "Leftrightarrow": "⇔", "mapsto": "↦", "uparrow": "↑", "downarrow": "↓", "langle": "⟨", "rangle": "⟩",
    "ell": "ℓ", "hbar": "ℏ", "aleph": "ℵ",
}
SYMBOLS.update(MATH_SYMBOLS)
UNICODE_TO_TEX.update({char: "{\\ensuremath{\\" + name + "}}" for name, char in MATH_SYMBOLS.items()})

UNICODE_TO_TEX.update({
    "€": "{\\texteuro}",  # \euro needs the eurosym package; \texteuro is in the LaTeX kernel since 2020
    # Unicode's hyphens and dashes that TeX writes with its own -, --, ---
    "\u2010": "-", "\u2011": "-", "\u2012": "--", "\u2015": "---", "\u00ad": "\\-",
    # ligatures: TeX makes them itself
    "ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl",
    "\u202f": "\\,",  # narrow no-break space
    # invisible characters that only steer line breaking or shaping; pdflatex has no use for them
    "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "",
})


def _script_forms() -> dict[str, str]:
    """₂ -> {\\textsubscript{2}}, ⁿ -> {\\textsuperscript{n}}: every Unicode sub- or superscript letter, digit
    or sign (Unicode's own decomposition says which), except ¹ ² ³ and ª º, which have text macros."""
    forms = {}
    for code in (*range(0x1D2C, 0x1D6B), *range(0x2070, 0x209D)):
        tag, _, hexcode = unicodedata.decomposition(chr(code)).partition(" ")
        if tag in ("<sub>", "<super>") and hexcode:
            inner = chr(int(hexcode, 16)).replace("\u2212", "-")
            if inner.isascii() and (inner.isalnum() or inner in "+-=()"):
                command = "textsubscript" if tag == "<sub>" else "textsuperscript"
                forms[chr(code)] = f"{{\\{command}{{{inner}}}}}"
    return forms


for _char, _tex in _script_forms().items():
    UNICODE_TO_TEX.setdefault(_char, _tex)

# Spelled in LaTeX under biber too: no text font of a pdflatex document has them (inputenc stops).
NO_TEXT_GLYPH = frozenset(GREEK.values()) | frozenset(MATH_SYMBOLS.values()) | frozenset(
    c for c, tex in UNICODE_TO_TEX.items() if "script{" in tex)

# cp1252 bytes 0x80-0x9f mis-decoded as Latin-1 control characters (real libraries carry them):
# map each to the character cp1252 meant, so the writer can spell it in LaTeX.
C1_MOJIBAKE: dict[str, str] = {}
for _byte in range(0x80, 0xA0):
    try:
        C1_MOJIBAKE[chr(_byte)] = bytes([_byte]).decode("cp1252")
    except UnicodeDecodeError:
        C1_MOJIBAKE[chr(_byte)] = ""

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")
