"""The bibtex dialect compiles whatever characters a record holds (issue 12, point 10).

Every character the encoder spells as LaTeX (every entry of its table, every accent over a letter) and a
sample of each class it cannot spell (CJK, Cyrillic, emoji, Vietnamese horn letters, stray combining
marks, odd spaces and quotes) go into one export, which latex_check.sh compiles with pdflatex + bibtex
(plainnat, plain) and pdflatex + biber: 0 errors, 0 warnings, every item typeset, no glyph missing.
The characters without a form are each reported once per field, with entry, field and code point.
"""
from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest

from refkit.exporters.bibtex import dumps_bibtex_with_diagnostics
from refkit.latex import fold_to_ascii, latex_form
from refkit.latex.tables import C1_MOJIBAKE, COMBINING_TO_ACCENT, UNICODE_TO_TEX
from refkit.model import Entry, PartialDate, Person

# characters in the issue, and the classes it names; the ones marked * have no LaTeX form pdflatex sets
CLASSES = {
    "accented-latin": "é è ê ë à â ä å ç ñ õ ø ß æ œ ł Ł đ Đ ð þ ŋ ą ę ő ű ů č š ž ř ğ ı ş ė į ų ā ī ǒ ǹ ẞ",
    "vietnamese": "ư Ư ơ Ơ ự Ự ờ ệ ẫ Nguyễn",  # ư ơ and the letters built on them: *
    "greek": "α β γ Γ Δ Ω ϵ ϑ ς Α",  # capital alpha: * (no macro: it looks like A)
    "math": "≤ ≥ ≠ ≈ ∞ → ⇒ ∈ ∉ ∑ ∏ ∫ √ ∂ ∇ ± × ÷ − ⟨x⟩ ℓ ∀ ∃ ∅",
    "scripts": "H₂O x⁴ 10⁻³ E=mc² aₙ x₀ ¹ ³ ⁿ ᵢ ⁺ ᴬ ⁽ₓ₎",
    "spaces": "a\u00a0b a\u2009b a\u202fb a\u200bb a\u200cb a\u200db a\u2060b a\ufeffb soft\u00adhyphen a\u2003b",
    "dashes": "a‐b a‑b 1‒2 1–2 a—b ―x −1",
    "quotes": "“a” ‘a’ ‚a‘ „a“ «a» ‹a› ‛a′ b″",  # ‛ ′ ″: *
    "ligatures": "ﬀ ﬁ ﬂ ﬃ ﬄ",
    "symbols": "€ £ ¥ ¢ © ® ™ ° ‰ § ¶ † ‡ • … № µ ¤ ½",  # ¤: *
    "cjk": "中文 日本語 한국어",
    "cyrillic": "Привет мир",
    "emoji": "😀 🤗 Transformers",
    "combining": "e\u0301 x\u0308 u\u031b q\u0323\u031b \u0301alone",
    "mojibake": " ".join(sorted(C1_MOJIBAKE)),  # cp1252 read as Latin-1: ƒ ˆ ˜ (0x83 0x88 0x98) are *
}
TABLE = "".join(sorted(UNICODE_TO_TEX))
ACCENTED = " ".join(unicodedata.normalize("NFC", base + mark) for mark in COMBINING_TO_ACCENT for base in "aEiS")


def _entries() -> list[Entry]:
    entries = [Entry(type="article", key=f"class-{name}", title=f"{name}: {chars}", author=(Person("Doe", "Jane"),),
                     container_title=f"Journal of {chars.split()[0]}", issued=PartialDate(2024))
               for name, chars in CLASSES.items()]
    entries.append(Entry(type="misc", key="every-table-character", title=" ".join(TABLE),
                         author=(Person("Table", "Encoder"),), issued=PartialDate(2024)))
    entries.append(Entry(type="misc", key="every-accent", title=ACCENTED, author=(Person("Accent", "Ann"),),
                         issued=PartialDate(2024)))
    entries.append(Entry(type="book", key="names2023", title="Names Only", issued=PartialDate(2023),
                         author=(Person("Nguyễn", "Thị Ưng"), Person("王", "小明"), Person("Ødegård", "Zoë"),
                                 Person("Ivanov", "Ivan"), Person(literal="Ελληνικό Ινστιτούτο")),
                         publisher="Издательство", publisher_place="Hưng Yên",
                         url="https://example.org/Ωmega/ư?q=中"))
    return entries


