"""The README commands set up their own virtual environment (issue 12, point 17).

Debian's own python3 refuses ``pip install`` outside a venv (PEP 668, "externally-managed-environment");
``scripts/venv.sh``, which demo.sh and test.sh source, must make a project venv with whatever python3
is first in PATH and install into it.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEBIAN_PYTHON = Path("/usr/bin/python3")


def _externally_managed(python: Path) -> bool:
    stdlib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('stdlib'))"],
                            capture_output=True, text=True, check=True).stdout.strip()
    return (Path(stdlib) / "EXTERNALLY-MANAGED").exists()


@pytest.mark.slow
@pytest.mark.skipif(not DEBIAN_PYTHON.exists(), reason="no system python3 at /usr/bin/python3")
def test_venv_script_installs_with_an_externally_managed_python(tmp_path):
    if not _externally_managed(DEBIAN_PYTHON):
        pytest.skip("/usr/bin/python3 is not marked externally managed (PEP 668) here")
    project = tmp_path / "clone"
    (project / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "venv.sh", project / "scripts" / "venv.sh")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    # what fails without the venv: the system pip refuses
    refused = subprocess.run(["/usr/bin/python3", "-m", "pip", "install", "--dry-run", "six"],
                             check=False, cwd=project, env=env, capture_output=True, text=True)
    assert refused.returncode != 0 and "externally-managed-environment" in refused.stderr
    script = ". scripts/venv.sh && python -m pip install -q six && python -c " \
             "'import sys, six; print(sys.prefix); print(sys.base_prefix)'"
    done = subprocess.run(["bash", "-c", script], check=False, cwd=project, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    prefix, base = done.stdout.split()
    assert Path(prefix) == project / ".venv" and Path(base) != Path(prefix)
