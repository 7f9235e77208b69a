"""The one folder where kpicat keeps downloads between runs (the Mermaid script),
and the name of the cache folder inside a catalogue.

Only data goes here, never code that kpicat executes: the folder is writable by
anything running as the user, so code read back from it would run in every check
(see ``kpicat.schemas._compile`` for why the validators are not cached).
"""

from __future__ import annotations

import os
from pathlib import Path

# The per-catalogue cache, next to kpicat.yaml. Git must ignore it: `kpicat init`'s
# .gitignore and this repository's take the name from here (a test checks both).
REPO_CACHE_DIR = ".kpicat_cache"


def cache_dir() -> Path:
    """KPICAT_CACHE_DIR, else $XDG_CACHE_HOME/kpicat, else ~/.cache/kpicat."""
    base = os.environ.get("KPICAT_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "kpicat"
