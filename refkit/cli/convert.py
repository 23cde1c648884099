"""``refkit convert``: stateless format conversion, no library needed."""
from __future__ import annotations

import sys

import click

from .. import plugins
from ..exporters import dumps_with_diagnostics, key_changes
from ..importers import read_sources
from .options import output_option
from .output import output_file, report, write_output


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--to", "to_format", required=True, metavar="FORMAT",
              help="Output format: bibtex, biblatex, csljson, ris, zotero-rdf, ...")
@click.option("--format", "from_format", default=None, metavar="NAME",
              help="Read INPUTs as this format instead of detecting it.")
@output_option
def convert(inputs: tuple[str, ...], to_format: str, from_format: str | None, output: str | None) -> None:
    """Convert INPUT files ('-' for stdin) to another format."""
    exporter = plugins.load(plugins.EXPORTERS, to_format)  # fail fast on a bad --to, before reading
    if from_format:
        plugins.load(plugins.IMPORTERS, from_format)
    result = read_sources(list(inputs), from_format)
    errors = report(result.diagnostics)
    if result.entries or not errors:
        # writers that can carry @preamble (bibtex, biblatex) say so; the others never see it
        extra = {"preamble": result.preamble} if getattr(exporter, "accepts_preamble", False) else {}
        text, changed = dumps_with_diagnostics(exporter, result.entries, file=output_file(output), **extra)
        write_output(text, output)
        report(changed)
        report(key_changes(exporter, result.entries))
    if errors:
        click.echo(f"refkit: {errors} problem(s); {len(result.entries)} entries converted", err=True)
        sys.exit(1)


COMMANDS = [convert]