def test_export_is_ascii_and_names_each_replaced_character():
    text, diagnostics = dumps_bibtex_with_diagnostics(_entries(), "bibtex", file="refs.bib")
    assert text.isascii()
    reported = "\n".join(str(d) for d in diagnostics)
    for char in ["ư", "Ư", "ơ", "Ự", "Α", "‛", "′", "″", "¤", "中", "한", "П", "😀", "🤗", "王", "ƒ", "\u2003"]:
        assert f"U+{ord(char):04X} {char!r}" in reported, f"{char!r} (U+{ord(char):04X}) not reported:\n{reported}"
    for char in ["é", "ł", "ẞ", "≤", "₂", "ₙ", "€", "α", "ﬁ", "№", "–", "“", "\u00a0", "½", "ệ", "\u200b"]:
        assert f"U+{ord(char):04X}" not in reported, f"{char!r} has a LaTeX form but was reported"
    assert all(d.severity == "warning" and d.code == "no-latex-form" and d.file == "refs.bib" for d in diagnostics)
    # each field is named, and each character once per field
    fields = {(d.key, d.message.split(":")[0]) for d in diagnostics}
    assert ("class-vietnamese", "field 'title'") in fields and ("class-accented-latin", "field 'journal'") not in fields
    assert {("names2023", f"field '{name}'") for name in ("author", "publisher", "address")} <= fields
    assert ("names2023", "field 'url'") not in fields  # percent-encoded, not spelled
    assert "url = {https://example.org/%CE%A9mega/%C6%B0?q=%E4%B8%AD}" in text
    assert len(diagnostics) == len({(d.key, d.message.split(":")[0]) for d in diagnostics})


def test_one_character_message_says_what_was_written():
    entry = Entry(type="misc", key="x", title="Ự", issued=PartialDate(2020))
    _, diagnostics = dumps_bibtex_with_diagnostics([entry], "bibtex", file="refs.bib")
    assert [str(d) for d in diagnostics] == [(
        "refs.bib: entry 'x': field 'title': U+1EF0 'Ự' (LATIN CAPITAL LETTER U WITH HORN AND DOT BELOW) "
        "has no LaTeX form for pdflatex; written as '{\\d{U}}'")]


def test_biblatex_dialect_keeps_utf8_and_reports_nothing():
    text, diagnostics = dumps_bibtex_with_diagnostics(_entries(), "biblatex")
    assert diagnostics == [] and "中文" in text and "Nguyễn" in text


def test_every_table_character_has_an_ascii_form():
    assert [c for c in TABLE if latex_form(c) is None] == []


def _compile(entries: list[Entry], latex_check, build, styles: str, paths: tuple[str, ...]) -> None:
    text, _ = dumps_bibtex_with_diagnostics(entries, "bibtex")
    bib = build.parent / f"{build.name}.bib"
    bib.write_text(text, encoding="utf-8")
    report = latex_check(bib, build, styles)
    expected = {"items": str(len(entries)), "warnings": "0", "errors": "0", "latex_errors": "0",
                "undefined_cites": "0"}
    seen = {path: {name: report.summaries[path][name] for name in expected} for path in paths}
    assert seen == {path: expected for path in seen}, f"{text}\n{report.output}"
    for path in paths:
        folder = {"bibtex:plainnat": "bibtex-plainnat", "bibtex:plain": "bibtex-plain", "biber": "biber-authoryear"}
        log = (build / folder[path] / "doc.log").read_text(encoding="utf-8", errors="replace")
        assert "Missing character" not in log, path  # a macro whose font has no glyph prints nothing


@pytest.mark.latex
def test_every_character_compiles_with_bibtex(latex_check, tmp_path):
    _compile(_entries(), latex_check, tmp_path / "bibtex", "plainnat plain", ("bibtex:plainnat", "bibtex:plain"))


def _inputenc_declared() -> set[str]:
    """The characters LaTeX's utf8 input encoding sets with the font encodings of the test document."""
    declared: set[str] = set()
    for name in ("t1enc.dfu", "ts1enc.dfu", "ot1enc.dfu", "omsenc.dfu"):
        path = subprocess.run(["kpsewhich", name], capture_output=True, text=True, check=False).stdout.strip()
        text = Path(path).read_text(encoding="latin-1") if path else ""
        declared |= {chr(int(code, 16)) for code in re.findall(r"^\\DeclareUnicodeCharacter\{([0-9A-F]+)\}", text, re.MULTILINE)}
    return declared


@pytest.mark.latex
def test_biber_reads_the_bibtex_export(latex_check, tmp_path):
    """biber decodes every accent macro to UTF-8 and writes that to the .bbl, so under pdflatex only the
    letters inputenc declares can pass that way (whatever the .bib: the biblatex export too). Letters it
    lacks (ẹ, ǹ, −) need ``\\usepackage[safeinputenc]{biblatex}``. Everything else must compile."""
    declared = _inputenc_declared()
    assert "é" in declared, "inputenc's .dfu files not found"

    def passes_biber(cluster: str) -> bool:  # a character and the combining marks after it
        char = unicodedata.normalize("NFC", cluster)
        form = latex_form(char)
        if form is None:  # folded to ASCII: passes unless the fold kept an accent (ự -> {\\d{u}})
            return "\\" not in fold_to_ascii(char)[0]
        return (char.isascii() or char in declared or "ensuremath" in form or "script{" in form
                or form.isalpha() or form in ("", "-", "--", "---"))

    def keep(text: str) -> str:
        return "".join(c for c in re.findall(r".[\u0300-\u036f]*", text, re.DOTALL) if passes_biber(c))

    entries = [e.replace(title=keep(e.title), container_title=keep(e.container_title)) for e in _entries()
               if e.key != "names2023"]
    _compile(entries, latex_check, tmp_path / "biber", "", ("biber",))
