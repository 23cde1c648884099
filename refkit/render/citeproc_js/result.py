"""What the citeproc-js engine hands back: plain frozen data, strings in citeproc-js's own output
format (``html``, ``text``, ``rtf``...), never parsed or rewritten here."""
from __future__ import annotations

from dataclasses import dataclass, field

# citeproc-js's bibliography_errors codes (CSL.ERROR_NO_RENDERED_FORM)
_ERROR_CODES = {1: "the style renders nothing for this item"}


@dataclass(frozen=True)
class BibliographyParams:
    """The layout citeproc-js asks for (the first half of ``makeBibliography()``)."""

    # citeproc-js 1.4 says `true` for hanging-indent="true" (2, an em count, only with its
    # hanging_indent_legacy_number extension), so a flag here
    hangingindent: bool = False
    maxoffset: int = 0  # longest first field, in characters, for second-field-align
    entryspacing: int = 1
    linespacing: int = 1
    second_field_align: str | None = None  # "flush", "margin" or None
    bibstart: str = ""  # e.g. '<div class="csl-bib-body">\n'
    bibend: str = ""

    @classmethod
    def from_js(cls, params: dict) -> BibliographyParams:
        align = params.get("second-field-align")
        return cls(bool(params.get("hangingindent")), int(params.get("maxoffset") or 0),
                   int(params.get("entryspacing") or 0), int(params.get("linespacing") or 0),
                   align if isinstance(align, str) and align else None,
                   params.get("bibstart") or "", params.get("bibend") or "")


@dataclass(frozen=True)
class BibEntry:
    item_id: str
    text: str  # one formatted entry, e.g. '  <div class="csl-entry">…</div>\n' in html


@dataclass(frozen=True)
class ItemError:
    """An item left out of (or empty in) the bibliography, with citeproc-js's reason."""

    item_id: str
    message: str


@dataclass(frozen=True)
class Rendered:
    """A bibliography: ``entries`` in the style's order; ``text`` is bibstart + entries + bibend."""

    entries: tuple[BibEntry, ...]
    params: BibliographyParams
    errors: tuple[ItemError, ...] = ()
    warnings: tuple[str, ...] = ()  # what citeproc-js printed while rendering
    output: str = "html"

    @property
    def item_ids(self) -> list[str]:
        return [e.item_id for e in self.entries]

    @property
    def text(self) -> str:
        return self.params.bibstart + "".join(e.text for e in self.entries) + self.params.bibend

    @classmethod
    def from_js(cls, bib: dict, warnings, output: str) -> Rendered:
        params = bib["params"]
        # entry_ids[i] lists the ids of entry i: several only when a style collapses items
        entries = tuple(BibEntry(",".join(map(str, ids)), text)
                        for ids, text in zip(params.get("entry_ids", []), bib["entries"]))
        errors = [ItemError(str(f["id"]), f"citeproc-js failed on it: {f['message']}") for f in bib["failed"]]
        errors += [ItemError(str(e.get("itemID")), _ERROR_CODES.get(e.get("error_code"), f"error {e}"))
                   for e in params.get("bibliography_errors", [])]
        return cls(entries, BibliographyParams.from_js(params), tuple(errors), tuple(warnings), output)


@dataclass(frozen=True)
class Document:
    """Citations and the bibliography of a document, from one engine run (consistent 2023a/b)."""

    citations: tuple[str, ...]
    bibliography: Rendered | None  # None when the style has no <bibliography>
    warnings: tuple[str, ...] = field(default=())
