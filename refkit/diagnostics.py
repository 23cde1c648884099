"""Per-record problems, returned (never only logged, never raised one by one)."""
from __future__ import annotations

from dataclasses import dataclass, field

from .model import Entry

__all__ = ["ERROR", "WARNING", "Diagnostic", "ReadResult"]

ERROR = "error"  # something was dropped
WARNING = "warning"  # read, but with a repair or a doubt worth telling


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str  # short stable slug: "unbalanced-braces", "duplicate-key", "unreadable-line"
    message: str
    file: str = ""
    line: int = 0
    key: str = ""
    severity: str = ERROR

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: " if self.line else (f"{self.file}: " if self.file else "")
        what = f"entry {self.key!r}: " if self.key else ""
        return f"{where}{what}{self.message}"


@dataclass(slots=True)
class ReadResult:
    """What a reader made of one input: the records, and everything it could not read."""

    entries: list[Entry] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    reader: str = ""  # the reader that was used (after auto-detection)
    preamble: list[str] = field(default_factory=list)  # BibTeX @preamble bodies, kept for writers

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == ERROR]

    def extend(self, other: ReadResult) -> None:
        self.entries.extend(other.entries)
        self.diagnostics.extend(other.diagnostics)
        self.preamble.extend(other.preamble)
