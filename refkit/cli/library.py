"""Library commands: add, list, show, tag/untag, project, tags, status, note, remove, rename-key, set.

Each command is a thin shell over one ``refkit.store.Library`` call.
"""

from __future__ import annotations

import sys

import click

from ..errors import RefkitError
from ..model import Entry, PartialDate
from ..store import STATUSES, Library, record_to_json
from ..store.listing import ListingLine
from .opening import open_library
from .output import count_entries, print_json, report
from .progress import progress_reporter

_PROGRESS_MIN = 2000  # entries; smaller adds finish before a bar is worth drawing


@click.command()
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option(
    "--project", "-p", "projects", multiple=True, metavar="NAME", help="Put every entry read in this project."
)
@click.option("--tag", "tags", multiple=True, metavar="TAG", help="Tag every entry read.")
@click.option("--format", "from_format", default=None, metavar="NAME", help="Read SOURCEs as this format.")
@click.option("--enrich", is_flag=True, help="Then look the entries up on arXiv (network).")
@click.option("--new-keys", is_flag=True, help="Generate keys even for entries whose file gives one.")
@click.option("--skip-bad", is_flag=True, help="Add the readable entries even if others could not be read.")
@click.option("--heading-tags/--no-heading-tags", default=True, show_default=True,
              help="Tag entries of a Markdown list with the heading they stand under.")
@click.option("-v", "--verbose", is_flag=True, help="List each merge and why: 'merged X into Y: same DOI …'.")
def add(sources, projects, tags, from_format, enrich, new_keys, skip_bad, heading_tags, verbose) -> None:
    """Read SOURCE files ('-' for stdin) and merge them into the library.

    If any entry cannot be read, nothing is added (exit 1) unless --skip-bad is given.
    """
    from .. import plugins
    from ..importers import read_sources

    if from_format:
        plugins.load(plugins.IMPORTERS, from_format)
    run_enrich = _enricher() if enrich else None  # fail before reading, not after writing
    result = read_sources(list(sources), from_format)
    problems = report(result.diagnostics)
    if problems and not skip_bad:
        readable = (
            f"; pass --skip-bad to add the {len(result.entries)} readable entries" if result.entries else ""
        )
        click.echo(f"refkit: nothing added: {problems} problem(s) in the input{readable}", err=True)
        sys.exit(1)
    with open_library() as lib:
        summary = _add_with_progress(lib, result.entries, projects, tags, not new_keys, heading_tags)
        for old, new in sorted(summary.renamed.items()):
            click.echo(f"merged {old} into {new} ({old} still finds it)")
        for note in summary.notes:
            click.echo(f"warning: {note}", err=True)
        if verbose and summary.merges:
            click.echo("\n".join(map(str, summary.merges)))
        click.echo(
            f"added {summary.added}, merged {summary.merged}, unchanged {summary.unchanged}, "
            f"problems {problems}"
        )
        enrich_code = (
            run_enrich(lib, keys=list(dict.fromkeys(summary.keys))) if run_enrich and summary.keys else 0
        )
    if problems or enrich_code:
        sys.exit(1)


def heading_tag(entry: Entry) -> tuple[str, ...]:
    """The Markdown heading an entry of a reading list stands under, as its tag (none outside a heading)."""
    heading = entry.listing_value("heading").strip()
    return (heading,) if heading else ()


def _add_with_progress(lib: Library, entries: list[Entry], projects, tags, keep_keys: bool,
                       heading_tags: bool = True):
    entry_tags = heading_tag if heading_tags else None
    with progress_reporter("adding", len(entries), show=len(entries) >= _PROGRESS_MIN) as progress:
        return lib.add(entries, projects, tags, keep_keys=keep_keys, entry_tags=entry_tags, progress=progress)


def _enricher():
    try:
        from .enrich import run_enrich
    except ImportError:
        raise RefkitError(
            "--enrich is not available: this refkit has no arXiv enrichment (refkit.enrich.enrich_library)"
        ) from None
    return run_enrich


