"""Mermaid: the dependency diagrams, and the self-hosted JavaScript that draws them.

Material loads Mermaid from a CDN unless ``window.mermaid`` already exists, so
the site ships its own copy: the npm package's self-contained
``dist/mermaid.min.js``, fetched and pinned by checksum through
``kpicat.site.npm``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kpicat.site import npm
from kpicat.site.escape import mermaid_label

MERMAID = npm.NpmScript(
    package="mermaid",
    version="11.17.2",
    member="package/dist/mermaid.min.js",
    sha256="581ed7d74bd9048d0e3a91363927d72ef22942d7722546b27f7cc29e35390eb8",
    licence="package/LICENSE",
    override="KPICAT_MERMAID_JS",
    purpose="the diagram script",
)
ASSET_PATH = MERMAID.site_path
MermaidUnavailable = npm.ScriptUnavailable


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


def layered(columns: list[tuple[str, list[Node]]], edges: list[tuple[str, str]]) -> str:
    """Flowchart source of a map: one column (subgraph) per layer, left to right, with
    ``edges`` between node keys; labels and column titles escaped for Mermaid like the
    KPI diagram's, every node with a link clickable."""
    lines = [
        "flowchart LR",
        "  classDef kpicat-measure stroke-dasharray:2 2",
        "  classDef kpicat-input stroke-width:2px",
        "  classDef kpicat-output stroke-width:3px,font-weight:bold",
        "  classDef kpicat-external stroke-dasharray:4 2",
    ]
    number: dict[str, int] = {}
    nodes: list[Node] = []
    for column, (title, members) in enumerate(columns):
        if not members:
            continue
        lines.append(f'  subgraph c{column}["{mermaid_label(title)}"]')
        for node in members:
            number[node.key] = len(nodes)
            lines.append(f'    n{len(nodes)}["{mermaid_label(node.label)}"]')
            nodes.append(node)
        lines.append("  end")
    for source, target in edges:
        if source in number and target in number:
            lines.append(f"  n{number[source]} --> n{number[target]}")
    for index, node in enumerate(nodes):
        lines.append(f"  class n{index} kpicat-{node.role}")
        if node.href is not None:
            lines.append(f'  click n{index} href "{node.href}"')
    return "\n".join(lines)


def ensure_mermaid() -> Path:
    """The folder with ``mermaid.min.js`` and its licence, fetched from npm when missing."""
    return npm.ensure(MERMAID)


def asset_files() -> dict[str, Path]:
    """Site path -> file for the Mermaid script and its licence."""
    return npm.files(MERMAID)
