"""Shared output helpers for commands: diagnostics on stderr, JSON on stdout, files written atomically."""
from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

import click

from ..diagnostics import Diagnostic


def report(diagnostics: Iterable[Diagnostic]) -> int:
    """Print each diagnostic as ``file:line: message`` on stderr; return how many were errors."""
    errors = 0
    for diag in diagnostics:
        prefix = "" if diag.severity == "error" else "warning: "
        click.echo(f"{prefix}{diag}", err=True)
        errors += diag.severity == "error"
    return errors


def write_output(text: str, path: str | None) -> None:
    """Write to stdout (``None`` or ``-``) or atomically to ``path`` (a crash never leaves half a file)."""
    if path in (None, "-"):
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
    try:
        # mkstemp creates 0600; an exported file should get the mode any new file would get
        os.chmod(tmp, _new_file_mode(target))
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _new_file_mode(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def print_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))