@click.command(name="list")
@click.argument("query", required=False)
@click.option("--project", "-p", default=None, metavar="NAME")
@click.option("--tag", default=None, metavar="TAG")
@click.option("--status", default=None, type=click.Choice(STATUSES))
@click.option("--json", "as_json", is_flag=True, help="A JSON array of entries.")
def list_(query, project, tag, status, as_json) -> None:
    """List entries; QUERY searches titles, authors and abstracts."""
    with open_library() as lib:
        if as_json:  # record_to_json objects, written without decoding whole records
            text = lib.select_json_text(project=project, tag=tag, status=status, query=query)
            # color=True: no pass over megabytes for ANSI codes to strip; JSON escapes every control character
            click.echo(text, color=True)
            return
        lines = lib.listing(project=project, tag=tag, status=status, query=query)
    width = max((len(line.key) for line in lines), default=0)
    if lines:  # one write: thousands of echo calls cost more than the query
        click.echo("\n".join(_line(line, width) for line in lines))


def _line(line: ListingLine, width: int) -> str:
    year = str(line.year) if line.year else "----"
    who = f"{line.first_author} et al." if line.more_authors else line.first_author
    tags = f"  [{', '.join(line.tags)}]" if line.tags else ""
    return f"{line.key:<{width}}  {year}  {who + '  ' if who else ''}{line.title or '(no title)'}{tags}"


def _plain(text: str) -> str:
    from ..text import strip_markup

    return strip_markup(text)


@click.command()
@click.argument("key")
@click.option("--json", "as_json", is_flag=True)
def show(key, as_json) -> None:
    """Show one entry with everything the library knows about it."""
    with open_library() as lib:
        record = lib.get(key)
    if as_json:
        print_json(record_to_json(record))
        return
    data = record_to_json(record)
    entry = record.entry
    arxiv = (
        f"{entry.arxiv_id}{'v' + str(entry.arxiv_version) if entry.arxiv_version else ''}"
        if entry.arxiv_id
        else ""
    )
    names = "; ".join(p.display() for p in entry.author) + ("; et al." if entry.authors_truncated else "")
    enrichment = data["enrichment"]
    fields = [
        ("key", record.key + ("  (frozen)" if record.key_frozen else "")),
        ("title", data["title"]),
        ("authors", names),
        ("date", data["date"] or ""),
        ("type", entry.type),
        ("in", data["container_title"] or ""),
        ("arxiv", arxiv),
        ("categories", ", ".join(entry.categories)),
        ("doi", entry.doi),
        ("url", entry.url),
        ("status", record.annotations.status),
        ("projects", ", ".join(record.annotations.projects)),
        ("tags", ", ".join(record.annotations.tags)),
        (
            "enrichment",
            " ".join(
                str(v)
                for v in (enrichment["status"], enrichment["method"], enrichment["score"])
                if v is not None
            ),
        ),
        ("also known as", ", ".join(record.aliases)),
        (
            "sources",
            "; ".join(f"{s.where()} ({s.reader})" if s.reader else s.where() for s in record.sources),
        ),
    ]
    for label, value in fields:
        if value:
            click.echo(f"{label + ':':<15}{value}")
    for note in record.annotations.notes:
        click.echo(f"{'note:':<15}{note}")
    if entry.abstract:
        click.echo(f"\n{_plain(entry.abstract)}")


@click.command()
@click.argument("keys", nargs=-1, required=True, metavar="KEY...")
@click.option("-t", "--tag", "tags", multiple=True, required=True, metavar="TAG")
def tag(keys, tags) -> None:
    """Tag entries."""
    with open_library() as lib:
        lib.tag(keys, tags)
    click.echo(f"tagged {count_entries(len(keys))} with {', '.join(tags)}")


@click.command()
@click.argument("keys", nargs=-1, required=True, metavar="KEY...")
@click.option("-t", "--tag", "tags", multiple=True, required=True, metavar="TAG")
def untag(keys, tags) -> None:
    """Remove tags from entries."""
    with open_library() as lib:
        lib.untag(keys, tags)
    click.echo(f"untagged {count_entries(len(keys))}: {', '.join(tags)}")


