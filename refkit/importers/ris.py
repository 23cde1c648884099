"""RIS reader: lines -> records -> ``Entry`` (the field mapping lives in ``refkit.mapping.ris``).

Reads the way Zotero's RIS translator does: a tag line is ``XX  - value`` (one or two spaces before
the dash), a line that is not a tag line continues the previous value (multi-line notes and
abstracts), ``TY`` opens a record and ``ER`` closes it. Problems come back as ``file:line``
diagnostics; a record is never dropped silently.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..diagnostics import WARNING, Diagnostic, ReadResult
from ..mapping.ris import from_ris

__all__ = ["RisImporter", "RisRecord", "detect", "importer", "parse", "parse_records"]

_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9]) {1,2}-(?: (.*)|\s*)$")


@dataclass
class RisRecord:
    ty: str
    line: int
    fields: list[tuple[str, str, int]] = field(default_factory=list)
    closed: bool = False


def parse_records(text: str, file: str = "") -> tuple[list[RisRecord], list[Diagnostic]]:
    """Split RIS text into records of ``(tag, value, line)``; stray lines become diagnostics."""
    records: list[RisRecord] = []
    diagnostics: list[Diagnostic] = []
    current: RisRecord | None = None
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.rstrip()
        match = _TAG_LINE.match(line)
        if match:
            tag, value = match.group(1), (match.group(2) or "").strip()
            if tag == "TY":
                if current is not None and not current.closed:
                    diagnostics.append(_unclosed(current, file, number))
                current = RisRecord(value.upper(), number)
                records.append(current)
            elif current is None or current.closed:
                diagnostics.append(Diagnostic(
                    "ris-outside-record", f"{tag} line outside a record (no TY line before it); ignored",
                    file, number))
            elif tag == "ER":
                current.closed = True
            else:
                current.fields.append((tag, value, number))
        elif current is not None and not current.closed and current.fields:
            tag, value, where = current.fields[-1]  # continuation of a multi-line value
            current.fields[-1] = (tag, f"{value}\n{line.strip()}", where)
        elif line.strip() and (current is None or current.closed):
            diagnostics.append(Diagnostic(
                "ris-stray-line", f"text outside a record ignored: {line.strip()[:60]!r}",
                file, number, severity=WARNING))
    if current is not None and not current.closed:
        diagnostics.append(_unclosed(current, file, 0))
    return records, diagnostics


def _unclosed(record: RisRecord, file: str, next_line: int) -> Diagnostic:
    until = f"before the next TY at line {next_line}" if next_line else "at the end of the file"
    return Diagnostic("ris-unclosed-record", f"record has no ER line {until}; read anyway",
                      file, record.line, severity=WARNING)


def parse(text: str, file: str = "<stdin>") -> ReadResult:
    records, diagnostics = parse_records(text, file)
    result = ReadResult(diagnostics=diagnostics, reader="ris")
    for record in records:
        entry, problems = from_ris(record.ty, record.fields, file, record.line)
        result.entries.append(entry)
        result.diagnostics.extend(problems)
    if not records and not diagnostics:
        result.diagnostics.append(Diagnostic("empty-input", "no RIS records (no 'TY  - ' line)", file))
    result.diagnostics.sort(key=lambda d: d.line)
    return result


def detect(text: str) -> float:
    """Sure when the first non-blank line is ``TY  - ``; fairly sure when such a line comes early."""
    head = text.lstrip("\ufeff \t\r\n")[:6]
    if re.match(r"TY {1,2}- ", head):
        return 0.95
    return 0.7 if re.search(r"(?m)^TY {1,2}- \w+", text[:4000]) else 0.0


class RisImporter:
    name = "ris"
    suffixes = (".ris",)

    @staticmethod
    def detect(text: str) -> float:
        return detect(text)

    @staticmethod
    def parse(text: str, file: str = "<stdin>") -> ReadResult:
        return parse(text, file)


importer = RisImporter()
