"""The query language of the fake arXiv: ``search_query`` rewriting, parsing and matching.

It imitates the current service as API.md describes it (§4, §5): field prefixes, quoted phrases,
``AND``/``OR``/``ANDNOT`` with no precedence and right association, juxtaposition meaning OR,
bare words searched in ``all:``, lower-case operators as words, unbalanced quotes dropped,
parse failures reported as ``Invalid query string``.  Text fields are lower-cased, split on
non-alphanumerics, stripped of English stop words and lightly stemmed, for phrases too.
Deliberate simplification: phrases ignore the positions of removed stop words, so
``ti:"attention is all you need"`` also finds "Attention is *Not* All You Need" — a superset of
what arXiv may return, which is what a test of careful matching wants.
"""
from __future__ import annotations

import fnmatch
import re
import unicodedata
from dataclasses import dataclass

PREFIXES = {"ti", "au", "abs", "co", "jr", "cat", "rn", "id", "all", "doi", "submittedDate", "title",
            "lastUpdatedDate"}
STOP = {"a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no",
        "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this",
        "to", "was", "will", "with"}
_TOKEN = re.compile(r'\s*(?:(?P<quoted>"[^"]*")|(?P<open>\()|(?P<close>\))|(?P<word>[^\s()"]+))')


class QueryError(ValueError):
    """The service's 400 ``Invalid query string: '<rewritten>'``."""


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


def stem(word: str) -> str:
    for suffix, repl, min_len in (("sses", "ss", 5), ("ies", "y", 5), ("ing", "", 6), ("ed", "", 5)):
        if word.endswith(suffix) and len(word) >= min_len:
            return word[: -len(suffix)] + repl
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def text_tokens(text: str) -> list[str]:
    words = re.split(r"[^\w]+|_", text.lower())
    return [stem(w) for w in words if w and w not in STOP]


def author_tokens(name: str) -> list[str]:
    return fold(re.sub(r"[.,;]", " ", name)).split()


@dataclass(frozen=True)
class Term:
    field: str
    value: str
    phrase: bool


# ---- rewriting and parsing -------------------------------------------------------------------

def _lex(query: str) -> list[str]:
    query = query.replace("\r", " ").replace("\n", " ")
    if query.count('"') % 2:  # an unbalanced quote is silently dropped
        last = query.rfind('"')
        query = query[:last] + query[last + 1:]
    tokens, pos = [], 0
    while pos < len(query):
        match = _TOKEN.match(query, pos)
        if not match or match.end() == pos:
            break
        pos = match.end()
        tokens.append(next(v for v in match.groupdict().values() if v is not None))
    return tokens


def rewrite(query: str) -> list:
    """Tokens after the service's rewriting: prefixes attached, ``NOT`` -> ``ANDNOT``, implicit OR."""
    raw = _lex(query)
    out: list = []
    i = 0
    while i < len(raw):
        tok = raw[i]
        if tok in ("AND", "OR", "ANDNOT", "NOT"):
            op = "ANDNOT" if tok == "NOT" else tok
            if op == "ANDNOT" and out and out[-1] == "AND":
                out.pop()
            if out and out[-1] in ("AND", "OR", "ANDNOT"):
                out[-1] = op  # runs of operators collapse to the last one
            else:
                out.append(op)
            i += 1
            continue
        if tok in ("(", ")"):
            if tok == "(" and out and isinstance(out[-1], (Term, str)) and out[-1] not in ("AND", "OR", "ANDNOT", "("):
                out.append("OR")
            out.append(tok)
            i += 1
            continue
        field, value = "all", tok
        if ":" in tok and tok.split(":", 1)[0] in PREFIXES:
            field, value = tok.split(":", 1)
            field = {"title": "ti", "lastUpdatedDate": "submittedDate"}.get(field, field)
            if value == "" and i + 1 < len(raw) and raw[i + 1] == "(":  # prefix:( a b ) distributes
                if ")" not in raw[i + 1:]:
                    raise QueryError(f"Invalid query string: '{query}'")
                j = raw.index(")", i + 1)
                group = [Term(field, w.strip('"'), w.startswith('"')) for w in raw[i + 2:j]]
                if out and out[-1] not in ("AND", "OR", "ANDNOT", "("):
                    out.append("OR")
                out.append("(")
                for k, term in enumerate(group):
                    out.extend((["OR"] if k else []) + [term])
                out.append(")")
                i = j + 1
                continue
            if value == "" and i + 1 < len(raw) and raw[i + 1].startswith('"'):
                value = raw[i + 1]
                i += 1
        phrase = value.startswith('"') and value.endswith('"') and len(value) >= 2
        term = Term(field, value[1:-1] if phrase else value, phrase)
        if out and out[-1] not in ("AND", "OR", "ANDNOT", "("):
            out.append("OR")  # juxtaposition means OR
        out.append(term)
        i += 1
    return out


