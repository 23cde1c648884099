"""Helpers for the benchmark scripts: whole-process timing with peak memory, input files, tables.

Every figure is the wall time of a whole subprocess (interpreter start-up and imports included,
as a user meets it) and its peak resident memory, read from ``os.wait4``'s rusage for that one
child (``RUSAGE_CHILDREN`` would give the maximum over all children so far).
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def find_shared() -> Path:
    """The shared data directory (same search as tests/conftest.py)."""
    for candidate in (os.environ.get("REFKIT_SHARED"), ROOT.parent / "shared", "/work/shared"):
        if candidate and (Path(candidate) / "corpora").is_dir():
            return Path(candidate)
    raise SystemExit("shared data (corpora/) not found: set REFKIT_SHARED")


@dataclass
class Measure:
    seconds: float
    peak_mb: float
    returncode: int
    stdout: str = ""
    stderr: str = ""
    runs: list[float] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def run(cmd: list[str], *, env: dict | None = None, stdin: str | None = None, cwd: Path | None = None,
        timeout: float = 900) -> Measure:
    """Run ``cmd`` once through a small launcher process; wall time and peak RSS (MB) of ``cmd`` alone.

    Why a launcher: Linux counts the memory of the process that forked a child into the child's
    ``ru_maxrss``, so children of this (growing) runner would all look as big as the runner.
    """
    full_env = {**os.environ, **(env or {})}
    out_path, err_path, result_path = _scratch("stdout"), _scratch("stderr"), _scratch("result")
    result_path.unlink(missing_ok=True)
    launcher = [PYTHON, "-S", "-c", _LAUNCHER, str(result_path), *cmd]
    with open(out_path, "wb") as out, open(err_path, "wb") as err, \
            (open(stdin, "rb") if stdin else open(os.devnull, "rb")) as stdin_handle:
        proc = subprocess.Popen(launcher, stdin=stdin_handle, stdout=out, stderr=err, env=full_env, cwd=cwd,
                                start_new_session=True)
        try:
            proc.wait(timeout=timeout)
        except BaseException as exc:  # a timeout, Ctrl-C or SIGTERM of the runner: take the measured process down
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            if not isinstance(exc, subprocess.TimeoutExpired):
                raise
    try:
        result = json.loads(result_path.read_text())
    except (OSError, ValueError):
        result = {"seconds": float("nan"), "maxrss_kb": 0, "returncode": proc.returncode or -9}
    return Measure(result["seconds"], result["maxrss_kb"] / 1024, result["returncode"], _tail(out_path),
                   _tail(err_path), [result["seconds"]])


def _tail(path: Path, size: int = 65536) -> str:
    """The end of a (possibly huge) output file: enough for the summary lines the runner reads."""
    with open(path, "rb") as handle:
        handle.seek(max(0, path.stat().st_size - size))
        return handle.read().decode("utf-8", errors="replace")


# The launcher: a bare interpreter (-S: no site, about 9 MB) that spawns the command and reports on it.
_LAUNCHER = """
import json, os, sys, time
start = time.perf_counter()
pid = os.posix_spawnp(sys.argv[2], sys.argv[2:], os.environ)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
with open(sys.argv[1], "w") as out:
    json.dump({"seconds": seconds, "maxrss_kb": usage.ru_maxrss, "returncode": os.waitstatus_to_exitcode(status)}, out)
"""


def best_of(repeat: int, cmd: list[str], **kwargs) -> Measure:
    """Median wall time of ``repeat`` runs (the peak memory of the largest run)."""
    measures = [run(cmd, **kwargs) for _ in range(repeat)]
    failed = [m for m in measures if not m.ok]
    if failed:
        return failed[0]
    median = statistics.median(m.seconds for m in measures)
    last = measures[-1]
    return Measure(median, max(m.peak_mb for m in measures), 0, last.stdout, last.stderr,
                   [m.seconds for m in measures])


_SCRATCH: Path | None = None


def set_scratch(directory: Path) -> None:
    global _SCRATCH
    _SCRATCH = directory


def _scratch(name: str) -> Path:
    assert _SCRATCH is not None, "call set_scratch() first"
    return _SCRATCH / f".{name}"


def cut_bib(source: Path, entries: int, dest: Path) -> int:
    """The first ``entries`` entries of ``source`` (split at lines starting with '@'), verbatim."""
    count, kept = 0, []
    with source.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("@"):
                if count == entries:
                    break
                count += 1
            kept.append(line)
    dest.write_text("".join(kept), encoding="utf-8")
    return count


def refkit_command() -> list[str]:
    """The installed console script if there is one (what users run), else ``python -m refkit``."""
    script = shutil.which("refkit", path=str(Path(PYTHON).parent) + os.pathsep + os.environ.get("PATH", ""))
    return [script] if script else [PYTHON, "-m", "refkit"]


@dataclass
class Row:
    task: str
    size: str
    refkit: Measure | None
    baseline_name: str
    baseline: Measure | None
    note: str = ""


def _cell(m: Measure | None) -> tuple[str, str]:
    if m is None:
        return "–", "–"
    if not m.ok:
        return f"failed (exit {m.returncode})", "–"
    return f"{m.seconds:.2f}", f"{m.peak_mb:.0f}"


def ratio(row: Row) -> str:
    """Baseline time divided by refkit time: above 1 means refkit is faster."""
    if not (row.refkit and row.baseline and row.refkit.ok and row.baseline.ok):
        return "–"
    value = row.baseline.seconds / max(row.refkit.seconds, 1e-6)
    return f"{value:.2f}×"


def markdown_table(rows: list[Row]) -> str:
    head = ("| task | input | refkit s | refkit MB | baseline (same run) | baseline s | baseline MB "
            "| baseline/refkit | note |\n|---|---|---:|---:|---|---:|---:|---:|---|\n")
    lines = []
    for row in rows:
        rs, rm = _cell(row.refkit)
        bs, bm = _cell(row.baseline)
        lines.append(f"| {row.task} | {row.size} | {rs} | {rm} | {row.baseline_name} | {bs} | {bm} "
                     f"| {ratio(row)} | {row.note} |")
    return head + "\n".join(lines) + "\n"


def first_error_line(m: Measure) -> str:
    lines = [line for line in m.stderr.strip().splitlines() if line.strip()]
    return lines[-1][:160] if lines else ""

