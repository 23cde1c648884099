"""One polite HTTP session: a versioned User-Agent, a pace shared by every refkit process,
retries with backoff on the failures that pass, and a small on-disk cache.

arXiv asks for one request every three seconds *and* one connection at a time, for all
machines of a user together. ``Pacer`` enforces both across processes with a lock file
(held for the whole request) and a timestamp file (start of the last request), so two
``refkit enrich`` running side by side queue up instead of doubling the rate.
The clock and the sleep are injectable so the tests need no real waiting.

Every answer is streamed under limits (``http_limits``): at most 50 MB once decoded, complete
within 60 s.  Redirects are followed only on the same scheme, host and port: an answer from
elsewhere is not arXiv's answer.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import random
import re
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

from . import __version__
from .errors import AnswerTooLarge, AnswerTooSlow, NetworkError, RedirectRefused, ServiceHTTPError
from .http_limits import (
    MAX_ANSWER_BYTES,
    TOTAL_DEADLINE,
    CapPassed,
    Deadline,
    LimitedAdapter,
    read_capped,
)

__all__ = ["RATE_EXCEEDED", "USER_AGENT", "DiskCache", "HttpClient", "Pacer", "Response"]

USER_AGENT = f"refkit/{__version__} (+https://github.com/refkit/refkit)"
RATE_EXCEEDED = "Rate exceeded."  # arXiv's throttling body, seen with 429 and reportedly with 200
REFUSED_ATTEMPTS = 2  # a refused connection is retried once, not with the full backoff ladder
MAX_REDIRECTS = 5
_REDIRECT_STATUSES = (301, 302, 303, 307, 308)


class Pacer:
    """At least ``min_interval`` seconds between one request's end and the next one's start,
    one request at a time.

    With ``state_dir`` the pace holds across processes (``fcntl.flock`` on a lock file, last
    start time in a timestamp file); without it, only inside this process.
    """

    def __init__(self, min_interval: float, state_dir: Path | None = None, *, name: str = "arxiv",
                 clock: Callable[[], float] = time.time, sleep: Callable[[float], None] = time.sleep):
        self.min_interval = max(0.0, float(min_interval))
        self.state_dir = Path(state_dir) if state_dir else None
        self.name = name
        self.clock, self.sleep = clock, sleep
        self._thread_lock = threading.Lock()
        self._last = float("-inf")  # used when there is no state_dir

    @contextlib.contextmanager
    def turn(self) -> Iterator[None]:
        """Wait for our turn, then hold it while the body (one request) runs."""
        with self._thread_lock, self._process_lock():
            wait = self._read_last() + self.min_interval - self.clock()
            if wait > 0:
                self.sleep(wait)
            self._write_last(self.clock())
            try:
                yield
            finally:
                # counted from the end of the answer too, so the server never sees two requests
                # closer than the interval, however long the previous one took to arrive
                self._write_last(self.clock())

    @contextlib.contextmanager
    def _process_lock(self) -> Iterator[None]:
        if self.state_dir is None:
            yield
            return
        self.state_dir.mkdir(parents=True, exist_ok=True)
        with open(self.state_dir / f"{self.name}-pace.lock", "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)  # one connection at a time, across processes
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _stamp_path(self) -> Path | None:
        return self.state_dir / f"{self.name}-pace.last" if self.state_dir else None

    def _read_last(self) -> float:
        path = self._stamp_path()
        if path is None:
            return self._last
        try:
            return float(path.read_text().strip() or "-inf")
        except (OSError, ValueError):
            return float("-inf")

    def _write_last(self, when: float) -> None:
        self._last = when
        path = self._stamp_path()
        if path is not None:
            path.write_text(repr(when))


@dataclass(frozen=True, slots=True)
class Response:
    url: str
    status: int
    text: str
    content_type: str = ""
    retry_after: str = ""


# What "transient" means here: the request may succeed if simply tried again later.
def _transient_status(status: int, text: str) -> bool:
    return status == 429 or status >= 500 or text.strip() == RATE_EXCEEDED


class HttpClient:
    """GET with pacing, timeouts, limits and retries.  4xx answers other than 429 are returned, not
    raised: the caller knows how to read arXiv's error feeds.

    ``timeout`` bounds connecting and each socket read; ``deadline`` bounds a whole answer, redirects
    included; ``max_bytes`` caps its decoded size.  Too large or redirected elsewhere: raised at once;
    too slow: retried like a timeout.  An injected ``session`` gets ``LimitedAdapter`` mounted, which
    the deadline needs to reach the sockets.  ``service`` names the other side in the errors ("arXiv").
    """

    def __init__(self, pacer: Pacer, *, timeout: tuple[float, float] = (10.0, 60.0), attempts: int = 5,
                 backoff: float = 5.0, backoff_cap: float = 120.0, session: requests.Session | None = None,
                 sleep: Callable[[float], None] | None = None, jitter: Callable[[], float] = random.random,
                 on_event: Callable[[str, dict], None] | None = None, deadline: float = TOTAL_DEADLINE,
                 max_bytes: int = MAX_ANSWER_BYTES, service: str = "arXiv"):
        self.pacer, self.service = pacer, service
        self.timeout = timeout
        self.deadline, self.max_bytes = deadline, max_bytes
        self.attempts = max(1, attempts)
        self.backoff, self.backoff_cap = backoff, backoff_cap
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        for prefix in ("http://", "https://"):  # the deadline needs to see the connections
            self.session.mount(prefix, LimitedAdapter())
        self.sleep = sleep or pacer.sleep
        self.jitter = jitter
        self.on_event = on_event or (lambda kind, info: None)
        self.requests_made = 0

    def _delay(self, attempt: int) -> float:
        # 1x, 3x, 9x the base (5 s, 15 s, 45 s at arXiv's pace), capped, with up to 20% jitter
        base = min(self.backoff * 3 ** attempt, self.backoff_cap)
        return base * (1.0 + 0.2 * self.jitter())

    def get(self, url: str, params: dict[str, str]) -> Response:
        problem, asked_wait, too_slow = "", 0.0, None
        for attempt in range(self.attempts):
            if attempt:
                delay = max(self._delay(attempt - 1), min(asked_wait, self.backoff_cap))
                self.on_event("retry", {"attempt": attempt, "delay": delay, "reason": problem})
                self.sleep(delay)
            with self.pacer.turn():
                try:
                    reply = self._exchange(url, params)
                except AnswerTooSlow as exc:  # like a timeout: the next try may be quicker
                    problem, asked_wait, too_slow = str(exc), 0.0, exc
                    continue
                except requests.RequestException as exc:  # refused, reset, dropped, timed out
                    problem, asked_wait, too_slow = _describe(exc), 0.0, None
                    if _refused(exc) and attempt >= REFUSED_ATTEMPTS - 1:
                        break  # nobody listens: say so now rather than after minutes of backoff
                    continue
            if _transient_status(reply.status, reply.text):
                problem = f"HTTP {reply.status}" + (" (Rate exceeded.)" if RATE_EXCEEDED in reply.text else "")
                last, too_slow = reply, None
                asked_wait = _retry_after(reply.retry_after)
                continue
            return reply
        if too_slow is not None:
            raise too_slow
        if problem.startswith("HTTP"):
            raise ServiceHTTPError(last.url, last.status, f"still failing after {self.attempts} attempts ({problem})",
                                   service=self.service)
        raise NetworkError(f"cannot reach {url} ({problem})", url=url)

    def _exchange(self, url: str, params: dict[str, str] | None) -> Response:
        """One answer within the deadline and the size cap, following same-origin redirects only."""
        asked = requests.Request("GET", url, params=params).prepare().url or url
        with Deadline(self.deadline) as deadline:
            for _ in range(MAX_REDIRECTS + 1):
                self.requests_made += 1
                try:
                    reply = self.session.get(url, params=params, timeout=self.timeout, stream=True,
                                             allow_redirects=False)
                    with contextlib.closing(reply):  # closed unread: a refused body is never drained
                        target = _redirect_target(reply)
                        if target is None:
                            body = read_capped(reply, self.max_bytes)
                except CapPassed:
                    raise AnswerTooLarge(reply.url, self.max_bytes, service=self.service) from None
                except requests.RequestException:
                    if deadline.expired:  # the watchdog shut the socket
                        raise AnswerTooSlow(asked, self.deadline, service=self.service) from None
                    raise
                if deadline.expired:  # a body without a length ends quietly when its socket is shut
                    raise AnswerTooSlow(asked, self.deadline, service=self.service)
                if target is None:
                    return Response(reply.url, reply.status_code, body.decode("utf-8", errors="replace"),
                                    reply.headers.get("Content-Type", ""), reply.headers.get("Retry-After", ""))
                if not _same_origin(reply.url, target):
                    elsewhere = "scheme" if urlsplit(target).scheme != urlsplit(reply.url).scheme else "host"
                    raise RedirectRefused(reply.url, target, f"to another {elsewhere}", service=self.service)
                url, params = target, None  # the Location carries its own query
            raise RedirectRefused(reply.url, target, f"more than {MAX_REDIRECTS} times", service=self.service)


def _redirect_target(reply: requests.Response) -> str | None:
    """The absolute URL a redirect points to; None for any other answer (a 3xx without Location included)."""
    location = reply.headers.get("Location", "")
    if reply.status_code not in _REDIRECT_STATUSES or not location:
        return None
    return urljoin(reply.url, location)


def _same_origin(first: str, second: str) -> bool:
    """Same scheme, host and port: ``localhost`` and ``127.0.0.1`` are different hosts here."""
    a, b = urlsplit(first), urlsplit(second)
    try:
        return (a.scheme, a.hostname, a.port or _PORTS.get(a.scheme)) == \
            (b.scheme, b.hostname, b.port or _PORTS.get(b.scheme))
    except ValueError:  # a port that is not a number
        return False


_PORTS = {"http": 80, "https": 443}


_NOBODY_THERE = ("connection refused", "errno 111", "failed to resolve", "name or service not known",
                 "temporary failure in name resolution", "nameresolutionerror", "network is unreachable")


def _retry_after(value: str) -> float:
    """Seconds from a numeric ``Retry-After`` (arXiv's 429s have none; its OAI 503s say 0)."""
    try:
        return max(0.0, float(value))
    except ValueError:
        return 0.0


def _refused(exc: Exception) -> bool:
    """Nobody listens, the name does not resolve, or there is no network: not worth minutes of backoff."""
    text = str(exc).lower()
    return isinstance(exc, requests.ConnectionError) and any(marker in text for marker in _NOBODY_THERE)


def _describe(exc: Exception) -> str:
    """``ConnectionError: Failed to resolve 'export.arxiv.org' …``: the cause, not urllib3's wrapping."""
    inner = exc.args[0] if exc.args else None
    reason = getattr(inner, "reason", None) or inner or exc
    text = re.sub(r"^<[^>]+>: ", "", str(reason))  # urllib3 prefixes "<…Connection object at 0x…>: "
    text = f"{type(exc).__name__}: {text}"
    return text if len(text) < 200 else text[:197] + "..."


class DiskCache:
    """JSON documents by key, one file each, written atomically (a crash never leaves half a file)."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)

    def _path(self, key: str) -> Path:
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        return self.directory / digest[:2] / f"{digest}.json"

    def get(self, key: str) -> dict | None:
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data.get("value") if isinstance(data, dict) and data.get("key") == key else None

    def put(self, key: str, value: dict) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({"key": key, "stored": time.time(), "value": value}, handle, ensure_ascii=False)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
