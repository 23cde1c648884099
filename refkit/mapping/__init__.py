"""Pure mappings between the canonical Entry and outside vocabularies.

- ``refkit.mapping.bibtex``: BibTeX/BibLaTeX fields <-> Entry (``from_bibtex``, ``to_bibtex``)
- ``refkit.mapping.csl``: CSL-JSON items <-> Entry (``from_csl``, ``to_csl``)
- ``refkit.mapping.ris``, ``export_text``, ``bibtex_keys``, ``csl_schema``: the smaller rules they share

Import the module you need: the package imports nothing, so ``refkit.keys`` (which needs only
``bibtex_keys``) stays cheap for commands that never map a record.
"""
