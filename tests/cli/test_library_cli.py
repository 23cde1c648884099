"""The library commands as a user runs them: exit codes and exact output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
SEED_LIST = ROOT / "seeds" / "msr-reading-list.txt"
CORPUS = ROOT / "tests" / "fixtures" / "arxiv-seed-corpus.json"


@pytest.fixture(scope="module")
def papers() -> list[dict]:
    return json.loads(CORPUS.read_text(encoding="utf-8"))


@pytest.fixture
def scholar_bib(tmp_path, papers) -> Path:
    """Google Scholar's BibTeX for the 50 papers: full author lists, year only, the id in ``journal``."""
    blocks = []
    for p in papers:
        names = " and ".join(
            f"{a['name'].rpartition(' ')[2]}, {a['name'].rpartition(' ')[0]}" for a in p["authors"]
        )
        first = p["authors"][0]["name"].rpartition(" ")[2].lower()
        word = "".join(ch for ch in p["title"].split()[0].lower() if ch.isalnum())
        blocks.append(
            f"@article{{{first}{p['published'][:4]}{word},\n  title={{{p['title']}}},\n  author={{{names}}},\n"
            f"  journal={{arXiv preprint arXiv:{p['id']}}},\n  year={{{p['published'][:4]}}}\n}}\n"
        )
    path = tmp_path / "scholar.bib"
    path.write_text("\n".join(blocks), encoding="utf-8")
    return path


@pytest.fixture
def urls(tmp_path, papers) -> Path:
    path = tmp_path / "urls.txt"
    path.write_text(
        "".join(f"https://arxiv.org/abs/{p['id']}v{p['version']}\n" for p in papers), encoding="utf-8"
    )
    return path


def test_add_prints_a_summary(run):
    assert run("add", str(SEED_LIST), "--project", "msr", "--tag", "llm") == (
        0,
        "added 50, merged 0, unchanged 0, problems 0\n",
        "",
    )
    assert run("add", str(SEED_LIST)) == (0, "added 0, merged 0, unchanged 50, problems 0\n", "")


def test_three_shapes_become_one_entry_each(run, scholar_bib, urls, papers):
    assert run("add", str(urls))[1] == "added 50, merged 0, unchanged 0, problems 0\n"
    assert run("add", str(SEED_LIST))[1] == "added 50, merged 0, unchanged 0, problems 0\n"
    code, out, err = run("add", str(scholar_bib))
    assert (code, err) == (0, "")
    assert out.endswith("added 0, merged 50, unchanged 0, problems 0\n")
    # the bridge ties the id to the title: the older entry's key stays, the other one still finds it
    assert "merged wang2023unleashing into arxiv230705300 (wang2023unleashing still finds it)\n" in out
    code, out, _ = run("list", "--json")
    data = json.loads(out)
    assert len(data) == 50
    assert sorted(d["arxiv_id"] for d in data) == sorted(p["id"] for p in papers)
    assert all(len(d["sources"]) == 3 for d in data)


def test_list_json_contract(run, papers):
    run("add", str(SEED_LIST), "--project", "msr", "--tag", "llm")
    code, out, err = run("list", "LongNet", "--json")
    assert (code, err) == (0, "")
    (item,) = json.loads(out)
    contract = {
        "key",
        "title",
        "authors",
        "date",
        "arxiv_id",
        "arxiv_version",
        "doi",
        "primary_category",
        "categories",
        "projects",
        "tags",
        "status",
        "enrichment",
    }
    assert contract <= set(item)
    assert {k: item[k] for k in sorted(contract - {"authors", "title"})} == {
        "arxiv_id": None,
        "arxiv_version": None,
        "categories": ["cs.CL"],
        "date": "2023-07-05",
        "doi": None,
        "enrichment": {"method": None, "score": None, "status": "not-tried"},
        "key": "ding2023longnet",
        "primary_category": "cs.CL",
        "projects": ["msr"],
        "status": "to-read",
        "tags": ["llm"],
    }
    assert item["title"] == "LongNet: Scaling Transformers to 1,000,000,000 Tokens"
    assert item["authors"][:2] == [{"family": "Ding", "given": "Jiayu"}, {"family": "Ma", "given": "Shuming"}]


def test_list_plain_and_filters(run):
    run("add", str(SEED_LIST))
    run("status", "reading", "ding2023longnet")
    run("tag", "ding2023longnet", "wang2023unleashing", "-t", "long")
    assert run("list", "--status", "reading") == (
        0,
        "ding2023longnet  2023  Ding et al.  LongNet: Scaling Transformers to 1,000,000,000 Tokens  [long]\n",
        "",
    )
    assert run("list", "--tag", "long", "synergy")[1] == (
        "wang2023unleashing  2023  Wang et al.  Unleashing the Emergent Cognitive Synergy in Large Language Models: "
        "A Task-Solving Agent through Multi-Persona Self-Collaboration  [long]\n"
    )
    assert run("list", "no such words anywhere") == (0, "", "")
    code, _, err = run("list", "--status", "done")
    assert code == 2 and "'done' is not one of 'to-read', 'reading', 'read', 'skipped'" in err


def test_show(run):
    run("add", str(SEED_LIST), "--project", "msr")
    run("note", "ding2023longnet", "dilated attention")
    code, out, err = run("show", "ding2023longnet")
    assert (code, err) == (0, "")
    assert out.splitlines()[:11] == [
        "key:           ding2023longnet",
        "title:         LongNet: Scaling Transformers to 1,000,000,000 Tokens",
        "authors:       Jiayu Ding; Shuming Ma; Li Dong; et al.",
        "date:          2023-07-05",
        "type:          article",
        "categories:    cs.CL",
        "status:        to-read",
        "projects:      msr",
        "enrichment:    not-tried",
        f"sources:       {SEED_LIST}:79 (listing)",
        "note:          dilated attention",
    ]
    assert json.loads(run("show", "ding2023longnet", "--json")[1])["notes"] == ["dilated attention"]


