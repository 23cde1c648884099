"""Markdown reading lists (awesome-lists, notes): registered as ``markdown``.

One list item (bullet, number, checkbox) is one paper. The title is the first link's text, a
bold/italic/quoted lead, or the text before a remark such as ``— Vaswani et al., 2017`` or
``(NeurIPS 2020)``; a remark is only split off when it carries a year, "et al.", a link or a
parenthesis, so a title with a dash in it stays whole. Links give arXiv ids and DOIs; links
labelled code/github/project become ``code_urls``. The nearest heading above an item is kept as
a ``("heading", text)`` listing pair that ``refkit add`` can offer as a tag.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..diagnostics import WARNING, Diagnostic, ReadResult
from ..model import Entry, PartialDate, Person, Source
from . import identifiers
from .person_names import looks_like_name, parse_people

__all__ = ["Item", "MarkdownImporter", "detect", "importer", "parse", "parse_item"]

NAME = "markdown"
_MAX_TITLE = 400

_ITEM = re.compile(r"^(?P<indent>\s*)(?:[-*+•]|\d{1,4}[.)])\s+(?:\[[ xX]\]\s+)?(?P<body>.*)$")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_LINK = re.compile(r"(?<!!)\[(?P<label>(?:[^\[\]]|\[[^\[\]]*\])*)\]"
                   r"\(\s*<?(?P<url>[^()\s<>]*(?:\([^()\s]*\)[^()\s<>]*)*)>?"
                   r"(?:\s+[\"'][^\"']*[\"'])?\s*\)")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_AUTOLINK = re.compile(r"<((?:https?://|www\.)[^>\s]+)>")
_EMPHASIS = re.compile(r"^(\*\*|__|\*|_)(?P<inner>\S(?:.*?\S)?)\1(?![*_\w])")
_QUOTED = re.compile(r"^[\"“](?P<inner>[^\"”]+)[\"”]")
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")
_PAREN = re.compile(r"\(([^()]*)\)")
_SEPARATOR = re.compile(r"\s+[—–|]\s+|\s+-{1,2}\s+|(?<=[a-z?!)])\.\s+(?=[A-Z])"
                        r"|,?\s+(?=(?:[A-Z][\w.'-]*\s+){0,2}[A-Z][\w'-]*,?\s+et\.?\s*al\b)")
_ETAL = re.compile(r"\bet\.?\s*al\b", re.IGNORECASE)
_CODE_LABELS = {"code", "github", "project", "project page", "website", "demo", "repo", "official code",
                "pytorch", "tensorflow", "jax", "model", "models", "weights", "dataset", "data", "blog"}
_PAPER_LABELS = {"pdf", "paper", "arxiv", "abs", "html", "link", "doi", "openreview", "acl", "url",
                 "preprint"}
_MARKUP = re.compile(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`")


@dataclass
class Item:
    """What one list item says, before it becomes an Entry."""

    title: str = ""
    url: str = ""
    ids: list[identifiers.Found] = field(default_factory=list)
    author: list[Person] = field(default_factory=list)
    truncated: bool = False
    year: int | None = None
    venue: str = ""
    code_urls: list[str] = field(default_factory=list)
    remark: str = ""


def _plain(text: str) -> str:
    """Markdown inline markup -> text: links become their label, emphasis and code marks go."""
    text = _LINK.sub(lambda m: m["label"], _IMAGE.sub("", text))
    return " ".join(_MARKUP.sub("", text).split())


@lru_cache(maxsize=4096)  # called several times per link; labels repeat ("code", "pdf")
def _label_kind(label: str) -> str:
    word = _plain(label).strip(" []:").lower()
    if word in _CODE_LABELS or "github" in word or "code" == word.split(" ")[0]:
        return "code"
    if word in _PAPER_LABELS or identifiers.find_identifiers(word)[0]:
        return "paper"
    return "title"


def _take_link(item: Item, label: str, url: str) -> None:
    found, _ = identifiers.find_identifiers(url)
    known = [f for f in found if not f.unknown_url]
    if _label_kind(label) == "code":
        item.code_urls.append(url)
    elif known:
        item.ids.extend(f for f in known if all(f.ident != g.ident for g in item.ids))
    elif not item.url:
        item.url = url


def _split_lead(body: str) -> tuple[str, str, bool]:
    """(title, remainder, delimited): the title and what follows it."""
    wrapped = _EMPHASIS.match(body) or _QUOTED.match(body)
    link = _LINK.match(body)
    if wrapped:
        lead, rest = wrapped["inner"], body[wrapped.end():]
    elif link and _label_kind(link["label"]) == "title":
        lead, rest = body[:link.end()], body[link.end():]
    else:
        return _split_plain(body)
    if rest.lstrip().startswith(":"):  # "**BEiT v2**: Masked Image Modeling" -- a subtitle follows
        more, rest, _ = _split_plain(rest)
        return lead + more, rest, False
    return lead, rest, True


def _split_plain(body: str) -> tuple[str, str, bool]:
    for match in _SEPARATOR.finditer(body, 0, _MAX_TITLE):  # a title ends within its first 400 characters
        if _is_remark(body[match.end():match.end() + 2000]):
            return body[:match.start()], body[match.start():], False
    paren = re.search(r"\s\(([^()]*)\)\s*\.?$", body)
    if paren and _YEAR.search(paren[1]):
        return body[:paren.start()], body[paren.start():], False
    return body, "", False


def _is_remark(text: str) -> bool:
    return bool(_YEAR.search(text) or _ETAL.search(text) or _LINK.search(text) or "://" in text
                or identifiers.find_identifiers(text)[0])


def parse_item(body: str) -> Item:
    """Read one list item's text (without the bullet)."""
    item = Item()
    lead, rest, delimited = _split_lead(body.strip())
    for link in _LINK.finditer(lead):
        kind = _label_kind(link["label"])
        _take_link(item, "" if kind == "title" else link["label"], link["url"])
    lead = _LINK.sub(lambda m: m["label"] if _label_kind(m["label"]) == "title" else " ", lead)
    found, leftover = identifiers.find_identifiers(_plain(lead))
    for f in found:  # "Title, arXiv:2307.02486" or an item that is only a link
        _take_link(item, "", f.url or f.unknown_url) if (f.url or f.unknown_url) else item.ids.append(f)
    title = leftover.strip(" \t:;,-–—[]()<>")
    item.title = title if len(title) >= 3 or title.isalnum() and title else ""
    for link in _LINK.finditer(rest):
        _take_link(item, link["label"], link["url"])
    rest = _LINK.sub(" ", rest)
    for match in _AUTOLINK.finditer(rest):
        _take_link(item, "", match[1])
    found, rest = identifiers.find_identifiers(_AUTOLINK.sub(" ", rest))
    for f in found:
        _take_link(item, "", f.url or f.unknown_url) if (f.url or f.unknown_url) else item.ids.append(f)
    _read_remark(item, _plain(rest), delimited)
    return item


