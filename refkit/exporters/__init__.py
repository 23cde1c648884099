"""Writers: ``dumps(entries, annotations=None) -> str``, registered under ``refkit.exporters``."""
