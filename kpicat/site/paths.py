"""Where each generated page lives, and the links between pages.

Entry pages are ``<section>/<id>.md``; only ids that match the id pattern form
paths, so no entry can name a file outside its section folder. The section's
own overview is ``<section>/index.md``; an entry whose id is ``index`` gets a
file name that no id can have (ids never contain ``-``).
"""

from __future__ import annotations

import posixpath
from functools import lru_cache

from kpicat.site.escape import is_id

SECTIONS = {
    "term": "glossar",
    "kpi": "kpi",
    "kra": "kra",
    "owner": "verantwortliche",
    "measure": "basisgroessen",
}

START = "index.md"
HEALTH = "gesundheit.md"
RULES = "regeln.md"
RECENT = "neu-und-geaendert.md"


def section_index(kind: str) -> str:
    return f"{SECTIONS[kind]}/index.md"


def entry_path(kind: str, entry_id: str) -> str | None:
    """The page of an entry, or None for an id that must not form a path."""
    if kind not in SECTIONS or not is_id(entry_id):
        return None
    stem = "index-eintrag" if entry_id == "index" else entry_id
    return f"{SECTIONS[kind]}/{stem}.md"


def page_url(path: str, directory_urls: bool) -> str:
    """The URL MkDocs gives the page at ``path`` (relative to the site root)."""
    stem = path.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


@lru_cache(maxsize=65536)
def relative_url(from_path: str, to_path: str, directory_urls: bool) -> str:
    """A URL from the page at ``from_path`` to the page at ``to_path``, for raw HTML."""
    source = page_url(from_path, directory_urls)
    target = page_url(to_path, directory_urls)
    base = source if source.endswith("/") or source == "" else posixpath.dirname(source)
    base = base.rstrip("/") or "."
    rel = posixpath.relpath(target or ".", base)
    if target.endswith("/") or target == "":
        rel = rel.rstrip("/") + "/"
        if rel == "./":
            rel = "./"
    return rel


def md_link(from_path: str, to_path: str) -> str:
    """A relative link between two Markdown files (MkDocs checks and rewrites it)."""
    here, _, _ = from_path.rpartition("/")
    there, _, name = to_path.rpartition("/")
    if here == there:
        return name
    return _relpath(to_path, here or ".")


@lru_cache(maxsize=65536)
def _relpath(to_path: str, folder: str) -> str:
    return posixpath.relpath(to_path, folder)