@click.command(name="tags")
@click.option("--json", "as_json", is_flag=True)
def tags_(as_json) -> None:
    """List tags with how many entries carry each."""
    _counts(lambda lib: lib.tags(), "tag", as_json)


@click.group()
def project() -> None:
    """Add entries to projects, remove them, list projects."""


@project.command(name="add")
@click.argument("name")
@click.argument("keys", nargs=-1, required=True, metavar="KEY...")
def project_add(name, keys) -> None:
    """Add entries to project NAME."""
    with open_library() as lib:
        lib.add_to_project(keys, name)
    click.echo(f"added {count_entries(len(keys))} to project {name}")


@project.command(name="remove")
@click.argument("name")
@click.argument("keys", nargs=-1, required=True, metavar="KEY...")
def project_remove(name, keys) -> None:
    """Take entries out of project NAME (the entries stay in the library)."""
    with open_library() as lib:
        lib.remove_from_project(keys, name)
    click.echo(f"removed {count_entries(len(keys))} from project {name}")


@project.command(name="list")
@click.option("--json", "as_json", is_flag=True)
def project_list(as_json) -> None:
    """List projects with how many entries each holds."""
    _counts(lambda lib: lib.projects(), "project", as_json)


@click.command()
@click.argument("status", type=click.Choice(STATUSES))
@click.argument("keys", nargs=-1, required=True, metavar="KEY...")
def status(status, keys) -> None:
    """Set the reading status of entries."""
    with open_library() as lib:
        lib.set_status(keys, status)
    click.echo(f"marked {count_entries(len(keys))} {status}")


@click.command()
@click.argument("key")
@click.argument("text")
def note(key, text) -> None:
    """Add a note to an entry."""
    with open_library() as lib:
        lib.add_note(key, text)
    click.echo(f"noted on {key}")


@click.command()
@click.argument("keys", nargs=-1, required=True, metavar="KEY...")
def remove(keys) -> None:
    """Remove entries from the library."""
    with open_library() as lib:
        removed = lib.remove(keys)
    click.echo(f"removed {', '.join(removed)}")


@click.command(name="rename-key")
@click.argument("old")
@click.argument("new")
def rename_key(old, new) -> None:
    """Give an entry a new citation key (kept from then on; the old key still finds it)."""
    with open_library() as lib:
        lib.rename_key(old, new)
    click.echo(f"renamed {old} to {new}")


_EDITABLE = (
    "title",
    "container_title",
    "collection_title",
    "volume",
    "issue",
    "number",
    "page",
    "edition",
    "publisher",
    "publisher_place",
    "event_title",
    "genre",
    "doi",
    "isbn",
    "issn",
    "url",
    "abstract",
    "note",
    "language",
    "type",
    "date",
)


@click.command(name="set")
@click.argument("key")
@click.argument("field", type=click.Choice(_EDITABLE))
@click.argument("value")
def set_(key, field, value) -> None:
    """Set a field by hand; later merges and enrichment keep your value."""
    if field == "date":
        try:
            changes = {"issued": PartialDate.from_iso(value)}
        except ValueError as exc:  # before the library opens: nothing is changed
            click.echo(f"refkit set: invalid date {value!r} for {key}: {exc}", err=True)
            sys.exit(2)
    else:
        changes = {field: value}
    with open_library() as lib:
        record = lib.edit(key, **changes)
    click.echo(f"set {field} of {record.key}")


def _counts(fetch, label: str, as_json: bool) -> None:
    with open_library() as lib:
        rows = fetch(lib)
    if as_json:
        print_json([{"name": name, "entries": count} for name, count in rows])
        return
    for name, count in rows:
        click.echo(f"{name}\t{count}")


COMMANDS = [add, list_, show, tag, untag, tags_, project, status, note, remove, rename_key, set_]
