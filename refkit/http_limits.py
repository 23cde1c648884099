"""Limits on one HTTP exchange: a total deadline and a cap on the decoded size of an answer.

requests' timeouts bound each socket operation, not the exchange: a server that sends one byte
every few seconds never trips them.  ``Deadline`` bounds the whole exchange instead.  A watchdog
thread shuts the exchange's sockets down when the time is up, which wakes a read blocked in the
headers or the body alike (a check between body chunks alone would miss a trickle of headers, and
a buffered read that waits for a full chunk).  The sockets are found through ``LimitedAdapter``,
whose connections tell the current deadline about their socket before they wait for an answer.

``read_capped`` reads the body in chunks that urllib3 has already decoded, so a gzip bomb stops
at the cap instead of being inflated in memory first.
"""
from __future__ import annotations

import socket
import threading
from typing import TYPE_CHECKING

import requests
from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.poolmanager import ProxyManager

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["CHUNK_BYTES", "MAX_ANSWER_BYTES", "TOTAL_DEADLINE", "CapPassed", "Deadline", "LimitedAdapter",
           "read_capped"]

MAX_ANSWER_BYTES = 50 * 2**20  # arXiv's largest pages are a few MB; a feed over 50 MB is a fault
TOTAL_DEADLINE = 60.0  # seconds for one complete answer, connecting included
CHUNK_BYTES = 64 * 1024

_local = threading.local()


class CapPassed(Exception):
    """The decoded body passed the cap (the caller turns it into its own typed error)."""


class Deadline:
    """``with Deadline(60) as deadline:`` -- every socket that waits for an answer inside the block is
    shut down once 60 seconds have passed; ``deadline.expired`` then says why a read failed.
    """

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._watchdog = threading.Thread(target=self._watch, name="refkit-http-deadline", daemon=True)

    def __enter__(self) -> Self:
        _local.deadline = self
        self._watchdog.start()
        return self

    def __exit__(self, *exc) -> None:
        _local.deadline = None
        self._done.set()
        self._watchdog.join()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _watch(self) -> None:
        if self._done.wait(self.seconds):
            return
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)  # wakes a read blocked in the requesting thread; close() would not
    except OSError:
        pass  # already closed


def _watched(pool_class: type) -> type:
    """``pool_class`` whose connections put their socket under the current deadline before reading an
    answer (the socket, not the connection: http.client hands it over to the response and forgets it).
    """
    class WatchedConnection(pool_class.ConnectionCls):
        def getresponse(self, *args, **kwargs):
            deadline = getattr(_local, "deadline", None)
            if deadline is not None and self.sock is not None:
                deadline.watch(self.sock)
            return super().getresponse(*args, **kwargs)

    return type(f"Watched{pool_class.__name__}", (pool_class,), {"ConnectionCls": WatchedConnection})


_WATCHED_POOLS = {"http": _watched(HTTPConnectionPool), "https": _watched(HTTPSConnectionPool)}


class LimitedAdapter(HTTPAdapter):
    """requests' adapter, with pools that put their connections under the current ``Deadline``."""

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _WATCHED_POOLS

    def proxy_manager_for(self, proxy, **proxy_kwargs):
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if isinstance(manager, ProxyManager):  # a SOCKS manager keeps its own pools
            manager.pool_classes_by_scheme = _WATCHED_POOLS
        return manager


def read_capped(reply: requests.Response, limit: int) -> bytes:
    """The decoded body of a streamed ``reply``; ``CapPassed`` as soon as it passes ``limit`` bytes."""
    body = bytearray()
    for chunk in reply.iter_content(CHUNK_BYTES):  # urllib3 inflates gzip/deflate chunk by chunk
        body += chunk
        if len(body) > limit:
            raise CapPassed(limit)
    return bytes(body)
