"""Shared output helpers for commands: diagnostics on stderr, JSON on stdout, ``-o`` outputs (see ``destination``),
and the wording of counts."""
from __future__ import annotations

import json
import sys
from collections.abc import Iterable

import click

from ..diagnostics import Diagnostic
from .destination import resolve_target, write_target


def report(diagnostics: Iterable[Diagnostic]) -> int:
    """Print each diagnostic as ``file:line: message`` on stderr; return how many were errors."""
    errors = 0
    for diag in diagnostics:
        prefix = "" if diag.severity == "error" else "warning: "
        click.echo(f"{prefix}{diag}", err=True)
        errors += diag.severity == "error"
    return errors


def write_output(text: str, path: str | None) -> None:
    """Write ``text`` to stdout (``None`` or ``-``) or to ``path`` as ``destination`` says; ``OutputError`` if not whole."""
    target = None if path in (None, "-") else resolve_target(path)
    if target is None or target.kind == "stdout":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    write_target(target, text.encode("utf-8"), path)


def output_file(path: str | None) -> str:
    """The file an ``-o`` value names, ``""`` for stdout (``None`` or ``-``): what diagnostics call the output."""
    return "" if path in (None, "-") else path


def count_entries(n: int) -> str:
    return f"{n} entry" if n == 1 else f"{n} entries"


def print_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))
