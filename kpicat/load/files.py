"""Where the catalogue is and which files belong to it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kpicat.model.entries import KIND_FOLDERS

CONFIG_NAME = "kpicat.yaml"
CATALOGUE_DIR = "catalogue"


def find_root(start: Path) -> Path | None:
    """The nearest folder, upward from ``start``, with kpicat.yaml or catalogue/."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file() or (folder / CATALOGUE_DIR).is_dir():
            return folder
    return None


@dataclass(slots=True)
class CatalogueFiles:
    """Entry files by kind (sorted, so every run sees the same order) and strays."""

    entries: list[tuple[str, Path, str]] = field(default_factory=list)
    stray: list[tuple[str, str]] = field(default_factory=list)


def discover(root: Path) -> CatalogueFiles:
    """List ``catalogue/<kind>/<id>.yaml``; anything else there is a stray."""
    found = CatalogueFiles()
    base = root / CATALOGUE_DIR
    if not base.is_dir():
        return found
    for path in sorted(base.rglob("*")):
        rel = path.relative_to(root).as_posix()
        parts = path.relative_to(base).parts
        if any(part.startswith(".") for part in parts):
            continue
        if path.is_dir():
            if len(parts) == 1 and parts[0] not in KIND_FOLDERS:
                found.stray.append((rel, _folder_hint(parts[0])))
            continue
        if len(parts) == 2 and parts[0] in KIND_FOLDERS:
            if path.suffix == ".yaml":
                found.entries.append((KIND_FOLDERS[parts[0]], path, rel))
            elif path.suffix == ".yml":
                found.stray.append((rel, f"rename it to {path.stem}.yaml"))
            else:
                found.stray.append((rel, "only <id>.yaml files belong in this folder"))
        elif len(parts) == 1:
            found.stray.append((rel, "entries belong in a kind folder, e.g. catalogue/kpis/"))
        elif parts[0] in KIND_FOLDERS:
            found.stray.append((rel, f"put entries directly into catalogue/{parts[0]}/"))
    return found


def _folder_hint(name: str) -> str:
    from kpicat.suggest import closest

    match = closest(name, KIND_FOLDERS)
    folders = ", ".join(KIND_FOLDERS)
    if match:
        return f"did you mean catalogue/{match}/? Known folders: {folders}"
    return f"known folders: {folders}"
