"""The ``refkit`` command line: each command is a thin shell over one library call.

This module is the only place that turns errors into messages and exit codes:
0 success, 1 the command failed or dropped input, 2 a usage mistake. A command that had to skip a
damaged library entry does the rest, warns once per entry and exits 1: its output is incomplete.
Command groups live in their own modules and list themselves in ``COMMANDS``.
"""
from __future__ import annotations

import sys
import warnings

import click

from .. import __version__
from ..errors import RefkitError
from . import bib, convert, enrich, export, library
from .stdout import StdoutFailed, detach_stdout, flush_stdout, guard_stdout, stdout_written

COMMAND_MODULES = (convert, library, enrich, export, bib)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="refkit")
def cli() -> None:
    """Turn reading lists into clean, enriched, tagged bibliographies."""


for _module in COMMAND_MODULES:
    for _command in _module.COMMANDS:
        cli.add_command(_command)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script: never a traceback for a user mistake, never a silent short write."""
    from ..store.records import DamagedEntryWarning

    guard_stdout()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DamagedEntryWarning)
        code = _run(argv)
    skipped = [w for w in caught if issubclass(w.category, DamagedEntryWarning)]
    for w in caught:
        if w not in skipped:  # anything else is shown as Python would have shown it
            warnings.showwarning(w.message, w.category, w.filename, w.lineno)
    for message in dict.fromkeys(str(w.message) for w in skipped):
        click.echo(f"warning: {message}", err=True)
    if skipped and code == 0:  # the output left a damaged entry out: not a full success
        code = 1
    sys.exit(_flushed(code))


def _run(argv: list[str] | None) -> int:
    """The command's exit code, its failure already told on stderr."""
    try:
        code = cli.main(args=argv, prog_name="refkit", standalone_mode=False)
    except SystemExit as exc:  # a command's own sys.exit(1): stdout still has to be flushed
        return exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    except (click.exceptions.Abort, KeyboardInterrupt):
        return _interrupted()
    except click.exceptions.NoSuchOption as exc:
        exc.show()
        # a citation key may start with '-' (BibTeX allows it): say how to pass one
        args = sys.argv[1:] if argv is None else argv
        word = next((a for a in args if a.startswith(exc.option_name)), exc.option_name)
        command = exc.ctx.command_path if exc.ctx else "refkit COMMAND"
        click.echo(f"refkit: a key or file name that starts with '-' goes after '--': {command} -- {word}",
                   err=True)
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except RefkitError as exc:
        if isinstance(exc, StdoutFailed):
            detach_stdout()
        click.echo(f"refkit: {exc}", err=True)
        return exc.exit_code
    except BrokenPipeError:  # the reader left (`refkit list | head`): what it wanted, it got
        detach_stdout()
        return 0
    except OSError as exc:  # the system refused something refkit did not expect to fail
        where = f": {exc.filename}" if exc.filename else ""
        click.echo(f"refkit: {exc.strerror or exc}{where}", err=True)
        return 1
    return code if isinstance(code, int) else 0


def _flushed(code: int) -> int:
    """Flush stdout here, not at interpreter exit, where a full disk or pipe is only "Exception ignored"."""
    try:
        flush_stdout()
    except BrokenPipeError:
        detach_stdout()
    except OSError as exc:  # StdoutFailed, or a plain OSError when stdout is not guarded
        detach_stdout()
        message = exc if isinstance(exc, StdoutFailed) else f"cannot write standard output: {exc.strerror or exc}"
        click.echo(f"refkit: {message}", err=True)
        return code or 1
    return code


def _interrupted() -> int:
    if stdout_written():
        click.echo("refkit: interrupted; the output on standard output is incomplete", err=True)
    else:
        click.echo("refkit: interrupted; nothing half-written was kept", err=True)
    return 130
