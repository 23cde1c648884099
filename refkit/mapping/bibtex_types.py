"""Entry types: BibTeX/BibLaTeX type <-> CSL type, and the type a writer chooses per dialect."""
from __future__ import annotations

BIB_TO_CSL: dict[str, str] = {
    "article": "article-journal", "book": "book", "mvbook": "book", "bookinbook": "chapter",
    "booklet": "pamphlet", "inbook": "chapter", "incollection": "chapter", "suppbook": "chapter",
    "suppcollection": "chapter", "inproceedings": "paper-conference", "conference": "paper-conference",
    "proceedings": "book", "mvproceedings": "book", "collection": "book", "mvcollection": "book",
    "reference": "book", "mvreference": "book", "inreference": "entry-encyclopedia",
    "manual": "report", "techreport": "report", "report": "report", "phdthesis": "thesis",
    "mastersthesis": "thesis", "thesis": "thesis", "misc": "document", "online": "webpage",
    "electronic": "webpage", "www": "webpage", "unpublished": "manuscript", "patent": "patent",
    "periodical": "periodical", "suppperiodical": "article-journal", "dataset": "dataset",
    "software": "software", "standard": "standard", "review": "review", "letter": "personal_communication",
    "legislation": "legislation", "jurisdiction": "legal_case", "legal": "legal_case", "audio": "song",
    "music": "song", "video": "motion_picture", "movie": "motion_picture", "image": "graphic",
    "artwork": "graphic", "performance": "performance", "preprint": "article", "set": "document",
    "xdata": "document",
}

# CSL type -> (bibtex dialect type, biblatex dialect type)
CSL_TO_BIB: dict[str, tuple[str, str]] = {
    "article": ("misc", "misc"), "article-journal": ("article", "article"),
    "article-magazine": ("article", "article"), "article-newspaper": ("article", "article"),
    "paper-conference": ("inproceedings", "inproceedings"), "book": ("book", "book"),
    "chapter": ("incollection", "incollection"), "entry-encyclopedia": ("incollection", "inreference"),
    "entry-dictionary": ("incollection", "inreference"), "entry": ("incollection", "inreference"),
    "report": ("techreport", "report"), "thesis": ("phdthesis", "thesis"), "webpage": ("misc", "online"),
    "post": ("misc", "online"), "post-weblog": ("misc", "online"), "manuscript": ("unpublished", "unpublished"),
    "patent": ("misc", "patent"), "dataset": ("misc", "dataset"), "software": ("misc", "software"),
    "pamphlet": ("booklet", "booklet"), "periodical": ("misc", "periodical"), "standard": ("misc", "standard"),
    "review": ("article", "review"), "review-book": ("article", "review"), "collection": ("book", "collection"),
    "legislation": ("misc", "legislation"), "legal_case": ("misc", "jurisdiction"),
    "song": ("misc", "audio"), "motion_picture": ("misc", "video"), "graphic": ("misc", "image"),
    "performance": ("misc", "performance"),
}

# types a BibTeX (8-bit bibtex + .bst) file should not carry: the portable equivalent
BIBLATEX_ONLY: dict[str, str] = {
    "online": "misc", "electronic": "misc", "www": "misc", "thesis": "phdthesis", "report": "techreport",
    "mvbook": "book", "collection": "book", "mvcollection": "book", "mvproceedings": "proceedings",
    "bookinbook": "inbook", "suppbook": "incollection", "suppcollection": "incollection",
    "reference": "book", "mvreference": "book", "inreference": "incollection", "preprint": "misc",
}
# BibTeX types biblatex spells differently
BIBTEX_ONLY: dict[str, str] = {
    "phdthesis": "thesis", "mastersthesis": "thesis", "techreport": "report", "conference": "inproceedings",
    "electronic": "online", "www": "online", "preprint": "online",
}
# genre (biblatex `type`) implied by a BibTeX-only type when it becomes biblatex's generic one
IMPLIED_GENRE = {"phdthesis": "phdthesis", "mastersthesis": "mathesis", "techreport": "techreport"}

CONTAINER_BOOK_TYPES = frozenset({
    "inproceedings", "conference", "incollection", "inbook", "bookinbook", "suppbook", "suppcollection",
    "inreference",
})


def csl_type(bib_type: str) -> str:
    return BIB_TO_CSL.get(bib_type, "document")


def bib_type(csl: str, genre: str, dialect: str) -> str:
    bibtex, biblatex = CSL_TO_BIB.get(csl, ("misc", "misc"))
    if dialect == "bibtex" and csl == "thesis" and "master" in genre.lower():
        return "mastersthesis"
    return biblatex if dialect == "biblatex" else bibtex


def for_dialect(bib_type_name: str, dialect: str) -> str:
    if dialect == "bibtex":
        return BIBLATEX_ONLY.get(bib_type_name, bib_type_name)
    return BIBTEX_ONLY.get(bib_type_name, bib_type_name)
