"""The records a ``--project`` / ``--tag`` selection names, or a usage error that says why there are none."""
from __future__ import annotations

from ..errors import UsageError
from ..store import Library, Record

__all__ = ["selected_records"]


def selected_records(lib: Library, project: str | None, tag: str | None) -> list[Record]:
    """The selected records; ``UsageError`` naming the unknown project or tag when the selection is empty."""
    records = lib.select(project=project, tag=tag)
    if not records:
        raise UsageError(_nothing_selected(lib, project, tag))
    return records


def _nothing_selected(lib: Library, project: str | None, tag: str | None) -> str:
    if project is not None and project not in dict(lib.projects()):
        known = ", ".join(name for name, _ in lib.projects()) or "none yet"
        return f"no project {project!r} in the library (projects: {known})"
    if tag is not None and tag not in dict(lib.tags()):
        known = ", ".join(name for name, _ in lib.tags()) or "none yet"
        return f"no tag {tag!r} in the library (tags: {known})"
    if project is None and tag is None:
        return "the library is empty: add entries first (refkit add FILE)"
    return f"no entry is in project {project!r} and has tag {tag!r}"
