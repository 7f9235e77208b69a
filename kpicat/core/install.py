"""Where kpicat is installed from: the one home of the project address and release tag.

Until a package-index release exists, adopters install from a pinned git tag; the
README, ``kpicat init``'s workflows and the "install the site extra" message all
take the spelling from here. The tag ``v<version>`` must be pushed on every release.
"""

from __future__ import annotations

from kpicat import __version__

PROJECT_URL = "https://github.com/example-org/kpicat"
RELEASE_TAG = f"v{__version__}"
# What `kpicat build` needs beyond the checker: the `site` extra.
SITE_MODULES = ("jinja2", "mkdocs", "material", "openpyxl")


def install_spec(extra: str | None = None) -> str:
    """A pip requirement for this release, e.g. ``kpicat[site] @ git+https://…@v0.2.0``."""
    name = f"kpicat[{extra}]" if extra else "kpicat"
    return f"{name} @ git+{PROJECT_URL}@{RELEASE_TAG}"


def missing_modules(names: tuple[str, ...] = SITE_MODULES) -> list[str]:
    """Which of ``names`` cannot be imported here (without importing them)."""
    from importlib.util import find_spec

    return [name for name in names if find_spec(name) is None]
