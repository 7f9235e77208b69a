"""A link checker for a built site, as a browser would follow the links under a sub-path.

Every HTML page is read with ``html.parser``: each ``href``/``src`` on any element
(MathML links included) and each ``click … href`` of a Mermaid diagram is resolved with
``urljoin`` against the page's URL when the site is mounted at ``mount`` (``/katalog/``),
the way a browser resolves it. A link to this site must stay under the mount, name a file
that exists (``…/`` serves ``…/index.html``) and, with a ``#fragment``, an ``id`` or
``name`` on the target page. Links to other hosts and ``mailto:``/``data:`` are not
followed (no network in tests).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

HOST = "http://site.invalid"
NOT_FOUND = "404.html"
URL_ATTRIBUTES = frozenset({"href", "src", "xlink:href", "poster", "data"})
# Mermaid's `click nodeId href "url"`: links the diagram script turns into <a> elements.
MERMAID_CLICK = re.compile(r'^\s*click\s+\S+\s+href\s+"([^"]*)"', re.MULTILINE)


@dataclass(frozen=True)
class Broken:
    """One link that does not resolve: the page it is on, what it says, why it fails."""

    page: str
    link: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.link} ({self.reason})"


class _Page(HTMLParser):
    """The ids and the links of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self._mermaid = 0
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if values.get(name):
                self.ids.add(str(values[name]))
        for name, value in attrs:
            if name in URL_ATTRIBUTES and value is not None:
                self.links.append(value)
        classes = (values.get("class") or "").split()
        if self._mermaid or (tag in ("pre", "div") and "mermaid" in classes):
            self._mermaid += 1

    def handle_endtag(self, tag: str) -> None:
        if self._mermaid:
            self._mermaid -= 1
            if not self._mermaid:
                self.links.extend(MERMAID_CLICK.findall("".join(self._text)))
                self._text = []

    def handle_data(self, data: str) -> None:
        if self._mermaid:
            self._text.append(data)


def read_page(path: Path) -> _Page:
    parser = _Page()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def page_url(rel: str, mount: str, served: bool = True) -> str:
    """The URL a browser shows for the file at ``rel`` (``a/index.html`` is served as ``a/``).

    ``404.html`` is what the server sends for any missing address, so its links are
    resolved against one that is deep inside the site. Opened from ``file://``
    (``served=False``), every page is its file.
    """
    if not served:
        return HOST + mount + rel
    if rel == NOT_FOUND:
        return HOST + mount + "gibt/es/nicht/"
    if rel == "index.html" or rel.endswith("/index.html"):
        rel = rel.removesuffix("index.html")
    return HOST + mount + rel


def check_site(site: Path, mount: str = "/", *, served: bool = True) -> tuple[list[Broken], int]:
    """Every broken internal link of the site mounted at ``mount``; and how many were checked.

    ``served=False`` reads the site as opened from ``file://``: no server turns a folder
    into its ``index.html``.
    """
    assert mount.startswith("/") and mount.endswith("/"), mount
    pages = {p.relative_to(site).as_posix(): read_page(p) for p in sorted(site.rglob("*.html"))}
    broken: list[Broken] = []
    checked = 0
    for rel, page in pages.items():
        base = page_url(rel, mount, served)
        for link in page.links:
            if not link.strip():
                continue
            if link.startswith("#"):  # this page: no request, only the fragment
                checked += 1
                fragment = unquote(link[1:])
                if fragment and fragment not in page.ids:
                    broken.append(Broken(rel, link, f"no id {fragment!r} on this page"))
                continue
            url = urlsplit(urljoin(base, link.strip()))
            if url.scheme not in ("http", "https") or f"{url.scheme}://{url.netloc}" != HOST:
                continue
            checked += 1
            path, fragment = unquote(url.path), unquote(url.fragment)
            reason = _problem(site, pages, mount, path, fragment, served)
            if reason:
                broken.append(Broken(rel, link, reason))
    return broken, checked


def _problem(
    site: Path, pages: dict[str, _Page], mount: str, path: str, fragment: str, served: bool
) -> str:
    if not path.startswith(mount):
        return f"leaves the site at {mount}"
    target = path.removeprefix(mount)
    if target == "" or target.endswith("/"):
        if not served:
            return "a folder, which file:// shows as a listing"
        target += "index.html"
    file = site / target
    if ".." in Path(target).parts or not file.is_file():
        return f"no file {target}"
    if fragment and target.endswith(".html") and fragment not in pages[target].ids:
        return f"no id {fragment!r} on {target}"
    return ""
