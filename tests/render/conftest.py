"""Inputs for the rendering tests: the 50 enriched seed entries, a hand-made "tricky" list, the
golden-file helper (``REFKIT_UPDATE_GOLDEN=1`` rewrites the files), and raw-TeX corpus entries."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from refkit.model import Entry, PartialDate, Person

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
FIXTURES = HERE.parent / "fixtures"
SUFFIX = {"text": "txt", "html": "html", "markdown": "md", "latex": "tex"}


def seed_entries() -> list[Entry]:
    """The 50 papers of the seed list as enrichment leaves them: full authors, arXiv id and latest
    version, categories, v1 date, title, abstract and abstract-page URL (built here until the
    enrichment code writes them; deterministic)."""
    records = json.loads((FIXTURES / "arxiv-seed-corpus.json").read_text(encoding="utf-8"))
    entries = []
    for rec in records:
        people = []
        for author in rec["authors"]:
            *given, family = author["name"].split()
            people.append(Person(family=family, given=" ".join(given)))
        entries.append(Entry(
            type="article", key=f"arXiv:{rec['id']}", title=rec["title"], author=tuple(people),
            issued=PartialDate.parse_iso(rec["published"]), arxiv_id=rec["id"],
            arxiv_version=rec["version"], primary_category=rec["primary_category"],
            categories=tuple(rec["categories"]), abstract=rec["summary"],
            url=f"https://arxiv.org/abs/{rec['id']}",
        ))
    return entries


def _people(*names: str) -> tuple[Person, ...]:
    out = []
    for name in names:
        family, _, given = name.partition(", ")
        out.append(Person(family=family, given=given))
    return tuple(out)


def tricky_entries() -> list[Entry]:
    """One entry per rule a style or a target must get right (the tests say which is which)."""
    many = tuple(Person(family=f"Author{n:02d}", given=f"{chr(64 + n)}.") for n in range(1, 24))
    return [
        Entry(type="article-journal", key="vandermaaten2008",
              title="Visualizing data using t-SNE", author=(
                  Person(family="Maaten", given="Laurens", particle="van der"),
                  Person(family="Hinton", given="Geoffrey")),
              issued=PartialDate(2008, 11), container_title="Journal of Machine Learning Research",
              volume="9", issue="86", page="2579\u20132605",
              url="https://jmlr.org/papers/v9/vandermaaten08a.html"),
        Entry(type="paper-conference", key="devlin2019",
              title='<span class="nocase">BERT</span>: Pre-training of deep bidirectional transformers '
                    "for language understanding",
              author=_people("Devlin, Jacob", "Chang, Ming-Wei", "Lee, Kenton", "Toutanova, Kristina"),
              issued=PartialDate(2019, 6), container_title="Proceedings of the 2019 Conference of the "
              "North American Chapter of the Association for Computational Linguistics",
              page="4171\u20134186", publisher="Association for Computational Linguistics",
              publisher_place="Minneapolis, Minnesota", doi="10.18653/v1/n19-1423"),
        Entry(type="article-journal", key="consortium2023",
              title="A <i>Drosophila melanogaster</i> atlas with $4\\times$ coverage & 50% less "
                    "cost_per_sample",
              author=many, issued=PartialDate(2023, 2, 1), container_title="Nature",
              volume="614", page="100\u2013110", doi="10.1038/s41586-023-00001-x"),
        Entry(type="report", key="who2020", title="Global report on <b>infection</b> prevention",
              author=(Person(literal="World Health Organization"),), issued=PartialDate(2020),
              publisher="WHO", publisher_place="Geneva", number="WHO/2020.1",
              url="https://example.org/report?id=1&lang=en#p_2~x%20y"),
        Entry(type="book", key="knuth1984", title="The TeXbook",
              author=(Person(family="Knuth", given="Donald E."),), issued=PartialDate(1984),
              publisher="Addison-Wesley", publisher_place="Reading, MA", isbn="0-201-13447-0"),
        Entry(type="article", key="leftover2024",
              title=r"Leftover \emph{TeX}: {\"o}ber {GPU}s -- \textbf{fast} \& cheap",
              author=(Person(family="M{\\\"u}ller", given="J{\\\"o}rg", suffix="Jr."),),
              issued=PartialDate(2024, 5), arxiv_id="2405.00001", arxiv_version=2,
              url="https://arxiv.org/abs/2405.00001"),
        Entry(type="article", key="markdown2022",
              title="Why *stars*, _underscores_, [brackets] and <tags> need escaping #1",
              author=_people("Smith, Jane", "O'Neil, Pat"), issued=PartialDate(2022, 1, 15),
              arxiv_id="2201.00002", url="https://arxiv.org/abs/2201.00002"),
    ]


@pytest.fixture(scope="session")
def seed() -> list[Entry]:
    return seed_entries()


@pytest.fixture(scope="session")
def tricky() -> list[Entry]:
    return tricky_entries()


@pytest.fixture(scope="session")
def golden():
    """``golden(name, text)``: compare with tests/render/golden/NAME, or rewrite it when
    ``REFKIT_UPDATE_GOLDEN=1``."""

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if os.environ.get("REFKIT_UPDATE_GOLDEN") == "1":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        assert path.exists(), f"{path} missing: run with REFKIT_UPDATE_GOLDEN=1 and review it"
        assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"

    return check


_RAW_TYPES = {"article": "article-journal", "inproceedings": "paper-conference", "conference": "paper-conference",
              "incollection": "chapter", "inbook": "chapter", "book": "book", "mvbook": "book",
              "collection": "book", "techreport": "report", "report": "report", "phdthesis": "thesis",
              "mastersthesis": "thesis", "thesis": "thesis", "online": "webpage", "manual": "book"}


def raw_tex_entries(path: Path) -> list[Entry]:
    """Entries whose fields hold the file's TeX *undecoded* (braces, accents, \\emph, math, ``--``):
    the worst input a renderer can meet, independent of how well an importer decodes."""
    import pybtex.database
    import pybtex.errors

    pybtex.errors.set_strict_mode(False)
    with pybtex.errors.capture():  # duplicate fields (tugboat) are kept; their warnings are not printed
        data = pybtex.database.parse_file(str(path))
    entries = []
    for key, bib in data.entries.items():
        f = {k.lower(): v for k, v in bib.fields.items()}
        year = f.get("year", f.get("date", ""))[:4]
        people = {role: tuple(Person(family=" ".join(p.last_names), given=" ".join(p.first_names + p.middle_names),
                                     particle=" ".join(p.prelast_names), suffix=" ".join(p.lineage_names))
                              for p in bib.persons.get(role, ()))
                  for role in ("author", "editor")}
        entries.append(Entry(
            type=_RAW_TYPES.get(bib.type.lower(), "document"), key=key, title=f.get("title", ""),
            author=people["author"], editor=people["editor"],
            issued=PartialDate(int(year)) if year.isdigit() else None,
            container_title=f.get("journal", f.get("journaltitle", f.get("booktitle", ""))),
            collection_title=f.get("series", ""), volume=f.get("volume", ""), issue=f.get("number", ""),
            page=f.get("pages", ""), edition=f.get("edition", ""), publisher=f.get("publisher", ""),
            publisher_place=f.get("address", f.get("location", "")), note=f.get("note", ""),
            doi=f.get("doi", ""), url=f.get("url", ""),
        ))
    return entries


@pytest.fixture(scope="session")
def raw_tex(shared):
    """``raw_tex(name)``: the undecoded entries of corpora/NAME (cached per session)."""
    cache: dict[str, list[Entry]] = {}

    def load(name: str) -> list[Entry]:
        if name not in cache:
            cache[name] = raw_tex_entries(shared / "corpora" / name)
        return cache[name]

    return load
