"""The ``refkit`` command line: each command is a thin shell over one library call.

This module is the only place that turns errors into messages and exit codes:
0 success, 1 the command failed or dropped input, 2 a usage mistake.
Command groups live in their own modules and list themselves in ``COMMANDS``.
"""
from __future__ import annotations

import os
import sys

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
    try:
        code = cli.main(args=argv, prog_name="refkit", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("refkit: interrupted; nothing half-written was kept", err=True)
        sys.exit(130)
    except click.exceptions.NoSuchOption as exc:
        exc.show()
        # a citation key may start with '-' (BibTeX allows it): say how to pass one
        args = sys.argv[1:] if argv is None else argv
        word = next((a for a in args if a.startswith(exc.option_name)), exc.option_name)
        command = exc.ctx.command_path if exc.ctx else "refkit COMMAND"
        click.echo(f"refkit: a key or file name that starts with '-' goes after '--': {command} -- {word}",
                   err=True)
        sys.exit(exc.exit_code)
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
