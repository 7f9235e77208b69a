"""The pure renderer: a checked catalogue in, Markdown pages out (path -> text).

No MkDocs here: the plugin feeds these pages to MkDocs in memory, and
``kpicat render`` writes them to a folder for other generators. One module per
page family, each a plain function of the ``SiteContext`` (the model and the
check result) that fills one template; ``PAGES`` below is the whole list. Every
value a template prints is escaped unless it is ``Markup`` built by a page
module, so catalogue text can never become markup (see ``kpicat.site.escape``).

To add a page: write its function in the family's module, add it to that
module's ``PAGES``, and add its template.
"""

from __future__ import annotations

from collections.abc import Sequence

from kpicat.core.i18n import speaking
from kpicat.core.result import CheckResult
from kpicat.diff.history import History
from kpicat.site import labels
from kpicat.site.formatting import number
from kpicat.site.pages import entries, health, kpi, overviews, recent, rules, start
from kpicat.site.pages.abbreviations import abbreviations_markdown, glossary
from kpicat.site.pages.context import (
    EntryPages,
    Page,
    RuleDoc,
    SiteContext,
    letter_of,
)
from kpicat.site.pages.rules import doc_markdown, rule_docs

PAGES: tuple[Page | EntryPages | recent.RecentPage, ...] = (
    *start.PAGES,
    *overviews.PAGES,
    *health.PAGES,
    *rules.PAGES,
    *entries.PAGES,
    *kpi.PAGES,
    *recent.PAGES,
)

__all__ = [
    "PAGES",
    "RuleDoc",
    "abbreviations_markdown",
    "doc_markdown",
    "glossary",
    "letter_of",
    "number",
    "render_pages",
    "rule_docs",
]


def render_pages(
    result: CheckResult,
    *,
    rules: Sequence[RuleDoc] | None = None,
    directory_urls: bool = True,
    diagrams: bool = True,
    lang: str | None = None,
    site_path: str | None = None,
    history: History | None = None,
) -> dict[str, str]:
    """Every generated page of a checked catalogue: ``.md`` path -> Markdown, sorted by path.

    ``lang`` is the site's language (default: the catalogue's first); each language is
    one site with the same paths. ``rules`` defaults to the registry's documentation;
    tests pass their own. ``history``
    (``kpicat.diff.history``, read by the caller: pages run no git) adds the changes.
    """
    site = SiteContext(
        result,
        rules=rules,
        directory_urls=directory_urls,
        diagrams=diagrams,
        site_path=site_path,
        lang=lang,
        history=history,
    )
    pages: dict[str, str] = {}
    # kpicat's own messages on the pages (rule docs, health labels) in the page's language
    with speaking(labels.spoken(site.lang)):
        for page in PAGES:
            for path, text in page.produce(site):
                if path in pages:
                    raise ValueError(f"two pages claim {path}")
                pages[path] = text
    return dict(sorted(pages.items()))
