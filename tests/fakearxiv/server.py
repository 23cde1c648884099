"""A real HTTP server on 127.0.0.1 that answers like arXiv's ``/api/query`` (API.md), for the tests.

    with FakeArxiv() as arxiv:            # the 50 seed papers plus near-neighbour traps
        arxiv.url                         # http://127.0.0.1:PORT/api/query
        arxiv.faults = Faults(every=3, action="429")
        arxiv.log                         # every request: time, parameters, status, action

Run by hand with ``python -m fakearxiv --port 8765`` from ``tests/``.

Faults (``Faults.script`` first, one action per request, then ``every``/``action``):
``ok``, ``429`` (plain ``Rate exceeded.``), ``rate200`` (the same body with HTTP 200), ``503``,
``503-retry-after:<seconds>``, ``500`` (error feed), ``403`` (Access Denied page), ``drop`` (close
the connection without an answer), ``slow:<seconds>`` (answer late), ``empty`` (a valid feed with
no entries).  ``Faults(down=True)`` drops every request; a stopped server refuses connections.
Hostile answers: ``gzip-bomb:<MB>`` (that many MB of gzip, each KB inflating to 1 MB),
``trickle:<seconds>`` (the whole answer, headers included, one byte every <seconds>),
``trickle-body:<seconds>`` (headers at once, then the body one byte every <seconds>),
``redirect:<scheme://host:port>`` (302 to the same path and query there; empty: this server).
"""
from __future__ import annotations

import argparse
import functools
import json
import re
import socket
import threading
import time
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from . import atomfeed
from .search import QueryError, parse, score

HERE = Path(__file__).resolve().parent
SEED_CORPUS = HERE.parent / "fixtures" / "arxiv-seed-corpus.json"
NEIGHBOURS = HERE / "records" / "neighbours.json"
MAX_REQUEST_LINE = 8192
# the current service's id check is a search, not a full match (API.md §10)
_ID_PATTERN = re.compile(r"(?<![\d=.])(arXiv:)?\d{4}\.\d{4,5}(v\d*)?|[a-z-]+(\.[A-Za-z-]+)?/\d{2}[01]\d{4}(v\d*)?",
                         re.IGNORECASE)


def load_records(*paths: Path) -> list[dict]:
    paths = paths or (SEED_CORPUS, NEIGHBOURS)
    records = []
    for path in paths:
        records.extend(json.loads(Path(path).read_text(encoding="utf-8")))
    return records


@dataclass
class Faults:
    script: list[str] = field(default_factory=list)
    every: int = 0
    action: str = "ok"
    down: bool = False  # refuse: the listening socket stays open but every answer is a dropped connection

    def next_action(self, number: int) -> str:
        if self.down:
            return "drop"
        if self.script:
            return self.script.pop(0)
        if self.every and number % self.every == 0:
            return self.action
        return "ok"


@dataclass
class Logged:
    started: float  # time.monotonic() when the request arrived
    path: str
    params: dict
    status: int  # 0 until answered (and for a dropped connection)
    action: str
    user_agent: str = ""


