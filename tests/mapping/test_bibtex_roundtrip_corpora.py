"""BibTeX -> refkit -> BibTeX keeps every field and its meaning, on the real corpora; pybtex reads the output.

The comparison is field by field after this documented normalisation (anything else is a difference,
listed in the failure message):

* values: ``@string`` macros and ``#`` expanded, LaTeX decoded to Unicode (``{\\"o}`` == ``\\"{o}``,
  ``\\emph`` == ``\\textit``), whitespace collapsed, cp1252 control-character mojibake read as cp1252;
  titles compared after refkit's acronym protection (``BERT`` == ``{BERT}``, added on purpose);
* names compared as parsed people (``First Last`` == ``Last, First``); ``month`` as a number when it is one;
  ``pages`` with ``-`` for any dash; ``doi`` case-insensitively; ``keywords`` as a list; ``url`` without ``\\url{}`` and with
  whitespace collapsed (as BibTeX reads it);
* field names case-insensitively, BibLaTeX aliases = BibTeX names (journaltitle/journal, location/address,
  eprinttype/archiveprefix, eprintclass/primaryclass, institution/school for theses);
* ISO ``date`` == ``year``+``month`` (+``date`` when it has a day);
* entry types and keys exactly as written: a source @article without journal stays @article and its
  booktitle stays booktitle; only BibLaTeX-only types are written as their BibTeX equivalent (``@online`` ->
  ``@misc``, ``@mvbook`` -> ``@book``, or ``@misc`` when the classic type's required fields are missing, as
  BibTeX itself would), and only keys BibTeX or biber reject change (none in these corpora);
* characters pdflatex cannot set (CJK, ``‐`` U+2010) as the ASCII the bibtex dialect writes for them (and reports);
* an empty field (``url = ""``) may be left out; a duplicated field keeps its first value (what BibTeX does); fields refkit adds (``howpublished``,
  ``archivePrefix``, ``url`` of an arXiv preprint, ``date`` for a day) are allowed.
"""
from __future__ import annotations

import re
from dataclasses import fields, replace

import bibtexparser
import pybtex.database
import pybtex.errors
import pytest

from refkit.exporters.bibtex import dumps_bibtex
from refkit.ids import find_arxiv_id, normalize_doi
from refkit.importers.bibtex import parse_bibtex, read_raw
from refkit.latex import decode, encode, fold_to_ascii, protect_case, strip_nocase
from refkit.latex.tables import C1_MOJIBAKE
from refkit.mapping.bibtex import parse_month
from refkit.mapping.bibtex_keys import to_bibtex_key
from refkit.mapping.bibtex_types import BIBLATEX_ONLY, for_dialect
from refkit.model import PartialDate
from refkit.names import parse_names

# the three big corpora take 5-20 s each: marked slow (CI still runs them)
FILES = ["xampl.bib", "biblatex-examples.bib"] + [
    pytest.param(name, marks=pytest.mark.slow) for name in ("tugboat.bib", "contextlab_cdl.bib", "acl_anthology_10k.bib")]
ALIASES = {"journaltitle": "journal", "location": "address", "eprinttype": "archiveprefix",
           "eprintclass": "primaryclass"}
ALIASES |= {bibtex: biblatex for biblatex, bibtex in ALIASES.items()}
_MOJIBAKE = re.compile("[\u0080-\u009f]")


def raw_entries(text: str) -> list[tuple[str, str, dict[str, str]]]:
    """(type, key, {name: value}) per entry, values expanded; the first of duplicated fields kept."""
    return [(e.type, e.key, dict(e.fields)) for e in read_raw(text)[0]]


def _plain(value: str) -> str:
    text = decode(value)
    return _MOJIBAKE.sub(lambda m: C1_MOJIBAKE[m.group(0)], text) if _MOJIBAKE.search(text) else text


def _ascii(text: str) -> str:
    """What the ASCII bibtex dialect can carry: characters pdflatex cannot set folded (and reported)."""
    return text if text.isascii() else decode(fold_to_ascii(encode(text))[0])


def _text(value: str) -> str:
    return _ascii(_plain(value))


def _folded_alike(source: str, written: str) -> bool:
    """A title with characters pdflatex cannot set (CJK) is transliterated, and its case protection is
    then decided on other words: compared without braces, spaces or case protection."""
    def loose(value: str) -> str:
        return re.sub(r"[\s{}]", "", strip_nocase(_text(value)))
    return not _plain(source).isascii() and loose(source) == loose(written)


def _people(value: str) -> tuple:
    people, truncated = parse_names(value)
    return tuple(replace(p, **{f.name: _ascii(getattr(p, f.name)) for f in fields(p)}) for p in people), truncated


def meaning(name: str, value: str, type_: str):
    if name in ("author", "editor"):
        return _people(value)
    if name == "month":
        return parse_month(value) or _text(value)
    if name == "pages":
        return re.sub(r"(?:\s*[–—-]+\s*)+", "-", _text(value))
    if name == "doi":
        return normalize_doi(value.replace("\\_", "_")) or value.lower()
    if name == "url":
        url = value.strip().removeprefix("\\url{").removesuffix("}").replace("\\_", "_").replace("\\%", "%")
        return " ".join(url.split())
    if name == "keywords":
        return [k for k in (_text(w) for w in re.split(r"\s*[;,]\s*", value)) if k]
    if name in ("archiveprefix", "eprinttype"):
        return value.strip().lower()
    if name == "title":
        return protect_case(_text(value))
    if name in ("school", "institution") and "thesis" in type_:
        return _text(value)
    return _text(value)


