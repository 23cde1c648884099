"""Pure mappings between the canonical Entry and outside vocabularies.

- ``refkit.mapping.bibtex``: BibTeX/BibLaTeX fields <-> Entry (``from_bibtex``, ``to_bibtex``)
- ``refkit.mapping.csl``: CSL-JSON items <-> Entry (``from_csl``, ``to_csl``)
"""
from .bibtex import from_bibtex, to_bibtex
from .csl import from_csl, to_csl

__all__ = ["from_bibtex", "from_csl", "to_bibtex", "to_csl"]
