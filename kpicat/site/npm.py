"""Self-hosted scripts from the npm registry, fetched once and pinned by checksum.

The site never loads a script from a CDN: each script it uses is one file of an
npm package, fetched with ``npm pack`` (the registry verifies the tarball) into
a cache folder and checked against a pinned SHA-256, so that every build ships
the same bytes. An environment variable can point at a local copy instead
(offline builds); that copy is used as it is.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from kpicat.infra.cache import cache_dir

SITE_DIR = "assets/kpicat"


class ScriptUnavailable(RuntimeError):
    """A pinned script could not be found or fetched."""


@dataclass(frozen=True, slots=True)
class NpmScript:
    """One script file of one npm package version, and the package's licence."""

    package: str
    version: str
    member: str  # path inside the tarball, e.g. package/dist/mermaid.min.js
    sha256: str
    licence: str  # the licence file inside the tarball
    override: str  # environment variable naming a local copy of the script
    purpose: str  # what it is for, in a message: "the diagram script"

    @property
    def filename(self) -> str:
        return PurePosixPath(self.member).name

    @property
    def site_path(self) -> str:
        """Where the script lands on the site."""
        return f"{SITE_DIR}/{self.filename}"

    @property
    def licence_path(self) -> str:
        return f"{SITE_DIR}/{self.package}.LICENSE.txt"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _override(script: NpmScript) -> Path | None:
    value = os.environ.get(script.override)
    if not value:
        return None
    path = Path(value)
    if not path.is_file():
        raise ScriptUnavailable(f"{script.override}={value} is not a file")
    return path


def ensure(script: NpmScript) -> Path:
    """The folder holding the script and its licence, fetched from npm when missing."""
    local = _override(script)
    if local is not None:
        return local.parent
    target = cache_dir() / f"{script.package}-{script.version}"
    cached = target / script.filename
    if cached.is_file() and _sha256(cached) == script.sha256:
        return target
    npm = shutil.which("npm")
    if npm is None:
        raise ScriptUnavailable(
            f"npm is needed once to fetch {script.purpose} ({script.package}); install "
            f"Node.js, or set {script.override} to a copy of {script.filename}"
        )
    spec = f"{script.package}@{script.version}"
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=f".{script.package}-") as tmp:
        work = Path(tmp)
        try:
            subprocess.run(
                [npm, "pack", "--silent", spec, "--pack-destination", tmp],
                cwd=tmp,
                check=True,
                capture_output=True,
                timeout=300,
            )
        except (subprocess.SubprocessError, OSError) as exc:
            detail = (getattr(exc, "stderr", b"") or b"").decode(errors="replace")[-500:]
            raise ScriptUnavailable(f"npm pack {spec} failed: {detail or exc}") from exc
        tarballs = sorted(work.glob("*.tgz"))
        if not tarballs:
            raise ScriptUnavailable(f"npm pack {spec} produced no tarball")
        out = work / "out"
        out.mkdir()
        with tarfile.open(tarballs[0]) as tar:
            for member, name in (
                (script.member, script.filename),
                (script.licence, f"{script.package}.LICENSE.txt"),
            ):
                try:
                    source = tar.extractfile(member)
                except KeyError:
                    source = None
                if source is None:
                    raise ScriptUnavailable(f"{member} missing from the {spec} package")
                (out / name).write_bytes(source.read())
        if _sha256(out / script.filename) != script.sha256:
            raise ScriptUnavailable(f"{script.filename} does not match the pinned checksum")
        if target.exists():
            shutil.rmtree(target)
        try:
            out.rename(target)
        except OSError:  # another build won the race: fine if its copy is the pinned one
            if not (cached.is_file() and _sha256(cached) == script.sha256):
                raise
    return target


def files(script: NpmScript) -> dict[str, Path]:
    """Site path -> file for the script (and its licence, unless a local copy is used)."""
    local = _override(script)
    if local is not None:
        return {script.site_path: local}
    folder = ensure(script)
    found = {script.site_path: folder / script.filename}
    licence = folder / f"{script.package}.LICENSE.txt"
    if licence.is_file():
        found[script.licence_path] = licence
    return found
