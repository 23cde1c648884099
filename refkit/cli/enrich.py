"""``refkit enrich``: complete library entries from arXiv (a thin shell over ``enrich_library``)."""
from __future__ import annotations

import sys
from collections.abc import Iterable

import click

from .options import project_option
from .output import print_json
from .progress import progress_reporter

_SHOWN = 70  # characters of a value shown in --dry-run


def _short(value) -> str:
    if isinstance(value, tuple):
        if value and isinstance(value[0], tuple):
            value = tuple(f"{k}={v}" for k, v in value)
        elif value and hasattr(value[0], "display"):
            return f"{len(value)} authors ({', '.join(p.display() for p in value[:3])}{', …' if len(value) > 3 else ''})"
        value = ", ".join(str(v) for v in value)
    text = "" if value is None else str(value)
    text = " ".join(text.split())
    return repr(text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…")


def run_enrich(lib, *, project: str | None = None, keys: Iterable[str] | None = None, offline: bool = False,
               refresh: bool = False, dry_run: bool = False, as_json: bool = False) -> int:
    """Enrich, print what happened, return the exit code (1 if any entry failed)."""
    from ..enrich import enrich_library

    with progress_reporter("arXiv", show=not as_json) as progress:
        report = enrich_library(lib, project=project, keys=keys, offline=offline, refresh=refresh,
                                dry_run=dry_run, progress=progress)
    if as_json:
        print_json(report.to_json())
        return 1 if report.failed else 0
    _print_report(report)
    return 1 if report.failed else 0


def _print_report(report) -> None:
    for outcome in report.outcomes:
        key = report.keys.get(outcome.key, outcome.key)
        if outcome.key in report.vanished:
            click.echo(f"vanished: {key}: removed from the library while enrich ran; its arXiv result was not stored")
            continue
        if outcome.status == "matched":
            if report.dry_run and outcome.changed:
                click.echo(f"would update {key} from arXiv {outcome.record.id}v{outcome.record.version}:")
                before = report.before.get(outcome.key, {})
                for name in outcome.changed:
                    click.echo(f"  {name}: {_short(before.get(name))} -> {_short(getattr(outcome.entry, name))}")
            if outcome.reason:
                click.echo(f"warning: {key}: {outcome.reason}", err=True)
            continue
        click.echo(f"{outcome.status}: {key}: {outcome.reason}")
        for cand in outcome.candidates:
            conflict = f"; {cand['conflict']}" if cand.get("conflict") else ""
            click.echo(f"  candidate {cand['arxiv_id']} {cand['title']!r} ({cand['first_author']}, {cand['year']}) "
                       f"score {cand['score']:.2f}{conflict}")
    counts = report.counts
    line = (f"arXiv: {counts['matched']} matched, {counts['ambiguous']} ambiguous, {counts['unmatched']} unmatched, "
            f"{counts['failed']} failed")
    if counts["missing"]:
        line += f", {counts['missing']} not in the cache"
    if report.vanished:
        line += f", {len(report.vanished)} removed meanwhile"
    line += f" ({report.requests} requests, {report.cache_hits} from cache)"
    if report.dry_run:
        line += "; dry run, nothing written"
    click.echo(line)


@click.command()
@project_option
@click.option("--offline", is_flag=True, help="Use only the cache; say what is missing.")
@click.option("--refresh", is_flag=True, help="Ask arXiv again even for cached answers.")
@click.option("--dry-run", is_flag=True, help="Show the changes without writing them.")
@click.option("--json", "as_json", is_flag=True, help="A JSON report on stdout.")
def enrich(project, offline, refresh, dry_run, as_json) -> None:
    """Complete entries from arXiv: full authors, ids, versions, dates, categories, abstracts, links."""
    from ..errors import UsageError
    from .opening import open_library

    if offline and refresh:
        raise UsageError("--offline and --refresh contradict each other")
    with open_library() as lib:
        code = run_enrich(lib, project=project, offline=offline, refresh=refresh, dry_run=dry_run, as_json=as_json)
    sys.exit(code)


COMMANDS = [enrich]
