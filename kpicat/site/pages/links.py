"""Every link a page prints: between pages, to entries, to the repository and sources.

Page modules never compute a link target themselves: Markdown links go through
``href`` (MkDocs checks and rewrites those), links inside raw HTML and diagrams
through ``url`` (``paths.html_url``: final URLs that no generator rewrites). Changing how links are
written changes these two functions only.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote

from markupsafe import Markup

from kpicat.model import Entry
from kpicat.site import labels, paths
from kpicat.site.escape import element, inline, safe_url
from kpicat.site.pages.context import SiteContext
from kpicat.site.propose import change_button


def href(here: str, target: str) -> str:
    """The Markdown link target from the page ``here`` to the page ``target``."""
    return paths.md_link(here, target)


def url(site: SiteContext, here: str, entry_id: str) -> str | None:
    """A final URL for raw HTML and diagrams (``paths.html_url``: no generator rewrites it)."""
    entry = site.entries.get(entry_id)
    target = paths.entry_path(entry.kind, entry.id) if entry else None
    if target is None:
        return None
    return paths.html_url(here, target, site.directory_urls, site.site_path)


def page_link(here: str, text: str, target: str, fragment: str = "") -> Markup:
    """A Markdown link to one of the site's own pages; ``text`` is escaped unless Markup."""
    label = text if isinstance(text, Markup) else inline(text)
    return Markup(f"[{label}]({href(here, target)}{fragment})")


def link(site: SiteContext, here: str, entry_id: str | None) -> Markup:
    """A Markdown link to an entry's page, or the escaped id if there is none."""
    if not entry_id:
        return Markup("–")
    entry = site.entries.get(entry_id)
    if entry is None:
        return Markup(f"{inline(entry_id)} ({inline(site.t('unbekannt'))})")
    target = paths.entry_path(entry.kind, entry.id)
    assert target is not None
    return page_link(here, site.name(entry), target)


def links(site: SiteContext, here: str, ids: Iterable[str]) -> Markup:
    """Several entry links, comma-separated, or a dash."""
    return Markup(", ".join(link(site, here, i) for i in ids)) if ids else Markup("–")


def section_link(site: SiteContext, here: str, kind: str) -> Markup:
    """A link to the overview of a kind's section, titled in the page's language."""
    title = site.label(labels.SECTION_TITLE, kind) or kind
    return page_link(here, title, paths.section_index(kind))


def edit_parts(site: SiteContext, entry: Entry) -> tuple[Markup, Markup | None]:
    """The entry's file as code, and the "Änderung vorschlagen" button where the
    repository is configured (else None)."""
    file = entry.file
    prefix = safe_url(site.config.repository.get("edit_url"))
    code = element("code", file)
    if prefix is None:
        return code, None
    target = prefix.rstrip("/") + "/" + quote(file, safe="/")
    return code, change_button(target, site.lang)


def edit_link(site: SiteContext, entry: Entry) -> Markup:
    """Where to change the entry: an edit link if the repository is configured."""
    code, button = edit_parts(site, entry)
    source = inline(site.t("Quelle"))
    if button is None:
        return Markup(f"{source}: {code}")
    return Markup(f"{source}: {code} · {button}")


def sources(entry: Entry) -> list[Markup]:
    """The entry's sources, linked where the address is a safe http(s) URL."""
    value = entry.data.get("sources")
    found = []
    for source in value if isinstance(value, list) else []:
        if not isinstance(source, dict) or not isinstance(source.get("title"), str):
            continue
        address = safe_url(source.get("url"))
        title = inline(source["title"])
        if address:
            found.append(element("a", title, href=address, rel="nofollow noopener"))
        else:
            found.append(title)
    return found
