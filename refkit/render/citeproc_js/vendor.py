"""Fetch citeproc-js from the npm registry into ``vendor/`` and check it: ``npm pack`` the pinned
version, compare the tarball with the pinned integrity, extract the engine and its licence.

Only the standard library here, and no imports from refkit: ``hatch_build.py`` loads this file by
path in the isolated build environment, where refkit is not installed. By hand, in a checkout:

    python -m refkit.render.citeproc_js.vendor      # fetch if missing or stale
"""
from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

# written beside the files: "<package>@<version> <integrity>" then "<sha256>  <name>" per file, so a
# rebuild skips the download only when the pin is unchanged and the files are as extracted
STAMP = "INTEGRITY"


class VendorError(RuntimeError):
    """citeproc-js could not be fetched or did not match the pin."""


def stamp_text(dest: Path, package: str, version: str, integrity: str, files) -> str:
    lines = [f"{package}@{version} {integrity}"]
    lines += [f"{hashlib.sha256((dest / name).read_bytes()).hexdigest()}  {name}" for name in files]
    return "\n".join(lines) + "\n"


def is_current(dest: Path, package: str, version: str, integrity: str, files) -> bool:
    """True when ``dest`` holds the files of exactly this pin, unchanged (no download needed)."""
    stamp = dest / STAMP
    if not stamp.is_file() or not all((dest / name).is_file() for name in files):
        return False
    return stamp.read_text(encoding="utf-8") == stamp_text(dest, package, version, integrity, files)


def sri(data: bytes, integrity: str) -> str:
    """``data``'s Subresource-Integrity string in the algorithm ``integrity`` uses (npm: sha512)."""
    algorithm = integrity.partition("-")[0]
    if algorithm not in ("sha256", "sha384", "sha512"):
        raise VendorError(f"unsupported integrity algorithm {algorithm!r} in the pin")
    return f"{algorithm}-{base64.b64encode(hashlib.new(algorithm, data).digest()).decode('ascii')}"


def ensure(dest: Path, package: str, version: str, integrity: str, files, *, npm: str = "npm") -> bool:
    """Make ``dest`` hold the pinned files; returns True when it had to download them."""
    if is_current(dest, package, version, integrity, files):
        return False
    with tempfile.TemporaryDirectory(prefix="refkit-citeproc-") as tmp:
        tarball = _npm_pack(f"{package}@{version}", Path(tmp), npm)
        data = tarball.read_bytes()
        got = sri(data, integrity)
        if got != integrity:
            raise VendorError(f"{tarball.name} from the npm registry does not match the pinned integrity "
                              f"(expected {integrity}, got {got}); refusing to use it")
        _extract(tarball, dest, files)
    (dest / STAMP).write_text(stamp_text(dest, package, version, integrity, files), encoding="utf-8")
    return True


def _npm_pack(spec: str, workdir: Path, npm: str) -> Path:
    fix = ("install Node.js and npm (Debian: apt-get install npm) and make sure the npm registry is "
           "reachable (npm config get registry), then build again")
    exe = shutil.which(npm)
    if exe is None:
        raise VendorError(f"citeproc-js ({spec}) could not be fetched from the npm registry: "
                          f"'{npm}' is not on PATH; {fix}")
    # --ignore-scripts: we only want the tarball, never to run anything from it
    proc = subprocess.run([exe, "pack", spec, "--ignore-scripts"], cwd=workdir,
                          capture_output=True, text=True, timeout=300, check=False)
    tarballs = sorted(workdir.glob("*.tgz"))
    if proc.returncode != 0 or len(tarballs) != 1:
        detail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        raise VendorError(f"citeproc-js ({spec}) could not be fetched from the npm registry "
                          f"(npm pack exited {proc.returncode}: {' / '.join(detail) or 'no output'}); {fix}")
    return tarballs[0]


def _extract(tarball: Path, dest: Path, files) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tarball, "r:gz") as tar:
        for name in files:
            try:
                member = tar.getmember(f"package/{name}")
            except KeyError:
                raise VendorError(f"{tarball.name} has no package/{name}") from None
            if not member.isfile():
                raise VendorError(f"package/{name} in {tarball.name} is not a regular file")
            # written via a temporary name so an interrupted build never leaves half a file
            part = dest / (name + ".part")
            with tar.extractfile(member) as src, open(part, "wb") as out:
                shutil.copyfileobj(src, out)
            part.replace(dest / name)


def main() -> None:
    from . import pin

    dest = Path(__file__).resolve().parent / "vendor"
    fetched = ensure(dest, pin.PACKAGE, pin.VERSION, pin.INTEGRITY, pin.FILES)
    print(f"{pin.PACKAGE}@{pin.VERSION} {'fetched into' if fetched else 'already in'} {dest}")


if __name__ == "__main__":
    main()
