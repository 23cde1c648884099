"""A fake arXiv API for refkit's tests: a real HTTP server on 127.0.0.1 (see ``server``)."""
from .server import FakeArxiv, Faults, load_records

TEST_DELAY = 0.2  # seconds between requests in the tests (arXiv's real pace is 3)

__all__ = ["TEST_DELAY", "FakeArxiv", "Faults", "load_records"]
