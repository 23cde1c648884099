"""Hostile and malformed input files, built on demand (nothing big is stored in the repository).

Each ``Case`` says what a careful reader must do with it:

- ``ok``: a legitimate file in an unusual form (UTF-16, Latin-1, CRLF): entries are read, exit 0.
- ``fail``: nothing usable (random bytes, a PDF, the wrong JSON shape): no entries, a message naming
  the file, a non-zero exit.
- ``damaged``: some of it is usable, something is wrong (truncated, unbalanced braces): a message
  naming the file (error or warning), whatever the exit code.
- ``any``: legal but extreme (10k-deep braces, a 10 MB field): no crash, no traceback; if the command
  fails, the message names the file.
"""
from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MB = 1024 * 1024

GOOD_BIB = """\
@article{smith2020,
  author = {Smith, John and M{\\"u}ller, Anna},
  title = {A Study of Things},
  journal = {Journal of Studies},
  year = {2020},
  volume = {12},
  pages = {1--10},
}

@inproceedings{lee2021,
  author = {Lee, Kim},
  title = {Another Paper on {BERT}},
  booktitle = {Proceedings of ACL},
  year = {2021},
}

@misc{doe2019,
  author = {Doe, Jane},
  title = {Attention Is Not All},
  year = {2019},
  eprint = {1706.03762},
  archivePrefix = {arXiv},
}
"""


@dataclass(frozen=True)
class Case:
    name: str  # pytest id
    filename: str  # the suffix matters: detection uses it to break ties
    build: Callable[[], bytes]
    expect: str  # ok | fail | damaged | any
    says: str = ""  # a word the message must contain (only where refkit's wording is fixed)

    def data(self) -> bytes:
        return _built(self.name)


def _bib(title: str = "A title", key: str = "key1", **fields: str) -> str:
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields.items())
    return f"@article{{{key},\n  title = {{{title}}},\n  author = {{Doe, Jane}},\n  year = {{2020}},\n{body}}}\n"


def _random_bytes(size: int, seed: int, low: int = 0) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(low, 256) for _ in range(size))


def _nested(depth: int) -> str:
    return "{" * depth + "deep" + "}" * depth


def _string_bomb(levels: int) -> str:
    # each level concatenates the previous one ten times: 10**levels characters if expanded naively
    lines = ['@string{s0 = "aaaaaaaaaa"}']
    for level in range(1, levels + 1):
        lines.append(f"@string{{s{level} = " + " # ".join([f"s{level - 1}"] * 10) + "}")
    return "\n".join(lines) + f"\n@misc{{bomb, title = s{levels}, year = 2020}}\n"


def _pdf() -> bytes:
    return (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\nstream\n"
            + _random_bytes(4096, 3) + b"\nendstream\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")


def _huge_markdown() -> str:
    line = "- [" + "Attention " * 200_000 + "](https://arxiv.org/abs/1706.03762)\n"
    return "# Reading list\n\n" + line * 5


_GOOD = GOOD_BIB.encode()

