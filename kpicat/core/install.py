"""Where kpicat is installed from: the project address and the release tag.

Until a package-index release exists, adopters install from a pinned git tag. The
address has one home, ``[project.urls] Source`` in pyproject.toml (it reaches the
installed package's metadata); the tag is ``v<version>``, pushed on every release.
The README, ``kpicat init``'s workflows and pre-commit config, the SARIF report and
the "install the site extra" messages all take the spelling from here. An adopter
who installs from a fork or a mirror says so once: ``kpicat init --install-from
URL@TAG``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from kpicat import __version__

RELEASE_TAG = f"v{__version__}"
# What `kpicat build` needs beyond the checker: the `site` extra.
SITE_MODULES = ("jinja2", "mkdocs", "material", "openpyxl")


@cache
def project_url() -> str | None:
    """``Source`` of the installed distribution's ``Project-URL``s (from pyproject.toml)."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls = metadata("kpicat").get_all("Project-URL") or []
    except PackageNotFoundError:
        return None
    for item in urls:
        label, _, url = item.partition(",")
        if label.strip().lower() == "source" and url.strip():
            return url.strip()
    return None


@dataclass(frozen=True)
class Source:
    """A git repository holding kpicat and the tag to install: pip and pre-commit both
    need the two parts (``git+URL@TAG``; ``repo: URL``, ``rev: TAG``)."""

    url: str
    tag: str

    @classmethod
    def parse(cls, text: str) -> Source:
        """``https://host/org/kpicat@v1.2.3``; raises ValueError with what to write."""
        url, at, tag = text.strip().rpartition("@")
        if not at or not url.startswith("https://") or not tag or "/" in tag:
            raise ValueError(
                f"'{text}' is not URL@TAG; write e.g. https://github.com/your-org/kpicat@"
                f"{RELEASE_TAG}"
            )
        return cls(url.rstrip("/"), tag)

    def spec(self, extra: str | None = None) -> str:
        """A pip requirement, e.g. ``kpicat[site] @ git+https://…@v0.2.0``."""
        name = f"kpicat[{extra}]" if extra else "kpicat"
        return f"{name} @ git+{self.url}@{self.tag}"


def default_source() -> Source | None:
    """This release at the project's address (None when the metadata has none)."""
    url = project_url()
    return Source(url, RELEASE_TAG) if url else None


def install_spec(extra: str | None = None, source: Source | None = None) -> str:
    """What to ``pip install``: this release from its tag, or the bare name (an index)."""
    source = source or default_source()
    if source is None:
        return f"kpicat[{extra}]" if extra else "kpicat"
    return source.spec(extra)


def missing_modules(names: tuple[str, ...] = SITE_MODULES) -> list[str]:
    """Which of ``names`` cannot be imported here (without importing them)."""
    from importlib.util import find_spec

    return [name for name in names if find_spec(name) is None]
