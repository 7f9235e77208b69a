"""Stable URLs: a page that moved or left the site keeps its old address.

MkDocs has no redirects of its own (the mkdocs-redirects plugin is another dependency), so
kpicat writes, at each old page's URL, a small HTML page that sends the reader on at once
(``<meta http-equiv="refresh">``, ``<link rel="canonical">``) and links the new place for
readers without automatic forwarding. A target is another page of the site (``neu.md``,
linked relative to the old URL, so it works under any sub-path and from ``file://``) or
an address outside it (``https://…``).
"""

from __future__ import annotations

import re
from html import escape

from kpicat.site import paths

_URL = re.compile(r"^https?://[^\s<>\"'`\\\\]+$", re.IGNORECASE)
_PAGE = re.compile(r"^[A-Za-z0-9_.\-]+(?:/[A-Za-z0-9_.\-]+)*\.md$")


def target_url(old: str, target: str, directory_urls: bool) -> str | None:
    """Where the redirect at ``old`` (a page path) sends the reader, or None if not usable."""
    if _URL.match(target):
        return target
    if _PAGE.match(target) and ".." not in target.split("/"):
        return paths.relative_url(old, target, directory_urls)
    return None


def redirect_html(url: str) -> str:
    """The page at the old address: forwards at once, and says where to if it cannot."""
    href = escape(url, quote=True)
    return (
        "<!doctype html>\n"
        '<html><head><meta charset="utf-8">\n'
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        f'<link rel="canonical" href="{href}">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{href}</title></head>\n"
        f'<body><p><a href="{href}">{href}</a></p></body></html>\n'
    )


def redirect_pages(
    redirects: dict[object, object], directory_urls: bool
) -> tuple[dict[str, tuple[str, str]], list[str]]:
    """Old page path -> (output file, HTML) of every usable redirect, and the unusable ones."""
    found: dict[str, tuple[str, str]] = {}
    unusable: list[str] = []
    for old, target in redirects.items():
        old, target = str(old), str(target)
        url = target_url(old, target, directory_urls) if _PAGE.match(old) else None
        if url is None or ".." in old.split("/"):
            unusable.append(f"{old}: {target}")
            continue
        found[old] = (output_file(old, directory_urls), redirect_html(url))
    return found, unusable


def output_file(page: str, directory_urls: bool) -> str:
    """The HTML file MkDocs would have written for the page ``page``."""
    url = paths.page_url(page, directory_urls)
    return url + "index.html" if url.endswith("/") or url == "" else url
