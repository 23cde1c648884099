"""`refkit add` offers Markdown headings as tags (on by default, --no-heading-tags to skip)."""
from __future__ import annotations

import json

AWESOME = """# Awesome LLM papers

## Distillation

- [MiniLLM: On-Policy Distillation of Large Language Models](https://arxiv.org/abs/2306.08543) — Gu et al., 2023

## Retrieval

1. **Learning to Rank in Generative Retrieval**
2. [Learning to Retrieve In-Context Examples for Large Language Models](https://arxiv.org/abs/2307.07164)
"""


def _tags_by_title(run) -> dict[str, list[str]]:
    code, out, _ = run("list", "--json")
    assert code == 0
    return {item["title"]: item["tags"] for item in json.loads(out)}


def test_each_entry_is_tagged_with_its_own_heading(run, tmp_path):
    source = tmp_path / "awesome.md"
    source.write_text(AWESOME, encoding="utf-8")
    code, out, err = run("add", str(source), "--tag", "llm")
    assert (code, err) == (0, "")
    assert out.endswith("added 3, merged 0, unchanged 0, problems 0\n")
    assert _tags_by_title(run) == {
        "MiniLLM: On-Policy Distillation of Large Language Models": ["Distillation", "llm"],
        "Learning to Rank in Generative Retrieval": ["Retrieval", "llm"],
        "Learning to Retrieve In-Context Examples for Large Language Models": ["Retrieval", "llm"],
    }
    code, out, _ = run("list", "--tag", "Retrieval", "--json")
    assert code == 0 and len(json.loads(out)) == 2


def test_no_heading_tags(run, tmp_path):
    source = tmp_path / "awesome.md"
    source.write_text(AWESOME, encoding="utf-8")
    assert run("add", str(source), "--no-heading-tags")[0] == 0
    assert set(map(tuple, _tags_by_title(run).values())) == {()}
