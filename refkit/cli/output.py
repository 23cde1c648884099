"""Shared output helpers for commands: diagnostics on stderr, JSON on stdout, ``-o`` outputs (see ``destination``)."""
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


def print_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))