def _read_remark(item: Item, text: str, delimited: bool) -> None:
    """Years, venues and authors from what follows the title; the rest is kept as a remark."""
    leftovers: list[str] = []
    for paren in _PAREN.findall(text):
        _read_piece(item, paren.strip(), leftovers, allow_names=False)
    text = _PAREN.sub(" ", text)
    pieces = re.split(r"\s*[,;]\s*|\s+[—–|]\s+|\s+-{1,2}\s+|(?<=[a-z])\.\s+", text)
    names_ok = delimited or bool(_YEAR.search(text) or _ETAL.search(text))
    for piece in pieces:
        _read_piece(item, piece.strip(" .:—–-[]"), leftovers, allow_names=names_ok)
    item.remark = "; ".join(leftovers)


def _read_piece(item: Item, piece: str, leftovers: list[str], allow_names: bool) -> None:
    if not piece:
        return
    year = _YEAR.search(piece)
    if year and piece == year.group():
        item.year = item.year or int(year.group())
        return
    if allow_names and not item.author and _looks_like_people(piece):
        people, truncated = parse_people(piece)
        item.author, item.truncated = list(people), truncated
        return
    if allow_names and item.author and not item.truncated and " " in piece and looks_like_name(piece):
        people, truncated = parse_people(piece)  # the next name of a comma-separated author list
        item.author.extend(people)
        item.truncated = truncated
        return
    if year and re.search(r"[A-Za-z]", piece) and not item.venue:
        item.year = item.year or int(year.group())
        item.venue = " ".join(_YEAR.sub(" ", piece).split()).strip(" ,'’")
        return
    leftovers.append(piece)