def differences(src: tuple, out: tuple, dialect: str = "bibtex") -> list[str]:
    s_type, s_key, s_fields = src
    o_type, o_key, o_fields = out
    problems = []
    if o_key != s_key and not (o_key == to_bibtex_key(s_key) or o_key.startswith(to_bibtex_key(s_key) + "-")):
        problems.append(f"key {s_key!r} -> {o_key!r}")
    # a biblatex-only type the classic type would warn about is written @misc, as BibTeX itself reads it
    fallback = dialect == "bibtex" and s_type in BIBLATEX_ONLY and o_type == "misc"
    if for_dialect(s_type, dialect) != o_type and not fallback:
        problems.append(f"type @{s_type} -> @{o_type}")
    out_by_name = dict(o_fields)
    for name, value in s_fields.items():
        if not _text(value).strip():
            continue  # an empty field carries no meaning
        if name == "date" and name not in out_by_name:
            date = PartialDate.parse_iso(value)
            if date and o_fields.get("year") == str(date.year) and (
                    date.month is None or parse_month(o_fields.get("month", "")) == date.month):
                continue
        if name == "month" and name not in out_by_name and dialect == "biblatex":
            date = PartialDate.parse_iso(o_fields.get("date", ""))
            if date and date.month == parse_month(value):
                continue
        target = name if name in out_by_name else ALIASES.get(name, name)
        if target not in out_by_name and name in ("school", "institution"):
            target = "school" if "school" in out_by_name else "institution"
        if target not in out_by_name:
            if name == "doi" and find_arxiv_id(value) and "eprint" in out_by_name:
                continue
            problems.append(f"{name} missing (was {value[:60]!r})")
            continue
        if meaning(name, value, s_type) != meaning(target, out_by_name[target], o_type) and not (
                name == "title" and _folded_alike(value, out_by_name[target])):
            problems.append(f"{name}: {value[:80]!r} -> {out_by_name[target][:80]!r}")
    return problems


def roundtrip(text: str, dialect: str = "bibtex") -> tuple[str, list[tuple], list[tuple]]:
    result = parse_bibtex(text, "in.bib")
    written = dumps_bibtex(result.entries, dialect, result.preamble)
    return written, raw_entries(text), raw_entries(written)


def pybtex_errors(text: str) -> list[str]:
    with pybtex.errors.capture() as captured:
        pybtex.database.parse_string(text, "bibtex")
    return [str(e) for e in captured]


@pytest.mark.parametrize("name", FILES)
def test_bibtex_roundtrip_keeps_every_field(name, shared):
    text = (shared / "corpora" / name).read_text(encoding="utf-8")
    written, source, output = roundtrip(text)
    assert len(source) == len(output), "every entry comes back"
    problems = [f"{src[1]}: {p}" for src, out in zip(source, output) for p in differences(src, out)]
    assert problems == [], f"{len(problems)} differences:\n" + "\n".join(problems[:40])
    assert pybtex_errors(written) == []
    assert bibtexparser.parse_string(written, parse_stack=[]).failed_blocks == []


@pytest.mark.slow
def test_contextlab_articles_keep_their_type_and_booktitle(shared):
    """contextlab_cdl.bib has 17 @article without journal (15 with no container at all, 2 with a booktitle
    instead) and 2 in Google Scholar's arXiv form: all 19 are written back as @article with the fields they had."""
    text = (shared / "corpora" / "contextlab_cdl.bib").read_text(encoding="utf-8")
    _, source, output = roundtrip(text)
    no_journal = [key for type_, key, fields in source if type_.lower() == "article" and "journal" not in fields]
    in_book = [key for type_, key, fields in source if key in no_journal and "booktitle" in fields]
    scholar = [key for type_, key, fields in source if type_.lower() == "article"
               and re.match(r"arxiv preprint arxiv:", strip_nocase(_text(fields.get("journal", ""))), re.IGNORECASE)]
    assert (len(no_journal), in_book, scholar) == (17, ["FirtEtal17", "RoedMcDe93"], ["LiuEtal19", "FengEtal20"])
    written = {key: (type_, fields) for type_, key, fields in output}
    assert {written[k][0] for k in no_journal + scholar} == {"article"}
    assert [written[k][1]["booktitle"] for k in in_book] == ["Schizophrenia Bulletin", "Handbook of Neuropsychology"]
    assert [written[k][1]["journal"] for k in scholar] == [
        "{arXiv} Preprint {arXiv}:1910.06508", "{arXiv} Preprint {arXiv}:2008.06668"]


def test_biblatex_roundtrip_of_biblatex_examples_keeps_every_key_type_and_field(shared):
    """biblatex-examples.bib is a BibLaTeX file: written back as BibLaTeX, its types (@online, @mvbook, ...)
    and keys (``averroes/bland``, ``knuth:ct:related``) come back exactly as written."""
    text = (shared / "corpora" / "biblatex-examples.bib").read_text(encoding="utf-8")
    written, source, output = roundtrip(text, "biblatex")
    assert [(t.lower(), k) for t, k, _ in source] == [(t.lower(), k) for t, k, _ in output]
    problems = [f"{src[1]}: {p}" for src, out in zip(source, output) for p in differences(src, out, "biblatex")]
    assert problems == [], f"{len(problems)} differences:\n" + "\n".join(problems[:40])
    assert pybtex_errors(written) == []


@pytest.mark.parametrize("name", FILES)
def test_biblatex_output_of_corpus_parses_cleanly(name, shared):
    result = parse_bibtex((shared / "corpora" / name).read_text(encoding="utf-8"), name)
    written = dumps_bibtex(result.entries, "biblatex", result.preamble)
    assert pybtex_errors(written) == []
    assert bibtexparser.parse_string(written, parse_stack=[]).failed_blocks == []
    assert len(raw_entries(written)) == len(result.entries)
