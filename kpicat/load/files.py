"""Where the catalogue is and which files belong to it."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kpicat.core.kinds import CATALOGUE_DIR, CONFIG_NAME, KIND_FOLDERS


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
    """List ``catalogue/<kind>/<id>.yaml``; anything else there is a stray.

    One ``scandir`` per folder (no recursive glob, no Path per file): listing
    50,000 entries must cost next to nothing.
    """
    found = CatalogueFiles()
    base = root / CATALOGUE_DIR
    if not base.is_dir():
        return found
    for top in sorted(os.scandir(base), key=lambda e: e.name):
        name = top.name
        if name.startswith("."):
            continue
        rel_top = f"{CATALOGUE_DIR}/{name}"
        if not top.is_dir():
            found.stray.append((rel_top, "entries belong in a kind folder, e.g. catalogue/kpis/"))
            continue
        kind = KIND_FOLDERS.get(name)
        if kind is None:
            found.stray.append((rel_top, _folder_hint(name)))
            continue
        for item in sorted(os.scandir(top.path), key=lambda e: e.name):
            file = item.name
            if file.startswith("."):
                continue
            rel = f"{rel_top}/{file}"
            if item.is_symlink():
                # a link could point anywhere (e.g. /etc/passwd) and leak it into reports
                found.stray.append((rel, "symbolic links are not read; commit the file itself"))
            elif item.is_dir():
                found.stray.append((rel, f"put entries directly into {rel_top}/"))
            elif file.endswith(".yaml"):
                found.entries.append((kind, Path(item.path), rel))
            elif file.endswith(".yml"):
                found.stray.append((rel, f"rename it to {file[:-4]}.yaml"))
            else:
                found.stray.append((rel, "only <id>.yaml files belong in this folder"))
    return found


def _folder_hint(name: str) -> str:
    from kpicat.core.suggest import closest

    match = closest(name, KIND_FOLDERS)
    folders = ", ".join(KIND_FOLDERS)
    if match:
        return f"did you mean catalogue/{match}/? Known folders: {folders}"
    return f"known folders: {folders}"
