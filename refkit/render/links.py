"""Which URLs may become links in formatted output.

A ``url`` field is data from whatever file the user imported, so a ``javascript:`` or ``data:``
URL must never become a live link. Only schemes that open a document (http, https, ftp) or a mail
client become links; ``doi:10.…`` becomes its https://doi.org/ resolver. Everything else is shown
as escaped text by the target writer, which also escapes a link's destination for its own syntax.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = ["SAFE_SCHEMES", "safe_link"]

SAFE_SCHEMES = frozenset({"http", "https", "ftp", "mailto"})

# browsers drop ASCII tabs and newlines inside a URL ("java\tscript:" runs as javascript:), so a URL
# holding any control character or whitespace is not trusted as a link at all
_UNSAFE_CHAR = re.compile(r"[\x00-\x20\x7f-\x9f\u2028\u2029]")
_DOI = re.compile(r"(?i)^doi:\s*(10\.\S+)$")


def safe_link(url: str) -> str | None:
    """The URL to link to, or ``None`` when ``url`` must stay text (unknown or script-capable scheme)."""
    url = url.strip()
    doi = _DOI.match(url)
    if doi:
        url = "https://doi.org/" + doi.group(1)
    if not url or _UNSAFE_CHAR.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced IPv6 bracket
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES:
        return None
    if parts.scheme.lower() != "mailto" and not parts.netloc:
        return None
    return url  # each target escapes the destination for its own syntax