def show(tokens: list) -> str:
    parts = []
    for tok in tokens:
        if isinstance(tok, Term):
            parts.append(f'{tok.field}:"{tok.value}"' if tok.phrase else f"{tok.field}:{tok.value}")
        else:
            parts.append(tok)
    return " ".join(parts).replace("( ", "(").replace(" )", ")")


def parse(query: str):
    """A tree of ``Term`` and ``(op, left, right)``; ``QueryError`` when the grammar rejects it."""
    tokens = rewrite(query)
    pos = 0

    def fail():
        raise QueryError(f"Invalid query string: '{show(tokens)}'")

    def unary():
        nonlocal pos
        if pos >= len(tokens):
            fail()
        tok = tokens[pos]
        if tok == "(":
            pos += 1
            node = expr()
            if pos >= len(tokens) or tokens[pos] != ")":
                fail()
            pos += 1
            return node
        if tok == "ANDNOT":  # a leading ANDNOT negates everything to its right
            pos += 1
            return ("NOT", expr())
        if isinstance(tok, Term):
            pos += 1
            return tok
        fail()

    def expr():
        nonlocal pos
        left = unary()
        if pos < len(tokens) and tokens[pos] in ("AND", "OR", "ANDNOT"):
            op = tokens[pos]
            pos += 1
            return (op, left, expr())  # no precedence: operators associate to the right
        return left

    if not tokens:
        fail()
    tree = expr()
    if pos != len(tokens):
        fail()
    return tree, show(tokens)


# ---- evaluation -------------------------------------------------------------------------------

def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


def _plain_tokens(text: str) -> list[str]:
    return [w for w in re.split(r"[^\w]+|_", text.lower()) if w]


def _text_match(text: str, term: Term) -> int:
    tokens = text_tokens(text)
    wanted = text_tokens(term.value)
    if not wanted and term.phrase:  # only stop words: the plain ``title`` field (no stop list) still has them
        tokens, wanted = _plain_tokens(text), _plain_tokens(term.value)
    if not wanted:
        return 0
    if term.phrase:
        return len(wanted) if _contains(tokens, wanted) else 0
    if "*" in term.value or "?" in term.value:
        pattern = term.value.lower()
        return int(any(fnmatch.fnmatchcase(t, pattern) for t in re.split(r"[^\w]+", text.lower()) if t))
    return sum(1 for w in wanted if w in tokens) if all(w in tokens for w in wanted) else 0


def _author_match(authors: list[str], term: Term) -> int:
    words = author_tokens(term.value.replace("_", " ") if term.value.count("_") else term.value)
    if not words:
        return 0
    for name in authors:
        have = author_tokens(name)
        if all(any(fnmatch.fnmatchcase(h, w) for h in have) for w in words):
            return 1
    return 0


def term_score(record: dict, term: Term) -> int:
    field = term.field
    if field == "ti":
        return _text_match(record["title"], term)
    if field == "abs":
        return _text_match(record.get("summary", ""), term)
    if field == "co":
        return _text_match(record.get("comment", ""), term)
    if field == "jr":
        return _text_match(record.get("journal_ref", ""), term)
    if field == "au":
        return _author_match([a["name"] for a in record["authors"]], term)
    if field == "cat":
        pattern = term.value.lower()
        return int(any(fnmatch.fnmatchcase(c.lower(), pattern) for c in record["categories"]))
    if field == "id":
        return int(term.value in (record["id"], f"{record['id']}v{record['version']}"))
    if field == "doi":
        return int(term.value == record.get("doi", ""))
    if field == "submittedDate":
        low, _, high = term.value.partition(" TO ")
        stamp = re.sub(r"\D", "", record["published"])[:12]
        return int(low.ljust(12, "0") <= stamp <= high.ljust(12, "9"))
    if field in ("all", "rn"):
        return max(term_score(record, Term(f, term.value, term.phrase)) for f in ("ti", "abs", "au", "co", "jr", "cat"))
    return 0


def score(record: dict, tree) -> int:
    """0 when the record does not match; otherwise a crude relevance."""
    if isinstance(tree, Term):
        return term_score(record, tree)
    if tree[0] == "NOT":
        return 0 if score(record, tree[1]) else 1
    op, left, right = tree
    a = score(record, left)
    if op == "ANDNOT":
        return a if a and not score(record, right) else 0
    b = score(record, right)
    if op == "AND":
        return a + b if a and b else 0
    return a + b
