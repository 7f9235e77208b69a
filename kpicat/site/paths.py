"""Where each generated page lives, and the links between pages.

Entry pages are ``<section>/<id>.md``; only ids that match the id pattern form
paths, so no entry can name a file outside its section folder. The section's
own overview is ``<section>/index.md``; an entry whose id is ``index`` gets a
file name that no id can have (ids never contain ``-``).

Links come in two forms. In Markdown (``md_link``) they name the target ``.md``
file and the generator turns them into URLs. Inside HTML that kpicat builds
(formulas, diagrams, JSON-LD: ``html_url``) nobody may touch them, but the
generators disagree: MkDocs and ProperDocs leave a relative ``href`` in raw HTML
as it is, while Zensical reads it as relative to the ``.md`` file and prepends a
``../`` on every page with a directory URL. Only a path from the site's root
means the same to all of them, so with a ``site_url`` the links are root paths
under its path (``/katalog/kpi/x/``); without one they stay relative to the page,
which MkDocs keeps and which also works from ``file://``.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
from urllib.parse import quote, urlsplit

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


def site_path(site_url: object) -> str | None:
    """The path the site is served under, from ``site_url`` (``/katalog/``), or None.

    None when ``site_url`` is unset or not plain text (an ``!ENV`` tag that ``kpicat
    render`` cannot resolve): then ``html_url`` links relative to the page.
    """
    if not isinstance(site_url, str) or not site_url.strip():
        return None
    path = urlsplit(site_url.strip()).path or "/"
    return quote(path.rstrip("/") + "/", safe="/%")


def html_url(from_path: str, to_path: str, directory_urls: bool, root: str | None) -> str:
    """The URL of ``to_path`` in HTML kpicat builds on the page ``from_path`` (module doc).

    ``root`` is ``site_path(site_url)``: with it, a root path that every generator
    leaves alone; without it, a URL relative to the page (MkDocs, ``file://``).
    """
    if root is None:
        return relative_url(from_path, to_path, directory_urls)
    return root + quote(page_url(to_path, directory_urls), safe="/")


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
