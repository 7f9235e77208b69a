"""The one folder where kpicat keeps things between runs (Mermaid, compiled validators)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def cache_dir() -> Path:
    """KPICAT_CACHE_DIR, else $XDG_CACHE_HOME/kpicat, else ~/.cache/kpicat."""
    base = os.environ.get("KPICAT_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "kpicat"


def write_atomically(path: Path, text: str) -> bool:
    """Write via a temporary file and rename, so readers never see half a file.

    Returns False (and leaves no file) when the cache cannot be written: a
    read-only home or a full disk must never fail a check.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp"
        ) as handle:
            handle.write(text)
        Path(handle.name).replace(path)
    except OSError:
        return False
    return True