CASES: list[Case] = [
    # --- BibTeX, broken
    Case("bib-truncated", "truncated.bib", lambda: _GOOD[: len(_GOOD) - 60], "damaged"),
    Case("bib-unbalanced-open", "unbalanced_open.bib",
         lambda: (_bib("Foo {bar baz", key="open1") + GOOD_BIB).encode(), "damaged"),
    Case("bib-unbalanced-close", "unbalanced_close.bib",
         lambda: (_bib("Foo} bar}} baz", key="close1") + GOOD_BIB).encode(), "damaged"),
    Case("bib-deep-nesting", "deep.bib", lambda: _bib(_nested(10_000)).encode(), "any"),
    Case("bib-deep-unclosed", "deep_unclosed.bib", lambda: ("@article{k,\n title = " + "{" * 10_000).encode(),
         "damaged"),
    Case("bib-10mb-field", "bigfield.bib", lambda: _bib(abstract="word " * (2 * MB)).encode(), "any"),
    Case("bib-huge-key", "hugekey.bib", lambda: _bib(key="k" * MB).encode(), "any"),
    Case("bib-string-bomb", "bomb.bib", lambda: _string_bomb(6).encode(), "any"),
    Case("bib-only-comment", "comment.bib", lambda: b"% nothing here but a comment\n", "fail"),
    Case("bib-at-signs", "ats.bib", lambda: b"@" * 50_000, "fail"),
    Case("bib-control-chars", "control.bib",
         lambda: _bib("Title \x1b[31mred\x1b[0m \x07 bell \x0b vt").encode(), "any"),
    Case("bib-lone-surrogate", "surrogate.bib", lambda: _bib("caf\xe9").encode("utf-8") + b"\xed\xa0\x80\n",
         "any"),
    # --- encodings and binary
    Case("bib-nul-bytes", "nul.bib", lambda: _GOOD[:100] + b"\x00\x00\x00" + _GOOD[100:], "fail", "NUL"),
    Case("bib-utf16le-bom", "utf16le.bib", lambda: b"\xff\xfe" + GOOD_BIB.encode("utf-16-le"), "ok"),
    Case("bib-utf16be-bom", "utf16be.bib", lambda: b"\xfe\xff" + GOOD_BIB.encode("utf-16-be"), "ok"),
    Case("bib-latin1", "latin1.bib", lambda: _bib("Caf\xe9 na\xefve M\xfcller").encode("latin-1"), "ok"),
    Case("bib-crlf", "crlf.bib", lambda: GOOD_BIB.replace("\n", "\r\n").encode(), "ok"),
    Case("bib-lone-cr", "cr.bib", lambda: GOOD_BIB.replace("\n", "\r").encode(), "any"),
    Case("random-bytes", "random.bib", lambda: _random_bytes(65_536, 8), "fail"),
    Case("random-bytes-no-nul", "random_nonul.txt", lambda: _random_bytes(65_536, 9, low=1), "any"),
    Case("pdf-named-bib", "paper.bib", _pdf, "fail", "PDF"),
    Case("zip-named-json", "refs.json", lambda: b"PK\x03\x04" + _random_bytes(2048, 4), "fail", "ZIP"),
    Case("html-named-bib", "page.bib",
         lambda: b"<!DOCTYPE html><html><head><title>404</title></head><body>Not found</body></html>\n", "any"),
    Case("empty-bib", "empty.bib", lambda: b"", "fail", "empty"),
    Case("whitespace-only", "blank.txt", lambda: b" \n\t\n\r\n", "fail", "empty"),
    # --- CSL-JSON of the wrong shape
    Case("csl-object", "object.json", lambda: json.dumps({"items": [{"id": "a", "title": "x"}]}).encode(), "any"),
    Case("csl-numbers", "numbers.json", lambda: b"[1, 2, 3]", "fail"),
    Case("csl-wrong-types", "types.json", lambda: json.dumps([{
        "id": 1, "type": 5, "title": ["a", "b"], "author": "Smith, J", "issued": "2020",
        "page": {"from": 1}, "volume": [3], "DOI": 10.1}]).encode(), "any"),
    Case("csl-null-fields", "nulls.json", lambda: json.dumps([{
        "id": None, "type": None, "title": None, "author": [None, {"family": None, "given": 3}],
        "issued": {"date-parts": [[None, "x"]]}, "container-title": None}]).encode(), "any"),
    Case("csl-truncated", "truncated.json", lambda: b'[{"id": "a", "type": "article", "title": "Half', "fail"),
    Case("csl-deep-arrays", "deep.json", lambda: b"[" * 100_000 + b"]" * 100_000, "fail"),
    Case("csl-huge-string", "huge.json",
         lambda: json.dumps([{"id": "a", "type": "book", "title": "t" * (10 * MB)}]).encode(), "any"),
    # --- lists, RIS, Markdown
    Case("huge-single-line", "list.txt", lambda: ("attention is all you need " * 400_000).encode(), "any"),
    Case("ris-no-er", "no_er.ris", lambda: b"TY  - JOUR\r\nTI  - A title\r\nAU  - Smith, John\r\nPY  - 2020\r\n",
         "any"),
    Case("ris-garbage-tags", "garbage.ris", lambda: b"TY  - \nZZ  -\n-  - x\nER  -\nER  -\n", "any"),
    Case("markdown-huge-lines", "awesome.md", lambda: _huge_markdown().encode(), "any"),
    Case("ids-absurd", "ids.txt",
         lambda: b"arXiv:9999.99999v99999999999999999999\n10.\n1706.0376\narxiv.org/abs/\n", "any"),
]

# --- hostile arXiv API responses (bodies served with HTTP 200) ---------------------------------------
FEED_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
             'xmlns:arxiv="http://arxiv.org/schemas/atom">\n')
_ENTRY = ("<entry><id>http://arxiv.org/abs/2104.12255v1</id><title>{title}</title>"
         "<summary>s</summary><author><name>A. Author</name></author>"
         '<arxiv:primary_category term="cs.CR"/></entry>\n')
GOOD_FEED = FEED_HEAD + _ENTRY.format(title="Zero") + "</feed>\n"

BILLION_LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE feed [\n<!ENTITY lol "lol">\n'
                  + "".join(f'<!ENTITY lol{i} "' + f"&lol{i - 1 if i > 1 else ''};" * 10 + '">\n'
                            for i in range(1, 10))
                  + ']>\n' + GOOD_FEED.split("\n", 1)[1].replace("<title>Zero", "<title>&lol9;"))
XXE = ('<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
       + GOOD_FEED.split("\n", 1)[1].replace("<title>Zero", "<title>&xxe;"))
XXE_PARAMETER = ('<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY % ext SYSTEM "http://127.0.0.1:1/evil.dtd"> '
                 "%ext;]>\n" + GOOD_FEED.split("\n", 1)[1])
HTML = ("<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head><body><h1>Service "
        "Unavailable</h1><p>Please retry later.</p></body></html>\n")
HTML_XHTML = '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Rate limited</p></body></html>'
DEEP = "<feed>" + "<a>" * 50_000 + "</a>" * 50_000 + "</feed>"

FEEDS = {
    "billion-laughs": BILLION_LAUGHS,
    "external-entity": XXE,
    "external-parameter-entity": XXE_PARAMETER,
    "html-page": HTML,
    "xhtml-page": HTML_XHTML,
    "atom-cut-short": GOOD_FEED[: len(GOOD_FEED) // 2],
    "atom-cut-in-entry": GOOD_FEED[: GOOD_FEED.index("<summary>") + 4],
    "empty-body": "",
    "whitespace-body": " \n ",
    "json-body": '{"error": "rate limited"}',
    "random-text": _random_bytes(5000, 5, low=32).decode("latin-1"),
    "nul-in-feed": GOOD_FEED.replace("Zero", "Ze\x00ro"),
    "deep-nesting": DEEP,
    "wrong-namespace": GOOD_FEED.replace("http://www.w3.org/2005/Atom", "http://example.com/not-atom"),
}


BY_NAME = {case.name: case for case in CASES}
assert len(BY_NAME) == len(CASES), "case names must be unique"


@cache
def _built(name: str) -> bytes:
    return BY_NAME[name].build()


def write(case: Case, directory: Path) -> Path:
    """The case's file in ``directory`` (its own sub-directory, so names never clash)."""
    target = directory / case.name / case.filename
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(case.data())
    return target
