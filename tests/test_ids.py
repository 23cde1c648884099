"""refkit.ids: the one place that spells arXiv's links."""
from __future__ import annotations

from pathlib import Path

import refkit
from refkit.ids import ArxivId, abs_url, is_arxiv_abs_url, parse_arxiv_id, pdf_url


def test_links_with_and_without_version():
    assert abs_url("2307.05300") == "https://arxiv.org/abs/2307.05300"
    assert pdf_url("hep-th/9901001v2") == "https://arxiv.org/pdf/hep-th/9901001v2"
    assert ArxivId("2307.05300", 4).abs_url() == "https://arxiv.org/abs/2307.05300v4"
    assert ArxivId("2307.05300").pdf_url() == "https://arxiv.org/pdf/2307.05300"


def test_an_abs_link_reads_back_as_its_id():
    assert parse_arxiv_id(abs_url("2307.05300v2")) == ArxivId("2307.05300", 2)
    assert is_arxiv_abs_url(abs_url("2307.05300")) and is_arxiv_abs_url("http://export.arxiv.org/abs/2307.05300")
    assert not is_arxiv_abs_url(pdf_url("2307.05300")) and not is_arxiv_abs_url("https://example.org/abs/1")


def test_no_module_but_ids_spells_an_arxiv_link():
    package = Path(refkit.__file__).parent
    spelled = [str(path.relative_to(package)) for path in sorted(package.rglob("*.py"))
               if path.name != "ids.py" and ("arxiv.org/abs" in path.read_text(encoding="utf-8")
                                             or "arxiv.org/pdf" in path.read_text(encoding="utf-8"))]
    assert spelled == []
