"""Only safe URLs become links (issue 12, point 8): a ``url`` field is data from an imported file."""
from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from refkit.cli import main
from refkit.render.links import safe_link

HOSTILE_URLS = [
    "javascript:alert(document.cookie)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "javascript&#58;alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "https://exa mple.org/",
    "http:/no-host",
]


@pytest.mark.parametrize("url", HOSTILE_URLS, ids=repr)
def test_unsafe_urls_are_not_links(url):
    assert safe_link(url) is None


@pytest.mark.parametrize(("url", "href"), [
    ("https://arxiv.org/abs/2307.05300", "https://arxiv.org/abs/2307.05300"),
    ("HTTP://Example.org/a(b)", "HTTP://Example.org/a(b)"),
    ("ftp://ftp.example.org/x.pdf", "ftp://ftp.example.org/x.pdf"),
    ("mailto:a@example.org", "mailto:a@example.org"),
    ("doi:10.1000/xyz", "https://doi.org/10.1000/xyz"),
    ("  https://example.org/  ", "https://example.org/"),
], ids=repr)
def test_safe_urls_are_links(url, href):
    assert safe_link(url) == href


@pytest.fixture
def hostile_file(tmp_path):
    items = [{"id": f"k{i}", "type": "webpage", "title": f"Title {i}", "issued": {"date-parts": [[2000 + i]]},
              "author": [{"family": f"Author{i}", "given": "A."}], "URL": url}
             for i, url in enumerate(HOSTILE_URLS)]
    items.append({"id": "good", "type": "webpage", "title": "Good", "issued": {"date-parts": [[2024]]},
                  "author": [{"family": "Zed", "given": "Z."}], "URL": "https://example.org/a(b)<c>"})
    path = tmp_path / "urls.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


def _bib(refkit_home, capsys, *args) -> str:
    with pytest.raises(SystemExit) as done:
        main(["bib", *args])
    out, err = capsys.readouterr()
    assert done.value.code == 0, err
    return out


class _Hrefs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.hrefs.extend(value for name, value in attrs if name == "href")


@pytest.mark.parametrize("style", ["pybtex:plain", "apa", "ieee"])
def test_html_links_only_to_safe_schemes(style, hostile_file, refkit_home, capsys):
    page = _bib(refkit_home, capsys, str(hostile_file), "--style", style, "--to", "html")
    parsed = _Hrefs()
    parsed.feed(page)
    assert "script" not in parsed.tags
    assert parsed.hrefs, "the safe URL must still be a link"
    assert all(href.startswith("https://") for href in parsed.hrefs), parsed.hrefs
    assert "javascript:alert(document.cookie)" in page, "an unsafe URL stays visible as text"


@pytest.mark.parametrize("style", ["pybtex:plain", "apa"])
def test_markdown_links_only_to_safe_schemes(style, hostile_file, refkit_home, capsys):
    page = _bib(refkit_home, capsys, str(hostile_file), "--style", style, "--to", "markdown")
    assert "<script>" not in page and "<data:" not in page and "](data:" not in page
    assert "](javascript:" not in page.lower() and "<javascript:" not in page.lower()
    assert "<https://example.org/a%28b" in page  # the destination cannot be broken out of
    assert "\\<script\\>" in page  # the data: URL is text, its markup escaped


@pytest.mark.parametrize("style", ["pybtex:plain", "apa"])
def test_latex_links_only_to_safe_schemes(style, hostile_file, refkit_home, capsys):
    page = _bib(refkit_home, capsys, str(hostile_file), "--style", style, "--to", "latex")
    assert "\\url{javascript" not in page and "\\href{javascript" not in page.lower()
    assert "\\url{data:" not in page and "\\url{file:" not in page
    assert "\\url{https://example.org/a" in page