def _looks_like_people(piece: str) -> bool:
    names = _ETAL.split(piece)[0].strip(" ,.")
    parts = [p for p in re.split(r",\s*|\s+(?:and|&)\s+", names) if p]
    if not parts or not all(looks_like_name(p) for p in parts):
        return False
    return bool(_ETAL.search(piece)) or all(len(p.split()) >= 2 for p in parts)


def to_entry(item: Item, source: Source, heading: str) -> Entry:
    arxiv = next((f.arxiv for f in item.ids if f.arxiv), None)
    doi = next((f.doi for f in item.ids if f.doi), "")
    url = item.url or next((f.url for f in item.ids if f.url), "")
    listing = [("heading", heading), ("venue", item.venue), ("code_urls", " ".join(item.code_urls)),
               ("remark", item.remark)]
    return Entry(
        type="article" if arxiv else "document",  # unknown kind of work until enrichment
        title=item.title, author=tuple(item.author), authors_truncated=item.truncated,
        issued=PartialDate(item.year) if item.year else None,
        arxiv_id=arxiv.id if arxiv else "", arxiv_version=arxiv.version if arxiv else None,
        doi=doi, url=url, listing=tuple((k, v) for k, v in listing if v), source=source)


_REF_DEF = re.compile(r"^\s{0,3}\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s+[\"'(].*)?\s*$")
_REF_USE = re.compile(r"(?<!!)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\s?\[([^\]]*)\]")


def _reference_links(text: str) -> dict[str, str]:
    """``[1]: https://...`` definitions (reference-style links), by lower-case label."""
    refs: dict[str, str] = {}
    for line in text.splitlines():
        match = _REF_DEF.match(line) if len(line) < 2000 else None
        if match:
            refs.setdefault(match[1].strip().lower(), match[2])
    return refs


def _inline_refs(body: str, refs: dict[str, str]) -> str:
    """``[Title][1]`` / ``[Title][]`` -> ``[Title](url)`` so the item reads like an inline link."""
    def inline(match: re.Match) -> str:
        url = refs.get((match[2] or match[1]).strip().lower())
        return f"[{match[1]}]({url})" if url else match[1]  # a dangling reference: keep its text
    return _REF_USE.sub(inline, body) if refs and "][" in body.replace("] [", "][") else body


