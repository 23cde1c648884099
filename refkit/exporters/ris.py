"""RIS writer: one record per entry, CRLF line ends as the RIS specification and Zotero's exporter use."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from ..mapping.ris import to_ris
from ..model import Annotations, Entry

__all__ = ["RisExporter", "dumps", "exporter"]

EOL = "\r\n"


# every line break str.splitlines() knows (readers split on them too)
_BREAK = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_TAG_LIKE = re.compile(r"[A-Z][A-Z0-9] {1,2}-")
# other control characters carry no text, and a NUL makes the file look binary to every reader
_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f]")


def _line(tag: str, value: str) -> str:
    # a value's own line breaks become continuation lines (multi-line notes and abstracts); one that
    # looks like a tag is indented, or "ER  - " inside a title would end the record there
    lines = _BREAK.split(_CONTROL.sub("", value))
    rest = [" " + line if _TAG_LIKE.match(line) else line for line in lines[1:]]
    return EOL.join([f"{tag}  - {lines[0]}", *rest])


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
