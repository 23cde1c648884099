"""Pure Entry <-> format conversions (BibTeX, CSL-JSON, RIS): the format vocabularies live only here."""
