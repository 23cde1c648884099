"""RIS writer: one record per entry, CRLF line ends as the RIS specification and Zotero's exporter use."""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..mapping.ris import to_ris
from ..model import Annotations, Entry

__all__ = ["RisExporter", "dumps", "exporter"]

EOL = "\r\n"


def _line(tag: str, value: str) -> str:
    # a value's own line breaks become continuation lines (multi-line notes and abstracts)
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return EOL.join([f"{tag}  - {lines[0]}", *lines[1:]])


def dumps(entries: Iterable[Entry], annotations: Mapping[str, Annotations] | None = None) -> str:
    annotations = annotations or {}
    records = []
    for entry in entries:
        lines = [_line(tag, value) for tag, value in to_ris(entry, annotations.get(entry.key))]
        records.append(EOL.join(lines) + EOL + "ER  - " + EOL)
    return EOL.join(records)


class RisExporter:
    name = "ris"
    suffix = ".ris"

    @staticmethod
    def dumps(entries: Iterable[Entry], annotations: Mapping[str, Annotations] | None = None) -> str:
        return dumps(entries, annotations)


exporter = RisExporter()