class FakeArxiv:
    def __init__(self, records: list[dict] | None = None, host: str = "127.0.0.1", port: int = 0):
        self.records = records if records is not None else load_records()
        self.by_id = {r["id"]: r for r in self.records}
        self.faults = Faults()
        self.log: list[Logged] = []
        self._lock = threading.Lock()
        self._count = 0
        self.httpd = ThreadingHTTPServer((host, port), _handler_for(self))
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/api/query"

    def start(self) -> FakeArxiv:
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> FakeArxiv:  # noqa: PYI034 (typing.Self needs Python 3.11)
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def take_number(self) -> int:
        with self._lock:
            self._count += 1
            return self._count

    @property
    def queries(self) -> list[dict]:
        return [entry.params for entry in self.log]

    # ---- the API proper ---------------------------------------------------------------------

    def answer(self, path: str, params: dict[str, str]) -> tuple[int, str, str]:
        """(status, content type, body) for one request, as the current service would answer it."""
        atom = "application/atom+xml; charset=utf-8"
        if path.rstrip("/") != "/api/query":
            return 404, atom, atomfeed.error_feed(
                "The requested URL was not found on the server. If you entered the URL manually please check "
                "your spelling and try again.")
        id_list = params.get("id_list", "")
        ids = id_list.split(",") if id_list else []
        for elem in ids:  # split on "," with no trimming; only the first bad element is reported
            if not _ID_PATTERN.search(elem):
                return 400, atom, atomfeed.error_feed(f"incorrect id format for {elem}",
                                                      f"incorrect_id_format_for_{elem}")
        checked = {}
        for name, default in (("max_results", "10"), ("start", "0")):
            raw = params.get(name, default)
            if not re.fullmatch(r"-?\d+", raw.strip()):
                return 400, atom, atomfeed.error_feed(f"{name} must be an integer", f"{name}_must_be_an_integer")
            if int(raw) < 0:
                return 400, atom, atomfeed.error_feed(f"{name} must be non-negative",
                                                      f"{name}_must_be_non-negative")
            checked[name] = int(raw)
        max_results, start = checked["max_results"], checked["start"]
        if params.get("sortBy", "relevance") not in ("relevance", "lastUpdatedDate", "submittedDate"):
            return 400, atom, atomfeed.error_feed("sortBy must be in: relevance, lastUpdatedDate, submittedDate")
        if params.get("sortOrder", "descending") not in ("ascending", "descending"):
            return 400, atom, atomfeed.error_feed("sortOrder must be in: ascending, descending")
        query = params.get("search_query", "")
        tree, shown = None, ""
        if query:
            try:
                tree, shown = parse(query)
            except QueryError as exc:
                return 400, atom, atomfeed.error_feed(str(exc))
        if not query and not ids:
            return 400, atom, atomfeed.error_feed(
                "Either a search_query or id_list must be specified for the classic API.")
        if max_results == 0 or start + max_results > 10000:
            return 500, atom, atomfeed.error_feed(atomfeed.INTERNAL)
        hits = self._hits(ids, tree, params)
        page = hits[start:start + max_results]
        return 200, atom, atomfeed.results_feed(shown, id_list, start, max_results, len(hits), page)

    def _hits(self, ids: list[str], tree, params: dict[str, str]) -> list[tuple[dict, int]]:
        found: list[tuple[dict, int]] = []
        if ids:
            seen = set()
            for elem in ids:  # exact strings: "arXiv:…", trailing spaces, "v07" find nothing
                match = re.fullmatch(r"(.+?)(?:v([1-9]\d*))?", elem)
                rec = self.by_id.get(match.group(1)) if match else None
                version = int(match.group(2)) if match and match.group(2) else None
                if rec is None or (version and version > rec["version"]) or elem in seen:
                    continue
                seen.add(elem)
                found.append((rec, version or rec["version"]))
            # index order, not id_list order: clients must index results by id
            found.sort(key=lambda pair: pair[0]["published"])
            if tree is not None:
                found = [(rec, v) for rec, v in found if score(rec, tree)]
            return found
        scored = [(score(rec, tree), rec) for rec in self.records]
        key = params.get("sortBy", "relevance")
        descending = params.get("sortOrder", "descending") == "descending"
        if key == "relevance":
            ranked = sorted((p for p in scored if p[0]), key=lambda p: (p[0], p[1]["published"]), reverse=descending)
        else:
            field_name = "published" if key == "submittedDate" else "updated"
            ranked = sorted((p for p in scored if p[0]), key=lambda p: p[1][field_name], reverse=descending)
        return [(rec, rec["version"]) for _, rec in ranked]


