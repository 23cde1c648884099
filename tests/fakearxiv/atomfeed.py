"""Atom serialisation of the fake arXiv, shaped like the current service's responses (API.md §9.1)."""
from __future__ import annotations

import base64
import hashlib
from datetime import datetime, timezone
from urllib.parse import urlencode
from xml.sax.saxutils import escape, quoteattr

HEAD = ("<?xml version='1.0' encoding='UTF-8'?>\n"
        '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
        'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">\n')
SCHEME = "http://arxiv.org/schemas/atom"
INTERNAL = ("The server encountered an internal error and was unable to complete your request. Either the "
            "server is overloaded or there is an error in the application.")


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def feed_id(canonical: str) -> str:
    digest = base64.b64encode(hashlib.sha1(canonical.encode("utf-8")).digest()).decode("ascii")
    return "https://arxiv.org/api/" + digest[:-1]


def entry_xml(rec: dict, version: int) -> str:
    full = f"{rec['id']}v{version}"
    lines = [
        "  <entry>",
        f"    <id>http://arxiv.org/abs/{full}</id>",
        f"    <title>{escape(rec['title'])}</title>",
        f"    <updated>{rec['updated'] if version == rec['version'] else rec['published']}</updated>",
        f'    <link href="https://arxiv.org/abs/{full}" rel="alternate" type="text/html"/>',
        f'    <link href="https://arxiv.org/pdf/{full}" rel="related" type="application/pdf" title="pdf"/>',
        f"    <summary>{escape(rec.get('summary', ''))}</summary>",
    ]
    lines += [f'    <category term={quoteattr(c)} scheme="{SCHEME}"/>' for c in rec["categories"]]
    lines.append(f"    <published>{rec['published']}</published>")
    if rec.get("comment"):
        lines.append(f"    <arxiv:comment>{escape(rec['comment'])}</arxiv:comment>")
    lines.append(f"    <arxiv:primary_category term={quoteattr(rec['primary_category'])}/>")
    if rec.get("journal_ref"):
        lines.append(f"    <arxiv:journal_ref>{escape(rec['journal_ref'])}</arxiv:journal_ref>")
    for author in rec["authors"]:
        lines.append("    <author>")
        lines.append(f"      <name>{escape(author['name'])}</name>")
        for aff in author.get("affiliations", ()):
            lines.append(f"      <arxiv:affiliation>{escape(aff)}</arxiv:affiliation>")
        lines.append("    </author>")
    if rec.get("doi"):
        lines.append(f"    <arxiv:doi>{escape(rec['doi'])}</arxiv:doi>")
        lines.append(f'    <link rel="related" href="https://doi.org/{escape(rec["doi"])}" title="doi"/>')
    lines.append("  </entry>")
    return "\n".join(lines) + "\n"


def results_feed(query: str, id_list: str, start: int, max_results: int, total: int,
                 entries: list[tuple[dict, int]]) -> str:
    canonical = f"search_query={query}&id_list={id_list}&start={start}&max_results={max_results}"
    link = urlencode({"search_query": query, "start": start, "max_results": max_results, "id_list": id_list},
                     safe="!$'()*,/:;?@")
    parts = [
        HEAD,
        f"  <id>{feed_id(canonical)}</id>\n",
        f"  <title>arXiv Query: {escape(canonical)}</title>\n",
        f"  <updated>{_now()}</updated>\n",
        f'  <link href="https://arxiv.org/api/query?{escape(link)}" type="application/atom+xml"/>\n',
        f"  <opensearch:itemsPerPage>{max_results}</opensearch:itemsPerPage>\n",
        f"  <opensearch:totalResults>{total}</opensearch:totalResults>\n",
        f"  <opensearch:startIndex>{start}</opensearch:startIndex>\n",
    ]
    parts += [entry_xml(rec, version) for rec, version in entries]
    parts.append("</feed>\n")
    return "".join(parts)


def error_feed(message: str, anchor: str | None = None) -> str:
    """One ``Error`` entry, as the service answers 400/404/500."""
    ref = "https://arxiv.org/api/errors" + (f"#{anchor}" if anchor else "")
    now = _now()
    return (HEAD +
            "  <id>https://arxiv.org/</id>\n  <title>arXiv Search Results</title>\n"
            f"  <updated>{now}</updated>\n"
            "  <opensearch:itemsPerPage>1</opensearch:itemsPerPage>\n"
            "  <opensearch:totalResults>1</opensearch:totalResults>\n"
            "  <opensearch:startIndex>0</opensearch:startIndex>\n"
            "  <entry>\n"
            f"    <id>{escape(ref)}</id>\n    <title>Error</title>\n    <updated>{now}</updated>\n"
            f'    <link href={quoteattr(ref)} rel="alternate" type="text/html"/>\n'
            f"    <summary>{escape(message)}</summary>\n"
            "    <author>\n      <name>arXiv api core</name>\n    </author>\n  </entry>\n</feed>\n")
