"""CSL-JSON reader: a JSON array of items (or one item, or ``{"items": [...]}``) -> entries."""
from __future__ import annotations

import json

from ..diagnostics import ERROR, WARNING, Diagnostic, ReadResult
from ..mapping.csl import from_csl, item_id
from ..mapping.csl_schema import check_item, drop_nulls, is_csl_variable, kind_of
from ..model import Source
from ..normalize import normalize

__all__ = ["IMPORTER", "CsljsonImporter", "parse_csljson"]


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _item_lines(text: str, count: int) -> list[int]:
    """The line where each top-level array element starts (0s if the text is not a plain array)."""
    lines: list[int] = []
    depth, line, in_string, escape, expect = 0, 1, False, False, False
    for c in text:
        if c == "\n":
            line += 1
        if in_string:
            if escape:
                escape = False
            elif c == "\\":
                escape = True
            elif c == '"':
                in_string = False
            continue
        if depth == 1 and expect and not c.isspace():
            lines.append(line)
            expect = False
        if c == '"':
            in_string = True
        elif c in "[{":
            depth += 1
            expect = depth == 1
        elif c in "]}":
            depth -= 1
        elif c == "," and depth == 1:
            expect = True
    return lines if len(lines) == count else [0] * count


def _items(data: object, file: str) -> tuple[list | None, Diagnostic | None]:
    """The item list of a CSL-JSON document: a list, ``{"items": [...]}`` or one item object."""
    if isinstance(data, dict) and "items" in data and "type" not in data:
        data = data["items"]
    elif isinstance(data, dict):
        if not _looks_like_item(data):
            keys = ", ".join(repr(k) for k in list(data)[:5]) or "none"
            return None, Diagnostic("bad-json", "not CSL-JSON: expected a list of items or one item object "
                                    f"(with type, id or other CSL variables); found an object with keys {keys}",
                                    file, 1)
        data = [data]
    if not isinstance(data, list):
        return None, Diagnostic("bad-json", f"expected a list of CSL items, got {kind_of(data)}", file, 1)
    return data, None


def _looks_like_item(data: dict) -> bool:
    return any(is_csl_variable(k) for k in data)


def parse_csljson(text: str, file: str = "<stdin>") -> ReadResult:
    result = ReadResult(reader="csljson")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        result.diagnostics.append(Diagnostic("bad-json", f"not valid JSON: {exc.msg}", file, exc.lineno))
        return result
    except RecursionError:
        result.diagnostics.append(Diagnostic("bad-json", "JSON nested too deeply to be CSL-JSON", file, 1))
        return result
    except ValueError as exc:  # an integer of more than 4300 digits
        result.diagnostics.append(Diagnostic("bad-json", f"not readable as CSL-JSON: {exc}", file, 1))
        return result
    data, problem = _items(data, file)
    if data is None:
        result.diagnostics.append(problem)
        return result
    has_nulls = "null" in text  # most files have none: no walk through every item then
    lines = _item_lines(text, len(data)) if len(data) < 100_000 else [0] * len(data)
    for index, (item, line) in enumerate(zip(data, lines)):
        if not isinstance(item, dict):
            result.diagnostics.append(Diagnostic("bad-item", f"item {index + 1} is not an object; skipped",
                                                 file, line))
            continue
        item = drop_nulls(item) if has_nulls else item
        if not _looks_like_item(item):
            keys = ", ".join(repr(k) for k in list(item)[:5]) or "none"
            result.diagnostics.append(Diagnostic(
                "bad-item", f"item {index + 1} has no CSL variables (keys: {keys}); skipped", file, line))
            continue
        problems = check_item(item)
        if problems:
            key = f" (key {item_id(item)!r})" if item_id(item) else ""
            result.diagnostics.append(Diagnostic("bad-field-type", f"item {index + 1}{key}: " + "; ".join(problems),
                                                 file, line))
            continue
        if "type" not in item or "id" not in item:
            missing = " and ".join(k for k in ("id", "type") if k not in item)
            result.diagnostics.append(Diagnostic("missing-variable", f"item {index + 1} has no {missing}",
                                                 file, line, str(item.get("id", "")), WARNING))
        try:
            entry = from_csl(item)
        except (TypeError, ValueError, AttributeError) as exc:
            result.diagnostics.append(Diagnostic("bad-item", f"item {index + 1} dropped: {exc}", file, line,
                                                 str(item.get("id", "")), ERROR))
            continue
        result.entries.append(normalize(entry).replace(source=Source(file, line, "csljson")))
    return result


class CsljsonImporter:
    name = "csljson"
    suffixes = (".json", ".csl.json", ".csljson")

    def detect(self, text: str) -> float:
        head = text.lstrip()[:2000]
        if not head.startswith(("[", "{")):
            return 0.0
        return 0.9 if '"type"' in head and ('"title"' in head or '"id"' in head) else 0.3

    def parse(self, text: str, file: str = "<stdin>") -> ReadResult:
        return parse_csljson(text, file)


IMPORTER = CsljsonImporter()
