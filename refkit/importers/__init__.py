"""Readers: bytes on disk -> text -> ``ReadResult``.

Decoding and format detection live here; each format's reader is its own module, registered
as an entry point in the ``refkit.importers`` group.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from .. import plugins
from ..diagnostics import Diagnostic, ReadResult

__all__ = ["decode", "detect_format", "read_source", "read_sources", "read_text"]

STDIN = "-"


def decode(data: bytes, file: str) -> tuple[str | None, list[Diagnostic]]:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Latin-1 with a warning.

    Binary data (NUL bytes outside UTF-16, PDF/ZIP/image magic) gives ``None`` and a diagnostic.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as exc:
            return None, [Diagnostic("bad-encoding", f"broken UTF-16 text: {exc.reason}", file)]
    for magic, kind in ((b"%PDF", "a PDF file"), (b"PK\x03\x04", "a ZIP archive"), (b"\x89PNG", "a PNG image"),
                        (b"\x1f\x8b", "a gzip file"), (b"SQLite format 3", "an SQLite database")):
        if data.startswith(magic):
            return None, [Diagnostic("binary-input", f"this is {kind}, not a bibliography or reading list", file)]
    if b"\x00" in data[:65536]:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return None, [Diagnostic("binary-input", "binary data (NUL bytes); not a text file", file, line)]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        warning = Diagnostic(
            "bad-encoding",
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); read as Latin-1 -- check accented characters",
            file, line, severity="warning",
        )
        return data.decode("cp1252", errors="replace") if _looks_cp1252(data) else data.decode("latin-1"), [warning]


def _looks_cp1252(data: bytes) -> bool:
    return any(0x80 <= b <= 0x9F for b in data)


def detect_format(text: str, file: str = "") -> str:
    """The best importer for ``text``: the file suffix breaks ties, content decides."""
    importers = plugins.load_all(plugins.IMPORTERS)
    suffix = Path(file).suffix.lower() if file and file != STDIN else ""
    sample = text[:200_000]
    ranked: list[tuple[float, str]] = []
    for name, importer in importers.items():
        try:
            score = float(importer.detect(sample))
        except Exception:  # noqa: BLE001, S112 -- a plugin's detector must never take the whole read down
            continue
        if suffix and suffix in getattr(importer, "suffixes", ()):
            score += 0.25
        ranked.append((score, name))
    ranked.sort(key=lambda pair: -pair[0])  # stable: equal scores keep plugin-name order
    ranked = [pair for pair in ranked if pair[0] >= 0.3]
    if len(ranked) > 1 and ranked[0][1] == "bibtex" and suffix not in (".bib", ".bibtex") \
            and _bibtex_line_share(sample) < 0.5:
        # one pasted "@article{...}" among fifty titles: the reader of the other lines wins, and
        # reports the BibTeX line instead of silently dropping the titles as BibTeX comments
        ranked.pop(0)
    return ranked[0][1] if ranked else ""


_BIB_ENTRY = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]")


def _bibtex_line_share(sample: str) -> float:
    """Share of non-blank lines that lie inside ``@type{...}`` entries (brace depth, no parsing)."""
    inside = total = depth = 0
    for line in sample.splitlines():
        if not line.strip():
            continue
        total += 1
        if depth <= 0 and _BIB_ENTRY.match(line):
            depth = 0
            inside += 1
            depth += line.count("{") - line.count("}")
        elif depth > 0:
            inside += 1
            depth += line.count("{") - line.count("}")
    return inside / total if total else 0.0


def read_text(text: str, file: str = "<stdin>", format: str | None = None) -> ReadResult:
    """Parse ``text`` with ``format`` (an importer name) or the detected one."""
    if not text.strip():
        return ReadResult(diagnostics=[Diagnostic("empty-input", "empty input: no entries", file)])
    name = format or detect_format(text, file)
    if not name:
        return ReadResult(diagnostics=[Diagnostic(
            "unknown-shape", "could not tell what kind of list this is; pass --format "
            f"(known: {', '.join(plugins.names(plugins.IMPORTERS))})", file)])
    importer = plugins.load(plugins.IMPORTERS, name)
    result = importer.parse(text, file)
    result.reader = name
    if not result.entries and not result.diagnostics:
        # a reader that found nothing must say so: a silent empty answer looks like success
        result.diagnostics.append(Diagnostic("no-entries", f"no entries found (read as {name})", file))
    return result


def read_source(source: str, format: str | None = None) -> ReadResult:
    """Read one path (or ``-`` for standard input)."""
    if source == STDIN:
        data, file = sys.stdin.buffer.read(), "<stdin>"
    else:
        file = source
        try:
            data = Path(source).read_bytes()
        except FileNotFoundError:
            return ReadResult(diagnostics=[Diagnostic("missing-file", "no such file", file)])
        except IsADirectoryError:
            return ReadResult(diagnostics=[Diagnostic("not-a-file", "is a directory, not a file", file)])
        except OSError as exc:
            return ReadResult(diagnostics=[Diagnostic("unreadable-file", exc.strerror or str(exc), file)])
    text, problems = decode(data, file)
    if text is None:
        return ReadResult(diagnostics=problems)
    result = read_text(text, file, format)
    result.diagnostics[:0] = problems
    return result


def read_sources(sources: list[str], format: str | None = None) -> ReadResult:
    total = ReadResult()
    for source in sources:
        total.extend(read_source(source, format))
    return total
