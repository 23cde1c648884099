"""Real .bib files read by refkit and written back produce no LaTeX warning the original file did
not produce (xampl.bib: BibTeX's own test file; biblatex-examples.bib: biblatex's).

Paths compared: the ``bibtex`` export in every path of latex_check.sh (plainnat, plain, biber,
biber --validate-datamodel); the ``biblatex`` export in the biber paths it is written for
(biblatex-only types such as @thesis or @online are unknown to classic .bst styles by design).
Warnings are compared per entry and kind, not by the exact value quoted in them: biber quotes a
month written ``"10~" # jan`` as ``'10~1'`` and the same month written out as ``'10~January'``.
"""
from __future__ import annotations

import re
from collections import Counter

import pytest

from refkit import plugins
from refkit.importers import read_source

pytestmark = [pytest.mark.latex, pytest.mark.slow]  # six latex_check.sh runs over real files: about 60 s

CORPORA = ("xampl.bib", "biblatex-examples.bib")
# biber --validate-datamodel is left out for the bibtex export: it keeps @book with only an editor,
# which BibTeX wants and biblatex's datamodel does not (WHAT-TOOLS-ACCEPT 1.5 rule 9)
PATHS = {"bibtex": ("bibtex:plainnat", "bibtex:plain", "biber"), "biblatex": ("biber", "biber-validate")}


def signature(warning: str, renamed: dict[str, str] | None = None) -> str:
    """A warning without the values it quotes (field values, temp-file names), keeping entry keys.

    ``renamed`` maps a source key to the key the export wrote (``averroes/bland`` -> ``averroes-bland``).
    """
    warning = re.sub(r"legacy (\w+) field '[^']*'", r"legacy \1 field '…'", warning)
    for old, new in (renamed or {}).items():
        warning = re.sub(rf"(?<![\w:/.-]){re.escape(old)}(?![\w:/.-])", new, warning)
    return re.sub(r"/tmp/\S+", "…", warning)


@pytest.fixture(scope="module")
def original(shared, latex_check, tmp_path_factory):
    reports = {}
    for name in CORPORA:
        folder = tmp_path_factory.mktemp(f"orig-{name}")
        reports[name] = latex_check(shared / "corpora" / name, folder / "build")
    return reports


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
@pytest.mark.parametrize("name", CORPORA)
def test_export_adds_no_warning_and_no_error(name, fmt, shared, original, latex_check, tmp_path):
    read = read_source(str(shared / "corpora" / name))
    assert [d for d in read.diagnostics if d.severity == "error"] == []
    exporter = plugins.load(plugins.EXPORTERS, fmt)
    options = {"preamble": read.preamble} if getattr(exporter, "accepts_preamble", False) else {}
    bib = tmp_path / f"{name}.{fmt}.bib"
    bib.write_text(exporter.dumps(read.entries, **options), encoding="utf-8")
    written = re.findall(r"^@(?!preamble|string|comment)\w+\{([^,\n]+),", bib.read_text(encoding="utf-8"),
                         re.MULTILINE | re.IGNORECASE)
    assert len(written) == len(read.entries)
    renamed = {e.key: key for e, key in zip(read.entries, written) if e.key != key}
    report = latex_check(bib, tmp_path / "build", styles="plainnat plain" if fmt == "bibtex" else "")
    before, after = original[name], report
    before_warnings, after_warnings = before.warnings(), after.warnings()
    new = {}
    for path in PATHS[fmt]:
        added = Counter(signature(w) for w in after_warnings.get(path, [])) - \
            Counter(signature(w, renamed) for w in before_warnings.get(path, []))
        if added:
            new[path] = sorted(added)
    listed = "\n".join(f"  {path}: {w}" for path, added in new.items() for w in added)
    assert new == {}, f"{fmt} export of {name} adds warnings:\n{listed}\n\n{report.output}"
    for path in PATHS[fmt]:
        old, now = before.summaries[path], after.summaries[path]
        assert int(now["errors"]) <= int(old["errors"]), f"{path}:\n{report.output}"
        if "latex_errors" in now:
            assert int(now["latex_errors"]) <= int(old["latex_errors"]), f"{path}:\n{report.output}"
            assert int(now["items"]) >= int(old["items"]), f"{path}:\n{report.output}"