def _handler_for(fake: FakeArxiv):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "FakeArxiv/1.0"

        def log_message(self, *args) -> None:  # keep test output clean
            pass

        def do_GET(self) -> None:
            started = time.monotonic()
            number = fake.take_number()
            parts = urlsplit(self.path)
            params: dict[str, str] = {}
            for name, value in parse_qsl(parts.query, keep_blank_values=True):
                params.setdefault(name, value)  # the first value of a repeated key wins
            action = fake.faults.next_action(number)
            # logged before answering: a client may look at the log as soon as it has its answer
            entry = Logged(started, parts.path, params, 0, action, self.headers.get("User-Agent", ""))
            fake.log.append(entry)
            entry.status = self._act(action, parts.path, params)

        def _act(self, action: str, path: str, params: dict[str, str]) -> int:
            if action == "drop":
                self.close_connection = True
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                return 0
            if action.startswith("slow:"):
                time.sleep(float(action.split(":", 1)[1]))
            if action.startswith("gzip-bomb:"):
                return self._send_bomb(float(action.split(":", 1)[1]))
            if action.startswith("redirect:"):
                location = action.split(":", 1)[1] + self.path
                return self._send(302, "text/html", f'<a href="{location}">moved</a>', {"Location": location})
            if len(self.requestline) > MAX_REQUEST_LINE:
                return self._send(414, "text/html", "<h1>414 Request-URI Too Long</h1>")
            if action in ("429", "rate200"):
                return self._send(429 if action == "429" else 200, "text/plain; charset=utf-8", "Rate exceeded.")
            if action == "503":
                return self._send(503, "text/html", "<html><body>503 Service Unavailable</body></html>")
            if action.startswith("503-retry-after:"):  # as arXiv's OAI endpoint answers under load
                return self._send(503, "text/html", "first byte timeout", {"Retry-After": action.split(":", 1)[1]})
            if action == "500":
                return self._send(500, "application/atom+xml; charset=utf-8", atomfeed.error_feed(atomfeed.INTERNAL))
            if action == "403":
                return self._send(403, "text/html", "<html><body>Access Denied</body></html>")
            status, ctype, body = fake.answer(path, params)
            if action == "empty" and status == 200:
                body = atomfeed.results_feed(params.get("search_query", ""), params.get("id_list", ""),
                                             0, int(params.get("max_results", "10")), 0, [])
            if action.startswith(("trickle:", "trickle-body:")):
                return self._trickle(status, ctype, body, float(action.split(":", 1)[1]),
                                     headers_too=action.startswith("trickle:"))
            return self._send(status, ctype, body)

        def _send_bomb(self, megabytes: float) -> int:
            member = _gzip_member_of_zeros()
            count = max(1, int(megabytes * 2**20 / len(member)))
            self.send_response(200)
            self.send_header("Content-Type", "application/atom+xml; charset=utf-8")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(count * len(member)))
            self.end_headers()
            try:
                for start in range(0, count, 64):
                    self.wfile.write(member * min(64, count - start))
            except (BrokenPipeError, ConnectionResetError):  # the client stopped reading: that is the point
                self.close_connection = True
            return 200

        def _trickle(self, status: int, ctype: str, body: str, every: float, headers_too: bool) -> int:
            data = body.encode("utf-8")
            head = (f"HTTP/1.1 {status} OK\r\nContent-Type: {ctype}\r\nContent-Length: {len(data)}\r\n"
                    "Connection: close\r\n\r\n").encode("ascii")
            self.close_connection = True
            try:
                if not headers_too:
                    self.wfile.write(head)
                    head = b""
                for byte in head + data:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(every)
            except (BrokenPipeError, ConnectionResetError, OSError):  # the client gave up
                pass
            return status

        def _send(self, status: int, ctype: str, body: str, headers: dict | None = None) -> int:
            data = body.encode("utf-8")
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            try:
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
                self.close_connection = True
            return status

    return Handler


@functools.cache
def _gzip_member_of_zeros() -> bytes:
    """One gzip member (about 1 KB) that inflates to 1 MB of zeros; members may follow each other."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    return packer.compress(bytes(2**20)) + packer.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the fake arXiv API for manual tries.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--every", type=int, default=0, help="inject a fault every N requests")
    parser.add_argument("--action", default="429", help="the fault to inject (429, 503, drop, slow:2, ...)")
    args = parser.parse_args()
    fake = FakeArxiv(port=args.port)
    fake.faults = Faults(every=args.every, action=args.action)
    print(f"fake arXiv with {len(fake.records)} records at {fake.url}", flush=True)
    try:
        fake.httpd.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
