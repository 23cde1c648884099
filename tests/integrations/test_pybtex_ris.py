"""refkit's RIS reader and writer as pybtex formats, through the real ``pybtex-convert``."""
from __future__ import annotations

import subprocess

import pybtex.database

BIB = r"""@inproceedings{vaswani2017attention,
  author = {Vaswani, Ashish and Shazeer, Noam},
  title = {Attention Is All You Need},
  booktitle = {Advances in Neural Information Processing Systems},
  year = {2017},
  pages = {5998--6008},
}
@misc{peng2023kosmos,
  author = {Peng, Zhiliang and M{\"u}ller, J{\"o}rg},
  title = {{Kosmos-2}: Grounding Multimodal Large Language Models to the World},
  year = {2023},
  eprint = {2306.14824},
  archivePrefix = {arXiv},
  primaryClass = {cs.CL},
}
"""


def _convert(pybtex_convert, cwd, source, target):
    return subprocess.run([pybtex_convert, source, target], cwd=cwd, capture_output=True, text=True,
                          check=False, timeout=60)


def test_bib_to_ris_and_back_through_pybtex_convert(pybtex_convert, tmp_path):
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    run = _convert(pybtex_convert, tmp_path, "refs.bib", "refs.ris")
    assert (run.returncode, run.stderr) == (0, "")
    ris = (tmp_path / "refs.ris").read_text(encoding="utf-8")
    records = [r for r in ris.split("ER  - ") if r.strip()]
    assert len(records) == 2
    assert "TY  - CPAPER" in records[0] and "AU  - Vaswani, Ashish" in records[0] and "SP  - 5998" in records[0]
    assert "AU  - Müller, Jörg" in records[1]  # LaTeX accents decoded for RIS
    assert "2306.14824" in records[1]

    back = _convert(pybtex_convert, tmp_path, "refs.ris", "back.bib")
    assert (back.returncode, back.stderr) == (0, "")
    data = pybtex.database.parse_file(str(tmp_path / "back.bib"))
    assert sorted(data.entries) == ["peng2023kosmos", "vaswani2017attention"]
    vaswani = data.entries["vaswani2017attention"]
    assert [str(p) for p in vaswani.persons["author"]] == ["Vaswani, Ashish", "Shazeer, Noam"]
    assert vaswani.fields["year"] == "2017"
