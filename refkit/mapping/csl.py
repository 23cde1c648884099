"""Entry <-> CSL-JSON item, as pure functions: ``to_csl(entry) -> dict``, ``from_csl(dict) -> Entry``.

refkit-only data travels in the item's ``custom`` object (CSL's place for key-value data):
``custom.arxiv`` (id, version, primary_category, categories), ``custom.bibtex`` (BibTeX fields
without a CSL slot, as ``[name, TeX value]`` pairs in order), ``custom.listing``,
``custom.authors_truncated`` and ``custom.refkit_derived`` (CSL variables filled in only for
styles: ``publisher: "arXiv"``, ``number: "arXiv:ID"`` and the abs ``URL`` of a preprint, which
``from_csl`` leaves out again).
CSL variables refkit has no slot for come back as ``extra`` items named ``csl:<variable>``.
"""
from __future__ import annotations

import json
from typing import Any

from ..ids import abs_url, normalize_doi
from ..model import Entry, PartialDate, Person

__all__ = ["from_csl", "item_id", "to_csl"]

# Entry slot -> CSL variable, for plain text variables
_TEXT = (
    ("title", "title"), ("container_title", "container-title"), ("collection_title", "collection-title"),
    ("volume", "volume"), ("issue", "issue"), ("number", "number"), ("page", "page"), ("edition", "edition"),
    ("publisher", "publisher"), ("publisher_place", "publisher-place"), ("event_title", "event-title"),
    ("genre", "genre"), ("doi", "DOI"), ("isbn", "ISBN"), ("issn", "ISSN"), ("url", "URL"),
    ("abstract", "abstract"), ("note", "note"), ("language", "language"),
)
_KNOWN = {csl for _, csl in _TEXT} | {"id", "type", "author", "editor", "issued", "keyword", "custom"}


def _name_to_csl(person: Person) -> dict[str, str]:
    if person.literal:
        return {"literal": person.literal}
    out = {}
    if person.family:
        out["family"] = person.family
    if person.given:
        out["given"] = person.given
    if person.particle:
        out["non-dropping-particle"] = person.particle
    if person.suffix:
        out["suffix"] = person.suffix
    return out


def _name_from_csl(data: Any) -> Person | None:
    if isinstance(data, str):
        return Person(literal=data) if data.strip() else None
    if not isinstance(data, dict):
        return None
    if data.get("literal"):
        return Person(literal=str(data["literal"]))
    particle = " ".join(str(data[k]) for k in ("dropping-particle", "non-dropping-particle") if data.get(k))
    person = Person(family=str(data.get("family", "")), given=str(data.get("given", "")), particle=particle,
                    suffix=str(data.get("suffix", "")))
    return person if person != Person() else None


def _date_to_csl(date: PartialDate) -> dict:
    parts = [date.year] + ([date.month] if date.month else []) + ([date.day] if date.day else [])
    return {"date-parts": [parts]}


def _date_from_csl(data: Any) -> PartialDate | None:
    if isinstance(data, str):
        return PartialDate.parse_iso(data)
    if not isinstance(data, dict):
        return None
    parts = data.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        try:
            numbers = [int(p) for p in parts[0][:3]]
            return PartialDate(*numbers)
        except (TypeError, ValueError):
            return None
    for key in ("raw", "literal"):
        if isinstance(data.get(key), str):
            return PartialDate.parse_iso(data[key])
    return None


