"""The one canonical record every format converts through.

Vocabulary follows CSL-JSON in snake_case (``container_title``, ``issued``).
Absent text is ``""``; ``None`` only for structured values (dates, versions).
Library data (tags, projects, status, notes) is *not* here: see ``Annotations``.

Text fields hold Unicode (LaTeX decoded) with the small rich-text vocabulary CSL processors
understand, so BibTeX and CSL-JSON both map onto it without loss:
``<i>…</i>``, ``<b>…</b>``, ``<sup>…</sup>``, ``<sub>…</sub>``, ``<span class="nocase">…</span>``
(BibTeX case protection such as ``{BERT}``), and math kept verbatim between ``$…$``.
A literal ``<``, ``>`` or ``&`` stays as it is unless it starts one of those tags.
"""
from __future__ import annotations

import calendar
import dataclasses
import re
from dataclasses import dataclass, field

__all__ = ["FIELD_NAMES", "Annotations", "Entry", "PartialDate", "Person", "Source"]


@dataclass(frozen=True, slots=True)
class Person:
    """A name split the BibTeX way; ``literal`` alone for institutions."""

    family: str = ""
    given: str = ""
    particle: str = ""  # "von", "van der", "de"
    suffix: str = ""  # "Jr.", "III"
    literal: str = ""  # "{World Health Organization}" -> "World Health Organization"

    @property
    def is_literal(self) -> bool:
        return bool(self.literal)

    def display(self) -> str:
        """``Given particle Family, Suffix`` -- for messages, not for styles."""
        if self.literal:
            return self.literal
        parts = [p for p in (self.given, self.particle, self.family) if p]
        text = " ".join(parts)
        return f"{text}, {self.suffix}" if self.suffix else text


_ISO_DATE = re.compile(r"^(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A year, a year and month, or a full date."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        problem = _impossible(self.year, self.month, self.day)
        if problem:
            raise ValueError(problem)

    def iso(self) -> str:
        """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
        text = f"{self.year:04d}" if self.year >= 0 else f"-{-self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text

    def __str__(self) -> str:
        return self.iso()

    @classmethod
    def parse_iso(cls, text: str) -> PartialDate | None:
        """Read ``2023``, ``2023-07`` or ``2023-07-11`` (time part ignored); None if not a date."""
        try:
            return cls.from_iso(text)
        except ValueError:
            return None

    @classmethod
    def from_iso(cls, text: str) -> PartialDate:
        """``parse_iso`` that says why not: ``ValueError("February 2023 has 28 days")``."""
        match = _ISO_DATE.match(text.strip().split("T", 1)[0])
        if not match:
            raise ValueError("not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
        year, month, day = match.groups()
        return cls(int(year), int(month) if month else None, int(day) if day else None)


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")  # not calendar.month_name: that follows the locale


def _impossible(year: int, month: int | None, day: int | None) -> str:
    """Why no calendar has this date ("" when one does); the year may be negative (BCE)."""
    if month is not None and not 1 <= month <= 12:
        return f"there is no month {month}"
    if day is None:
        return ""
    if month is None:
        return "a day needs a month"
    # calendar.monthrange cannot take years before 1; the proleptic leap rule can
    days = 29 if month == 2 and calendar.isleap(year) else calendar.mdays[month]
    if not 1 <= day <= days:
        return f"there is no day {day}" if day < 1 else f"{_MONTHS[month - 1]} {year} has {days} days"
    return ""


@dataclass(frozen=True, slots=True)
class Source:
    """Where a record came from: file (or ``<stdin>``), 1-based line, and the reader that read it."""

    file: str = ""
    line: int = 0
    reader: str = ""

    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(frozen=True, slots=True)
class Entry:
    """One bibliographic record.

    ``type`` is a CSL type (``article-journal``, ``paper-conference``, ``article`` for preprints...).
    ``extra`` keeps source fields refkit has no slot for, in source order, as ``(name, raw value)``
    so a BibTeX round trip loses nothing. Names from BibTeX are lower-case BibTeX field names;
    names from CSL-JSON carry a ``csl:`` prefix and a JSON-encoded value.
    ``listing`` keeps what a reading-list page said that is not bibliographic data proper
    (affiliations, the "Code" flag, code URLs, the listed date), as ``(name, value)`` pairs.
    """

    type: str = "article"
    key: str = ""
    title: str = ""
    author: tuple[Person, ...] = ()
    editor: tuple[Person, ...] = ()
    authors_truncated: bool = False  # "et al." / "and others": enrichment should complete the list
    issued: PartialDate | None = None
    container_title: str = ""
    collection_title: str = ""  # series
    volume: str = ""
    issue: str = ""  # BibTeX "number" of a journal
    number: str = ""  # report / patent / standard number
    page: str = ""
    edition: str = ""
    publisher: str = ""
    publisher_place: str = ""
    event_title: str = ""
    genre: str = ""  # thesis kind, report kind
    doi: str = ""  # normalised, lower-case, no resolver prefix
    isbn: str = ""
    issn: str = ""
    arxiv_id: str = ""  # without version: "2307.05300", "hep-th/9901001"
    arxiv_version: int | None = None
    primary_category: str = ""
    categories: tuple[str, ...] = ()
    url: str = ""
    abstract: str = ""
    keywords: tuple[str, ...] = ()
    note: str = ""
    language: str = ""
    extra: tuple[tuple[str, str], ...] = ()
    listing: tuple[tuple[str, str], ...] = ()
    source: Source | None = field(default=None, compare=False)

    def replace(self, **changes) -> Entry:
        return dataclasses.replace(self, **changes)

    def extra_value(self, name: str) -> str:
        for key, value in self.extra:
            if key == name:
                return value
        return ""

    def listing_value(self, name: str) -> str:
        for key, value in self.listing:
            if key == name:
                return value
        return ""

    @property
    def year(self) -> int | None:
        return self.issued.year if self.issued else None


FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Entry))


@dataclass(frozen=True, slots=True)
class Annotations:
    """Library data about an entry, which exporters such as RIS and Zotero RDF carry along."""

    tags: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    status: str = ""
    notes: tuple[str, ...] = ()
