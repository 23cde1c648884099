"""A progress bar on stderr while a long library call runs, when a person is watching."""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["progress_reporter"]


@contextmanager
def progress_reporter(label: str, total: int | None = None, *, show: bool = True
                      ) -> Iterator[Callable[..., None] | None]:
    """A ``progress(done, total=None)`` callback drawing a transient rich bar; None when stderr is not
    a terminal (piped output stays clean) or ``show`` is false."""
    if not show or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress  # costs an import only when a bar is drawn

    with Progress(transient=True) as bar:
        task = bar.add_task(label, total=total)

        def progress(done: int, total: int | None = None) -> None:
            bar.update(task, completed=done, total=total)

        yield progress
