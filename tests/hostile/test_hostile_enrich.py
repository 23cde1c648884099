"""``refkit enrich`` against a server that answers every request with a hostile body.

Whatever arXiv (or something pretending to be it) sends, enrichment ends with a message instead of a
traceback, keeps every entry's bibliographic data as it was, and says what it could not do.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import hostile_corpus as corpus
import pytest

# HTTP-level faults on top of the hostile bodies
RAW = {
    "http-cut-short": b"HTTP/1.1 200 OK\r\nContent-Type: application/atom+xml\r\nContent-Length: 100000\r\n\r\n"
                      + corpus.GOOD_FEED.encode()[:200],
    "http-garbage-status-line": b"SPDY/9 999 WHAT\r\n\r\nnonsense",
    "http-bad-gzip": b"HTTP/1.1 200 OK\r\nContent-Type: application/atom+xml\r\nContent-Encoding: gzip\r\n"
                     b"Content-Length: 16\r\n\r\nnot gzip at all!",
}
BODIES = {name: body.encode("utf-8") for name, body in corpus.FEEDS.items()}


class _Server:
    """Answers every GET with ``raw`` bytes (a whole HTTP response) or ``body`` with status 200."""

    def __init__(self):
        self.raw: bytes | None = None
        self.body = b""
        self.requests = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                outer.requests += 1
                if outer.raw is not None:
                    self.wfile.write(outer.raw)
                    self.close_connection = True
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/atom+xml; charset=utf-8")
                self.send_header("Content-Length", str(len(outer.body)))
                self.end_headers()
                self.wfile.write(outer.body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/api/query"


@pytest.fixture(scope="module")
def server() -> Iterator[_Server]:
    fake = _Server()
    thread = threading.Thread(target=fake.httpd.serve_forever, daemon=True)
    thread.start()
    yield fake
    fake.httpd.shutdown()
    fake.httpd.server_close()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, refkit_cli, read_library):
    home = tmp_path_factory.mktemp("enrich") / "home"
    good = home.parent / "good.bib"
    good.write_text(corpus.GOOD_BIB, encoding="utf-8")
    assert refkit_cli("add", str(good), home=home).returncode == 0
    return home, read_library(home)


def _bibliographic(listing: list[dict]) -> list[dict]:
    # what enrichment may change on failure is its own status; the entries themselves must stay
    return [{k: v for k, v in item.items() if k != "enrichment"} for item in listing]


@pytest.mark.parametrize("name", sorted(BODIES) + sorted(RAW))
def test_enrich_survives_a_hostile_server(name, server, seeded, tmp_path, refkit_cli, read_library,
                                          monkeypatch):
    import shutil

    home_seed, before = seeded
    home = tmp_path / "home"
    shutil.copytree(home_seed, home)
    server.raw, server.body = RAW.get(name), BODIES.get(name, b"")
    monkeypatch.setenv("REFKIT_ARXIV_URL", server.url)
    monkeypatch.setenv("REFKIT_ARXIV_DELAY", "0")
    done = refkit_cli("enrich", home=home, timeout=180)
    out = (done.stdout + done.stderr).decode("utf-8", errors="replace")
    assert "Traceback" not in out, out[-3000:]
    assert done.returncode in (0, 1), out[-1000:]
    assert "root:" not in out and "lollol" not in out
    after = read_library(home)
    assert _bibliographic(after) == _bibliographic(before), "a hostile answer changed the entries"
    # it says what is left: nothing was matched, so either the run failed or it reports failures
    if done.returncode == 0:
        assert "0 matched" in out or "failed" in out, out[-1000:]
    else:
        assert out.strip(), "failed without a word"