def parse(text: str, file: str = "<stdin>") -> ReadResult:
    result = ReadResult(reader=NAME)
    refs = _reference_links(text)
    headings: dict[int, str] = {}
    in_fence, in_table, parent_indent = False, False, -1
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if _FENCE.match(line):
            if not in_fence:
                result.diagnostics.append(Diagnostic(
                    "code-block-skipped", "code block not read as list items", file, number,
                    severity=WARNING))
            in_fence = not in_fence
            continue
        table_row = stripped.startswith("|")
        if table_row and not in_table:
            result.diagnostics.append(Diagnostic(
                "table-skipped", "Markdown table not read (one paper per list item, please)",
                file, number, severity=WARNING))
        in_table = table_row
        if in_fence or table_row or _skippable(stripped) or _REF_DEF.match(line):
            continue
        if len(line) > identifiers.MAX_LINE:
            result.diagnostics.append(Diagnostic(
                "line-too-long", f"line of {len(line):,} characters skipped", file, number))
            continue
        heading = _HEADING.match(line)
        if heading:
            level = len(heading[1])
            headings = {k: v for k, v in headings.items() if k < level}
            headings[level] = _plain(heading[2])
            parent_indent = -1
            continue
        match = _ITEM.match(line)
        if match:
            indent, body = len(match["indent"].expandtabs(4)), match["body"]
        elif _LINK.match(stripped):
            indent, body = 0, stripped  # a paragraph that is just a link line reads like an item
        elif line[:1].isspace() and parent_indent >= 0:
            continue  # the description under an item
        else:
            result.diagnostics.append(Diagnostic(
                "skipped-line", f"not a list item: {stripped[:60]!r}", file, number, severity=WARNING))
            continue
        item = parse_item(_inline_refs(body, refs))
        if indent > parent_indent >= 0 and not item.title and result.entries:
            _attach(result, item)  # "  - [code](...)" under the paper it belongs to
            continue
        if not item.title and not item.ids:
            why = f"link names no arXiv paper or DOI: {item.url[:60]}" if item.url else \
                f"no title, arXiv id or DOI in {stripped[:60]!r}"
            result.diagnostics.append(Diagnostic("unreadable-line", why, file, number))
            continue
        parent_indent = indent
        heading_text = headings[max(headings)] if headings else ""
        result.entries.append(to_entry(item, Source(file, number, NAME), heading_text))
    if not result.entries and not result.diagnostics:
        result.diagnostics.append(Diagnostic("no-entries", "no list items found", file))
    return result


def _skippable(stripped: str) -> bool:
    """Blank lines, rules, quotes, HTML and badge/image lines say nothing about papers."""
    return (not stripped or set(stripped) <= set("-*_= ") or stripped.startswith((">", "<", "[!["))
            or (stripped.startswith("![") and not _LINK.search(_IMAGE.sub("", stripped))))


def _attach(result: ReadResult, item: Item) -> None:
    parent = result.entries[-1]
    changes: dict = {}
    arxiv = next((f.arxiv for f in item.ids if f.arxiv), None)
    if arxiv and not parent.arxiv_id:
        changes.update(arxiv_id=arxiv.id, arxiv_version=arxiv.version, type="article")
    doi = next((f.doi for f in item.ids if f.doi), "")
    if doi and not parent.doi:
        changes["doi"] = doi
    if item.code_urls:
        urls = " ".join(filter(None, [parent.listing_value("code_urls"), *item.code_urls]))
        kept = tuple((k, v) for k, v in parent.listing if k != "code_urls")
        changes["listing"] = (*kept, ("code_urls", urls))
    url = item.url or next((f.url for f in item.ids if f.url), "")
    if url and not parent.url:
        changes["url"] = url
    if changes:
        result.entries[-1] = parent.replace(**changes)


def detect(text: str) -> float:
    """Sure when list items and headings make up the file; unsure for a bare bullet list."""
    lines = [line for line in text.splitlines()[:1000] if line.strip() and len(line) < 5000]
    if not lines:
        return 0.0
    items = sum(1 for line in lines if _ITEM.match(line))
    heads = sum(1 for line in lines if _HEADING.match(line))
    links = sum(1 for line in lines if _LINK.search(line))
    if not items and not links:
        return 0.0
    ratio = min(1.0, (items + heads + links) / len(lines))
    if ratio < 0.5:  # a few bullets in a plain list do not make it Markdown
        return round(0.6 * ratio, 3)
    score = 0.55 + 0.3 * ratio + (0.06 if heads and items else 0.0) + (0.05 if links else 0.0)
    return round(min(0.96, score), 3)


class MarkdownImporter:
    name = NAME
    suffixes = (".md", ".markdown")
    detect = staticmethod(detect)
    parse = staticmethod(parse)


importer = MarkdownImporter()
