"""Shared pieces of the LaTeX checks: the enriched seed list as ``Entry`` objects, and a runner for
tools/latex_check.sh (pdflatex + bibtex with plainnat and plain, pdflatex + biber with biblatex).

These tests need Debian's texlive-latex-base texlive-latex-recommended texlive-bibtex-extra biber;
CI installs them. They are skipped (with the reason) only when pdflatex itself is missing.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from refkit.enrich.atom import ArxivRecord
from refkit.enrich.fill import fill_entry
from refkit.model import Entry

ROOT = Path(__file__).resolve().parents[2]
CHECKER = ROOT / "tools" / "latex_check.sh"
SEED_CORPUS = ROOT / "tests" / "fixtures" / "arxiv-seed-corpus.json"
_STOP = {"a", "an", "the", "on", "of", "in", "for", "to", "with", "and", "is", "are", "as", "via", "why", "how"}


def _key(record: dict) -> str:
    family = record["authors"][0]["name"].rsplit(" ", 1)[-1].lower()
    words = [w for w in re.findall(r"[A-Za-z0-9]+", record["title"].lower()) if w not in _STOP]
    return f"{re.sub(r'[^a-z]', '', family)}{record['published'][:4]}{words[0] if words else ''}"


def build_seed_entries() -> list[Entry]:
    """The 50 papers of the sample reading list as enrichment leaves them: each listed title completed
    by refkit's own ``fill_entry`` from the arXiv record of the fixture (authors, id, version,
    categories, dates, abstract, DOI, URL, and the arXiv-only facts it keeps in ``extra``)."""
    entries = []
    for record in json.loads(SEED_CORPUS.read_text(encoding="utf-8")):
        arxiv_id = record["id"]
        arxiv = ArxivRecord(
            id=arxiv_id, version=record["version"], title=record["title"], summary=record["summary"],
            authors=tuple(a["name"] for a in record["authors"]), published=record["published"],
            updated=record["updated"], primary_category=record["primary_category"],
            categories=tuple(record["categories"]), dois=(f"10.48550/arXiv.{arxiv_id}",),
            abs_url=f"https://arxiv.org/abs/{arxiv_id}v{record['version']}",
            pdf_url=f"https://arxiv.org/pdf/{arxiv_id}v{record['version']}")
        listed = Entry(type="article", key=_key(record), title=" ".join(record["title"].split()))
        entry, _ = fill_entry(listed, arxiv)
        entries.append(entry)
    keys = [e.key for e in entries]
    assert len(set(keys)) == len(keys), "seed keys must be unique"
    return entries


@dataclass
class LatexReport:
    output: str  # everything latex_check.sh printed (warnings and errors listed per path)
    summaries: dict[str, dict[str, str]]  # "bibtex:plainnat" -> {"items": "50", "warnings": "0", ...}
    build: Path  # the kept build directories (bibtex-plainnat/, bibtex-plain/, biber-authoryear/)
    returncode: int

    def warnings(self) -> dict[str, list[str]]:
        """Per path, each warning line with line numbers removed (so two files can be compared)."""
        found: dict[str, list[str]] = {}
        path = ""
        for line in self.output.splitlines():
            if line.startswith("=== (a)"):
                path = "bibtex:" + re.search(r"bibliographystyle\{(\w+)\}", line).group(1)
            elif line.startswith("=== (b)"):
                path = "biber"
            elif line.startswith("=== (c)"):
                path = "biber-validate"
            stripped = line.strip()
            if stripped.startswith("Warning--") or re.match(r"(WARN|ERROR) - ", stripped):
                text = re.sub(r"\s*--line \d+ of file \S+", "", stripped)
                found.setdefault(path, []).append(re.sub(r"line \d+", "line N", text))
        return found

    def bbl(self, path: str) -> str:
        folder = {"bibtex:plainnat": "bibtex-plainnat", "bibtex:plain": "bibtex-plain", "biber": "biber-authoryear"}
        return (self.build / folder[path] / "doc.bbl").read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="session")
def latex_check():
    if shutil.which("pdflatex") is None:
        pytest.skip("pdflatex is not installed (CI installs texlive-latex-base texlive-latex-recommended "
                    "texlive-bibtex-extra biber)")
    missing = [tool for tool in ("bibtex", "biber", "kpsewhich") if shutil.which(tool) is None]
    assert not missing, f"pdflatex is installed but not {', '.join(missing)}: install texlive-bibtex-extra biber"

    def run(bib: Path, build: Path, styles: str = "plainnat plain") -> LatexReport:
        """``styles=""`` runs only the biber paths."""
        proc = subprocess.run(["bash", str(CHECKER), "-b", styles, "-k", str(build), str(bib)],
                              capture_output=True, text=True, timeout=900, check=False)
        summaries = {}
        for line in proc.stdout.splitlines():
            if line.startswith("SUMMARY "):
                fields = dict(part.split("=", 1) for part in line.split()[1:])
                summaries[fields["path"].replace(":authoryear", "") if fields["path"].startswith("biber")
                          else fields["path"]] = fields
        return LatexReport(proc.stdout + proc.stderr, summaries, build, proc.returncode)

    return run


@pytest.fixture(scope="session")
def seed_entries() -> list[Entry]:
    return build_seed_entries()
