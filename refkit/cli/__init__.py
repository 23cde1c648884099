"""The ``refkit`` command line: each command is a thin shell over one library call.

This module is the only place that turns errors into messages and exit codes:
0 success, 1 the command failed or dropped input, 2 a usage mistake. A command that had to skip a
damaged library entry does the rest, warns once per entry and exits 1: its output is incomplete.
Command groups live in their own modules and list themselves in ``COMMANDS``.
"""
from __future__ import annotations

import os
import sys
import warnings

import click

from .. import __version__
from ..errors import RefkitError
from . import bib, convert, enrich, export, library

COMMAND_MODULES = (convert, library, enrich, export, bib)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="refkit")
def cli() -> None:
    """Turn reading lists into clean, enriched, tagged bibliographies."""


for _module in COMMAND_MODULES:
    for _command in _module.COMMANDS:
        cli.add_command(_command)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script: never a traceback for a user mistake."""
    from ..store.records import DamagedEntryWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DamagedEntryWarning)
        try:
            _main(argv)
        except SystemExit as done:
            code = done.code
    skipped = [w for w in caught if issubclass(w.category, DamagedEntryWarning)]
    for w in caught:
        if w not in skipped:  # anything else is shown as Python would have shown it
            warnings.showwarning(w.message, w.category, w.filename, w.lineno)
    for message in dict.fromkeys(str(w.message) for w in skipped):
        click.echo(f"warning: {message}", err=True)
    sys.exit(1 if skipped and code in (0, None) else code)


def _main(argv: list[str] | None) -> None:
    try:
        code = cli.main(args=argv, prog_name="refkit", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("refkit: interrupted; nothing half-written was kept", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except RefkitError as exc:
        click.echo(f"refkit: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("refkit: interrupted; nothing half-written was kept", err=True)
        sys.exit(130)
    except BrokenPipeError:
        _detach_stdout()
        sys.exit(0)
    except OSError as exc:  # the system refused: a full disk, a read-only place, `> /dev/full`
        _detach_stdout()
        where = f": {exc.filename}" if exc.filename else ""
        click.echo(f"refkit: {exc.strerror or exc}{where}; nothing half-written was kept", err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


def _detach_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail a second time."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass
