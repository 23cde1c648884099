"""``refkit export`` (library -> one file) and ``refkit cite`` (a LaTeX document's citations -> .bib)."""
from __future__ import annotations

import difflib
import sys
from dataclasses import replace
from pathlib import Path

import click

from .. import plugins
from ..cite import collect_citations
from ..errors import EntryNotFound, InputError, UsageError
from ..exporters import dumps_with_diagnostics, key_changes
from ..store import Library, Record
from .opening import open_library
from .options import output_option, project_option, tag_option
from .output import count_entries, output_file, report, write_output
from .selection import selected_records


@click.command()
@click.option("--format", "fmt", default="bibtex", show_default=True, metavar="FORMAT",
              help="bibtex, biblatex, csljson, ris or zotero-rdf.")
@project_option
@tag_option
@output_option
def export(fmt: str, project: str | None, tag: str | None, output: str | None) -> None:
    """Write the library (or one project / tag of it) in FORMAT; exported keys never change again."""
    exporter = plugins.load(plugins.EXPORTERS, fmt)  # an unknown format fails before anything is read
    with open_library() as lib:
        records = selected_records(lib, project, tag)
        text, changed = dumps_with_diagnostics(exporter, [r.entry for r in records],
                                               {r.key: r.annotations for r in records}, file=output_file(output))
        write_output(text, output)
        report(key_changes(exporter, [r.entry for r in records]))
        lib.mark_keys_frozen(r.key for r in records)
    report(changed)
    if output_file(output):
        click.echo(f"refkit: wrote {count_entries(len(records))} ({fmt}) to {output}", err=True)


@click.command()
@click.argument("document", metavar="FILE.aux|FILE.tex")
@click.option("--format", "fmt", type=click.Choice(["bibtex", "biblatex"]), default=None,
              help="Default: biblatex when the document uses biblatex, else bibtex.")
@output_option
@click.option("--project", "-p", default=None, metavar="NAME", help="Also add the cited entries to this project.")
def cite(document: str, fmt: str | None, output: str | None, project: str | None) -> None:
    """Write only the entries a LaTeX document cites; exit 1 when a cited key is not in the library."""
    path = Path(document)
    if path.suffix.lower() not in (".aux", ".tex"):
        raise UsageError(f"{document}: expected a .aux or .tex file")
    try:
        citations = collect_citations(path)
    except FileNotFoundError:
        raise InputError("no such file", document) from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), document) from None
    report(citations.diagnostics)
    if not citations.keys and not citations.all_cited:
        raise InputError("no citations found (no \\cite commands, or LaTeX has not been run yet)", document)
    fmt = fmt or ("biblatex" if citations.biblatex else "bibtex")
    exporter = plugins.load(plugins.EXPORTERS, fmt)
    with open_library() as lib:
        records, missing = _cited_records(lib, citations.keys, citations.all_cited)
        text, changed = dumps_with_diagnostics(exporter, [r.entry for r in records],
                                               {r.entry.key: r.annotations for r in records},
                                               file=output_file(output))
        write_output(text, output)
        report(changed)  # characters the format cannot carry
        changed = key_changes(exporter, [r.entry for r in records])  # the document cites the old key: not found
        report(changed)
        real_keys = sorted({r.key for r in records})
        lib.mark_keys_frozen(real_keys)
        if project:
            lib.add_to_project(real_keys, project)
    for key, near in missing:
        hint = f" (did you mean {', '.join(repr(n) for n in near)}?)" if near else ""
        click.echo(f"refkit: {document}: {key!r} is cited but not in the library{hint}", err=True)
    cited = len(records) + len(missing)
    found = len(records) - len(changed)
    click.echo(f"refkit: wrote {found} of {cited} cited entries ({fmt}) to {output_file(output) or 'standard output'}"
               + (f"; {len(changed)} more under a changed key" if changed else ""), err=True)
    if missing or changed:
        sys.exit(1)


def _cited_records(lib: Library, keys: list[str], everything: bool
                   ) -> tuple[list[Record], list[tuple[str, list[str]]]]:
    """Records in citation order (all of them for ``\\nocite{*}``), and the missing keys with near matches."""
    found = {r.key: r for r in lib.select(keys=keys)} if keys else {}
    records: list[Record] = []
    missing: list[tuple[str, list[str]]] = []
    all_keys: list[str] = []
    for key in keys:
        if key in found:
            records.append(found[key])
            continue
        try:  # a former key of a merged or renamed entry: write it under the key the document uses
            record = lib.get(key)
        except EntryNotFound as exc:
            all_keys = all_keys or [r.key for r in lib.select()]
            missing.append((key, exc.near or _near(key, all_keys)))
            continue
        records.append(_as_key(record, key))
    if everything:
        listed = {r.key for r in records}
        records += [r for r in lib.select() if r.key not in listed]
    return records, missing


def _near(key: str, keys: list[str]) -> list[str]:
    """Close keys ignoring case (BibTeX keys are case-insensitive, so ``Wang2023`` is a likely slip)."""
    lowered = {k.lower(): k for k in keys}
    return [lowered[k] for k in difflib.get_close_matches(key.lower(), list(lowered), n=3, cutoff=0.6)]


def _as_key(record: Record, key: str) -> Record:
    return replace(record, entry=record.entry.replace(key=key))


COMMANDS = [export, cite]
