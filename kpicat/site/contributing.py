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

from markupsafe import Markup

# Built-in pages in the order the "Katalogpflege" navigation lists them.
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


# Material's icon before each page of the contributors' area in the navigation.
MAINTENANCE_ICON = "material/wrench-outline"


def area_note(lang: str) -> str:
    """The line that opens every page of "Katalogpflege", as kpicat-built HTML (a token):
    which area the reader is in, kept out of the search index."""
    from kpicat.site import labels
    from kpicat.site.escape import html, raw_html

    text = labels.text("maintenance_note", lang)
    name = html("strong", labels.text("maintenance", lang))
    note = html("p", Markup(f"{name} · ") + text, class_="kpicat-area", data_search_exclude=True)
    return raw_html(str(note))


def maintenance_page(text: str, lang: str) -> str:
    """A generated page of "Katalogpflege" (built-in contributor pages, the rules) with the
    area's front matter (search label and boost, the navigation icon) and the area note
    under its title; front matter the page has is kept and extended."""
    from kpicat.site.search import front_matter_yaml

    meta, body = "", text
    if text.startswith("---\n") and "\n---\n" in text[3:]:
        end = text.index("\n---\n", 3)
        meta, body = text[4:end] + "\n", text[end + 5 :].lstrip("\n")
    if "search:" not in meta and "tags:" not in meta:
        meta += f"{front_matter_yaml(None, lang)}\n"
    if "icon:" not in meta:
        meta += f"icon: {MAINTENANCE_ICON}\n"
    return f"---\n{meta}---\n\n{with_area_note(body, lang)}"


def with_area_note(markdown: str, lang: str) -> str:
    """``markdown`` with the area note after its first-level title (or first, without one)."""
    head, sep, rest = markdown.partition("\n")
    if head.startswith("# "):
        return f"{head}\n\n{area_note(lang)}\n{sep}{rest}"
    return f"{area_note(lang)}\n\n{markdown}"