def test_unknown_key_is_an_error_with_a_suggestion(run):
    run("add", str(SEED_LIST))
    assert run("show", "ding2023longnt") == (
        1,
        "",
        "refkit: no entry with key 'ding2023longnt' in the library (did you mean ding2023longnet?)\n",
    )
    assert run("tag", "nope", "-t", "x")[0] == 1


def test_tag_untag_project_status_remove_rename(run):
    run("add", str(SEED_LIST))
    assert run("tag", "ding2023longnet", "-t", "a", "-t", "b") == (0, "tagged 1 entry with a, b\n", "")
    assert run("untag", "ding2023longnet", "-t", "a") == (0, "untagged 1 entry: a\n", "")
    assert run("tags") == (0, "b\t1\n", "")
    assert run("project", "add", "thesis", "ding2023longnet", "wang2023unleashing") == (
        0,
        "added 2 entries to project thesis\n",
        "",
    )
    assert run("project", "remove", "thesis", "wang2023unleashing") == (
        0,
        "removed 1 entry from project thesis\n",
        "",
    )
    assert json.loads(run("project", "list", "--json")[1]) == [{"name": "thesis", "entries": 1}]
    assert run("status", "read", "ding2023longnet") == (0, "marked 1 entry read\n", "")
    assert run("rename-key", "ding2023longnet", "LongNet") == (0, "renamed ding2023longnet to LongNet\n", "")
    assert json.loads(run("show", "ding2023longnet", "--json")[1])["key"] == "LongNet"
    assert run("remove", "LongNet") == (0, "removed LongNet\n", "")
    assert len(json.loads(run("list", "--json")[1])) == 49


def test_set_field_survives_a_later_merge(run, scholar_bib):
    run("add", str(SEED_LIST))
    assert run("set", "ding2023longnet", "title", "LongNet (my title)") == (
        0,
        "set title of ding2023longnet\n",
        "",
    )
    run("add", str(scholar_bib))
    item = json.loads(run("show", "ding2023longnet", "--json")[1])
    assert item["title"] == "LongNet (my title)" and item["user_edited"] == ["title"]
    assert len(item["sources"]) == 2


def test_bad_file_names_the_line_and_adds_nothing(run, tmp_path):
    run("add", str(SEED_LIST))
    before = run("list", "--json")[1]
    bad = tmp_path / "bad.bib"
    bad.write_text(
        "@article{good2020, title={Good}, author={Doe, Jane}, year={2020}}\n\n"
        "@article{broken,\n  title = {Unclosed,\n  year = 2020\n",
        encoding="utf-8",
    )
    code, out, err = run("add", str(bad))
    assert code == 1 and out == ""
    assert f"{bad}:3:" in err
    assert err.endswith(
        "refkit: nothing added: 1 problem(s) in the input; pass --skip-bad to add the 1 readable entries\n"
    )
    assert run("list", "--json")[1] == before
    code, out, _ = run("add", str(bad), "--skip-bad")
    assert (code, out) == (1, "added 1, merged 0, unchanged 0, problems 1\n")


def test_missing_file_and_bad_format(run):
    code, out, err = run("add", "no/such/file.bib")
    assert (code, out) == (1, "")
    assert err.startswith("no/such/file.bib: no such file\n")
    assert run("add", str(SEED_LIST), "--format", "bibtx")[0] == 2


def test_add_from_stdin(run, monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"https://arxiv.org/abs/2307.05300\n")))
    assert run("add", "-") == (0, "added 1, merged 0, unchanged 0, problems 0\n", "")
    assert json.loads(run("list", "--json")[1])[0]["sources"] == [
        {"file": "<stdin>", "line": 1, "reader": "ids"}
    ]


@pytest.fixture
def fake_arxiv(refkit_home, monkeypatch):
    """The enrichment helpers' fake arXiv (a real HTTP server on 127.0.0.1) behind REFKIT_ARXIV_URL."""
    import sys

    tests = str(ROOT / "tests")
    if tests not in sys.path:  # importlib mode does not put tests/ on sys.path
        sys.path.insert(0, tests)
    from fakearxiv import FakeArxiv

    with FakeArxiv() as server:
        monkeypatch.setenv("REFKIT_ARXIV_URL", server.url)
        monkeypatch.setenv("REFKIT_ARXIV_DELAY", "0.05")
        yield server


def test_add_enrich_completes_bare_ids_from_arxiv(run, tmp_path, fake_arxiv):
    ids = tmp_path / "ids.txt"
    ids.write_text("2307.05300\n2307.08621\n", encoding="utf-8")
    code, out, err = run("add", str(ids), "--enrich")
    assert code == 0, err
    assert out.startswith("added 2, merged 0, unchanged 0, problems 0\n")
    assert fake_arxiv.log  # it really asked
    items = {d["arxiv_id"]: d for d in json.loads(run("list", "--json")[1])}
    assert items["2307.05300"]["key"] == "arxiv230705300"  # shown by `add`: enrichment never moves it
    assert items["2307.05300"]["enrichment"]["status"] == "matched"
    assert items["2307.08621"]["title"].startswith("Retentive Network")


def test_add_without_enrich_makes_no_request(run, tmp_path, fake_arxiv):
    ids = tmp_path / "ids.txt"
    ids.write_text("2307.05300\n", encoding="utf-8")
    assert run("add", str(ids))[0] == 0
    assert fake_arxiv.log == []