def to_csl(entry: Entry) -> dict:
    """A CSL-JSON item (valid against csl-data.json) for ``entry``."""
    item: dict[str, Any] = {"id": entry.key, "type": entry.type}
    if entry.author:
        item["author"] = [_name_to_csl(p) for p in entry.author]
    if entry.editor:
        item["editor"] = [_name_to_csl(p) for p in entry.editor]
    if entry.issued is not None:
        item["issued"] = _date_to_csl(entry.issued)
    for slot, var in _TEXT:
        value = getattr(entry, slot)
        if value:
            item[var] = value
    if entry.keywords:
        item["keyword"] = ", ".join(entry.keywords)
    custom: dict[str, Any] = {}
    if entry.arxiv_id:
        arxiv: dict[str, Any] = {"id": entry.arxiv_id}
        if entry.arxiv_version is not None:
            arxiv["version"] = entry.arxiv_version
        if entry.primary_category:
            arxiv["primary_category"] = entry.primary_category
        if entry.categories:
            arxiv["categories"] = list(entry.categories)
        custom["arxiv"] = arxiv
        if entry.type == "article":  # a preprint: what APA and others print for it
            derived = []
            if not entry.publisher:
                item["publisher"] = "arXiv"
                derived.append("publisher")
            if not entry.number:
                item["number"] = f"arXiv:{entry.arxiv_id}"
                derived.append("number")
            if not entry.url:
                item["URL"] = abs_url(entry.arxiv_id)
                derived.append("URL")
            if derived:
                custom["refkit_derived"] = derived
    elif entry.primary_category or entry.categories or entry.arxiv_version is not None:
        custom["arxiv"] = {k: v for k, v in (("version", entry.arxiv_version),
                                              ("primary_category", entry.primary_category),
                                              ("categories", list(entry.categories))) if v not in (None, "", [])}
    if entry.authors_truncated:
        custom["authors_truncated"] = True
    bibtex = [[name, value] for name, value in entry.extra if not name.startswith("csl:")]
    if bibtex:
        custom["bibtex"] = bibtex
    if entry.listing:
        custom["listing"] = [[name, value] for name, value in entry.listing]
    for name, value in entry.extra:
        if name.startswith("csl:"):
            var = name[4:]
            if var == "custom":
                custom = {**json.loads(value), **custom}
            elif var not in item:
                item[var] = json.loads(value)
    if custom:
        item["custom"] = custom
    return item


def csl_text(value: Any) -> str:
    """A CSL string-or-number value as text: ``5`` and ``5.0`` are ``"5"``, never a Python repr."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, str) else str(value)


def item_id(item: dict) -> str:
    """The item's ``id`` as text (``""`` when it has none of a type CSL allows)."""
    value = item.get("id")
    return csl_text(value) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""


def from_csl(item: dict) -> Entry:
    """An Entry from a CSL-JSON item; unknown variables are kept as ``csl:<name>`` extras."""
    custom = item.get("custom") if isinstance(item.get("custom"), dict) else {}
    derived = set(custom.get("refkit_derived", ()))
    data: dict[str, Any] = {"key": item_id(item), "type": str(item.get("type") or "document")}
    for slot, var in _TEXT:
        value = item.get(var)
        if value is not None and value != "" and var not in derived:
            data[slot] = csl_text(value)
    if data.get("doi"):
        data["doi"] = normalize_doi(data["doi"]) or data["doi"]
    for role in ("author", "editor"):
        if isinstance(item.get(role), list):
            data[role] = tuple(p for p in (_name_from_csl(n) for n in item[role]) if p is not None)
    csl_extra: list[tuple[str, str]] = []  # after the BibTeX ones: the order to_csl reads them back in
    if "issued" in item:
        data["issued"] = _date_from_csl(item["issued"])
        if data["issued"] is None:
            csl_extra.append(("csl:issued", json.dumps(item["issued"], ensure_ascii=False)))
    if isinstance(item.get("keyword"), str):
        data["keywords"] = tuple(k.strip() for k in item["keyword"].split(",") if k.strip())
    _arxiv_from_csl(custom, data)
    if custom.get("authors_truncated"):
        data["authors_truncated"] = True
    extra = [(str(n), str(v)) for n, v in custom.get("bibtex", ())]
    if custom.get("listing"):
        data["listing"] = tuple((str(n), str(v)) for n, v in custom["listing"])
    rest = {k: v for k, v in custom.items()
            if k not in ("arxiv", "bibtex", "listing", "authors_truncated", "refkit_derived")}
    for name, value in item.items():
        if name not in _KNOWN:
            csl_extra.append((f"csl:{name}", json.dumps(value, ensure_ascii=False)))
    if rest:
        csl_extra.append(("csl:custom", json.dumps(rest, ensure_ascii=False)))
    extra.extend(csl_extra)
    return Entry(**data, extra=tuple(extra))


def _arxiv_from_csl(custom: dict, data: dict) -> None:
    """arXiv data refkit wrote itself; ids inside URLs or DOIs are found by ``refkit.normalize``."""
    arxiv = custom.get("arxiv") if isinstance(custom.get("arxiv"), dict) else None
    if arxiv is None:
        return
    if arxiv.get("id"):
        data["arxiv_id"] = str(arxiv["id"])
    if arxiv.get("version") is not None:
        data["arxiv_version"] = int(arxiv["version"])
    if arxiv.get("primary_category"):
        data["primary_category"] = str(arxiv["primary_category"])
    if arxiv.get("categories"):
        data["categories"] = tuple(str(c) for c in arxiv["categories"])
