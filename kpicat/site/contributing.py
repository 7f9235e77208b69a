"""The contributors' pages every site gets: how to contribute, pull requests, formulas, health.

They ship as package data (``templates/contributing/*.md``), so a repository that
holds only ``kpicat.yaml`` and ``catalogue/`` still builds a site with no dangling
links. A page of the same name in the repository's ``docs/`` replaces the built-in one.
Each language's site reads ``templates/contributing/<lang>/<page>`` where that exists
(English: ``en/``) and the German page otherwise.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

# Built-in pages in the order the "Mitmachen" navigation lists them.
CONTRIBUTOR_PAGES = ("mitwirken.md", "pull-requests.md", "formulas.md", "health.md")
# The page the start page links to as "how to contribute".
CONTRIBUTE_PAGE = "mitwirken.md"


@cache
def contributor_pages(lang: str = "de") -> dict[str, str]:
    """Site path -> Markdown of every built-in contributor page, in ``lang`` where written."""
    folder = resources.files("kpicat.site").joinpath("templates/contributing")
    pages = {}
    for name in CONTRIBUTOR_PAGES:
        own = folder.joinpath(lang, name)
        source = own if own.is_file() else folder.joinpath(name)
        pages[name] = source.read_text(encoding="utf-8")
    return pages
