"""Mermaid: the dependency diagrams, and the self-hosted JavaScript that draws them.

Material loads Mermaid from a CDN unless ``window.mermaid`` already exists, so
the site ships its own copy: the npm package's self-contained
``dist/mermaid.min.js``, fetched once with ``npm pack`` (the registry verifies
the tarball) into a cache folder, checked against a pinned SHA-256 so that
every build ships the same bytes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kpicat.infra.cache import cache_dir
from kpicat.site.escape import mermaid_label

MERMAID_VERSION = "11.17.2"
MERMAID_SHA256 = "581ed7d74bd9048d0e3a91363927d72ef22942d7722546b27f7cc29e35390eb8"
ASSET_PATH = "assets/kpicat/mermaid.min.js"
LICENSE_PATH = "assets/kpicat/mermaid.LICENSE.txt"


class MermaidUnavailable(RuntimeError):
    """The Mermaid script could not be found or fetched."""


@dataclass(frozen=True, slots=True)
class Node:
    """One box of a diagram: a label and where a click leads (a URL we built)."""

    key: str
    label: str
    href: str | None
    role: str


def diagram(center: Node, inputs: list[Node], dependents: list[Node]) -> str:
    """Flowchart source: inputs -> KPI -> dependents, labels escaped for Mermaid."""
    lines = [
        "flowchart LR",
        "  classDef kpicat-center stroke-width:3px,font-weight:bold",
        "  classDef kpicat-dependent stroke-dasharray:4 2",
    ]
    nodes = [center, *inputs, *dependents]
    for index, node in enumerate(nodes):
        shape = ('(["', '"])') if node.role == "center" else ('["', '"]')
        lines.append(f"  n{index}{shape[0]}{mermaid_label(node.label)}{shape[1]}")
    for index in range(1, len(inputs) + 1):
        lines.append(f"  n{index} --> n0")
    for index in range(len(inputs) + 1, len(nodes)):
        lines.append(f"  n0 --> n{index}")
    for index, node in enumerate(nodes):
        lines.append(f"  class n{index} kpicat-{node.role}")
        if node.href is not None and index:
            lines.append(f'  click n{index} href "{node.href}"')
    return "\n".join(lines)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ensure_mermaid() -> Path:
    """The folder with ``mermaid.min.js`` and its licence, fetched from npm when missing."""
    override = os.environ.get("KPICAT_MERMAID_JS")
    if override:
        path = Path(override)
        if not path.is_file():
            raise MermaidUnavailable(f"KPICAT_MERMAID_JS={override} is not a file")
        return path.parent
    target = cache_dir() / f"mermaid-{MERMAID_VERSION}"
    script = target / "mermaid.min.js"
    if script.is_file() and _sha256(script) == MERMAID_SHA256:
        return target
    npm = shutil.which("npm")
    if npm is None:
        raise MermaidUnavailable(
            "npm is needed once to fetch the diagram script (mermaid); install Node.js, "
            "or set KPICAT_MERMAID_JS to a copy of mermaid.min.js"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".mermaid-") as tmp:
        work = Path(tmp)
        try:
            subprocess.run(
                [npm, "pack", "--silent", f"mermaid@{MERMAID_VERSION}", "--pack-destination", tmp],
                cwd=tmp,
                check=True,
                capture_output=True,
                timeout=300,
            )
        except (subprocess.SubprocessError, OSError) as exc:
            detail = (getattr(exc, "stderr", b"") or b"").decode(errors="replace")[-500:]
            raise MermaidUnavailable(
                f"npm pack mermaid@{MERMAID_VERSION} failed: {detail or exc}"
            ) from exc
        tarballs = sorted(work.glob("mermaid-*.tgz"))
        if not tarballs:
            raise MermaidUnavailable("npm pack produced no tarball")
        out = work / "out"
        out.mkdir()
        with tarfile.open(tarballs[0]) as tar:
            for member, name in (
                ("package/dist/mermaid.min.js", "mermaid.min.js"),
                ("package/LICENSE", "mermaid.LICENSE.txt"),
            ):
                source = tar.extractfile(member)
                if source is None:
                    raise MermaidUnavailable(f"{member} missing from the mermaid package")
                (out / name).write_bytes(source.read())
        if _sha256(out / "mermaid.min.js") != MERMAID_SHA256:
            raise MermaidUnavailable("mermaid.min.js does not match the pinned checksum")
        if target.exists():
            shutil.rmtree(target)
        try:
            out.rename(target)
        except OSError:
            if not (script.is_file() and _sha256(script) == MERMAID_SHA256):
                raise
    return target


def asset_files() -> dict[str, Path]:
    """Site path -> file for the Mermaid script and its licence."""
    override = os.environ.get("KPICAT_MERMAID_JS")
    if override:
        ensure_mermaid()
        return {ASSET_PATH: Path(override)}
    folder = ensure_mermaid()
    files = {ASSET_PATH: folder / "mermaid.min.js"}
    licence = folder / "mermaid.LICENSE.txt"
    if licence.is_file():
        files[LICENSE_PATH] = licence
    return files
