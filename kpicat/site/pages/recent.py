""" "Neu und geändert": the latest changes across the catalogue, from git history.

No page at all when the build has no history (no repository, a shallow clone):
an empty page would only say that something is missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kpicat.site import paths
from kpicat.site.pages.context import SiteContext, render_template
from kpicat.site.pages.parts import change_row

LATEST = 50


def recent_page(site: SiteContext) -> str:
    here = paths.RECENT
    return render_template(
        "recent.md.j2",
        changes=[change_row(site, event, here) for event in site.history.latest(LATEST)],
        limit=LATEST,
    )


@dataclass(frozen=True, slots=True)
class RecentPage:
    """The page, produced only when the history has changes to show."""

    path: str = paths.RECENT

    def produce(self, site: SiteContext) -> Iterator[tuple[str, str]]:
        if site.history.events:
            yield self.path, recent_page(site)


PAGES = (RecentPage(),)
