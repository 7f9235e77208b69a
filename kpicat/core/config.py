"""Settings from ``kpicat.yaml``, with the defaults a new catalogue gets.

Defaults follow the advice of the article "Glossar zur Key Account Management und KPI"
to keep few KPIs in focus: a KAM team that
reports more than a handful of KPIs per area ends up with a KPI-Friedhof.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DEFAULT_CATEGORIES = {
    "revenue": {"de": "umsatzbezogen", "en": "revenue"},
    "customer": {"de": "kundenbezogen", "en": "customer"},
    "activity": {"de": "aktivitätsbezogen", "en": "activity"},
}


@dataclass(frozen=True)
class Config:
    """Validated settings; a missing file means all defaults."""

    languages: tuple[str, ...] = ("de",)
    required_languages: tuple[str, ...] = ()
    title: Any = "KPI-Katalog"
    description: Any = None
    categories: dict[str, Any] = field(default_factory=lambda: dict(DEFAULT_CATEGORIES))
    units: dict[str, str] = field(default_factory=dict)
    rules: dict[str, str] = field(default_factory=dict)
    budgets: dict[str, int] = field(default_factory=dict)
    thresholds: dict[str, Any] = field(default_factory=dict)
    repository: dict[str, str] = field(default_factory=dict)
    site: dict[str, str] = field(default_factory=dict)
    path: str | None = None
    # where each setting sits in kpicat.yaml (load.Positions), for findings about settings
    positions: Any = field(default=None, compare=False, repr=False)

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def site_url(self) -> str | None:
        """The site's public address (``site.url``), without a trailing slash."""
        url = self.site.get("url")
        return url.rstrip("/") if isinstance(url, str) and url else None

    @property
    def category_ids(self) -> tuple[str, ...]:
        return tuple(self.categories)

    @property
    def languages_required(self) -> tuple[str, ...]:
        return self.required_languages or (self.default_language,)

    def position(self, path: tuple[str, ...]) -> tuple[int, int]:
        """Line and column of a setting's value in kpicat.yaml (1, 1 when it is not set)."""
        if self.positions is None:
            return 1, 1
        return tuple(self.positions.value(path))  # type: ignore[return-value]

    @classmethod
    def from_data(
        cls, data: dict[str, Any], path: str | None = None, positions: Any = None
    ) -> Config:
        """Build from already schema-checked data."""
        categories = dict(DEFAULT_CATEGORIES)
        categories.update(data.get("categories") or {})
        languages = tuple(data.get("languages") or ("de",))
        return cls(
            languages=languages,
            required_languages=tuple(data.get("required_languages") or ()),
            title=data.get("title", "KPI-Katalog"),
            description=data.get("description"),
            categories=categories,
            units=dict(data.get("units") or {}),
            rules={str(k): str(v) for k, v in (data.get("rules") or {}).items()},
            budgets=dict(data.get("budgets") or {}),
            thresholds=dict(data.get("thresholds") or {}),
            repository=dict(data.get("repository") or {}),
            site=dict(data.get("site") or {}),
            path=path,
            positions=positions,
        )
