"""``refkit convert --to bibtex`` and ``refkit export``: a character pdflatex cannot set is replaced and the
user is told where (file, entry, field, character) on stderr; the exit code stays 0 (a warning)."""
from __future__ import annotations

BIB = "@article{nguyen2020, author = {Nguyễn, Thị Ưng}, title = {Học sâu cho tiếng Việt}, year = {2020}}\n"


def test_convert_to_bibtex_warns_and_writes_ascii(run, tmp_path):
    source = tmp_path / "in.bib"
    source.write_text(BIB, encoding="utf-8")
    out = tmp_path / "refs.bib"
    code, _, stderr = run("convert", str(source), "--to", "bibtex", "-o", str(out))
    assert code == 0, stderr
    assert out.read_text(encoding="utf-8").isascii()
    assert "title = {H{\\d{o}}c s{\\^{a}}u cho ti{\\'{\\^{e}}}ng Vi{\\^{\\d{e}}}t}" in out.read_text(encoding="utf-8")
    lines = stderr.splitlines()
    assert (f"warning: {out}: entry 'nguyen2020': field 'author': U+01AF 'Ư' (LATIN CAPITAL LETTER U WITH HORN) "
            "has no LaTeX form for pdflatex; written as 'U'") in lines, stderr


def test_convert_to_biblatex_keeps_utf8_silently(run, tmp_path):
    source = tmp_path / "in.bib"
    source.write_text(BIB, encoding="utf-8")
    code, stdout, stderr = run("convert", str(source), "--to", "biblatex")
    assert code == 0 and "Ưng" in stdout and "no LaTeX form" not in stderr


def test_export_warns_on_stderr(run, tmp_path):
    source = tmp_path / "in.bib"
    source.write_text(BIB, encoding="utf-8")
    code, _, stderr = run("add", str(source))
    assert code == 0, stderr
    code, stdout, stderr = run("export", "--format", "bibtex")
    assert code == 0 and stdout.isascii()
    assert "entry 'nguyen2020': field 'author': U+01AF 'Ư'" in stderr, stderr
