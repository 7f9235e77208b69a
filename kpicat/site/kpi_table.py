"""The KPI table of the catalogue overview: sortable, filterable, readable without script.

The table is plain HTML that kpicat builds (one ``raw_html`` token; every
catalogue text escaped by ``kpicat.site.escape``): a name column with the short
definition beneath it and five short columns, so it fits a laptop and, as cards
(CSS only), a phone. The filters are ``<select>`` elements rendered here and
kept ``hidden`` until the script runs; every row carries its filter values as
``data-*`` attributes, which the script compares as plain strings, never as code.

Sorting: tablesort (npm, pinned by checksum via ``kpicat.site.npm``), a
maintained 3 kB library with keyboard and ``aria-sort`` support. Filtering is
kpicat's own ``kpi-table.js`` (about 50 lines): no maintained library filters
existing rows by data attributes without rebuilding the table from JavaScript,
which would lose the page's no-script reading and its escaping guarantees.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from markupsafe import Markup

from kpicat.site import labels, npm
from kpicat.site.escape import html, inline, raw_html

TABLESORT = npm.NpmScript(
    package="tablesort",
    version="5.7.1",
    member="package/dist/tablesort.min.js",
    sha256="ee99f17ebc985170899a004e9f6bf09e7f60eb4b459b6bfe6683cf0140352c63",
    licence="package/LICENCE",
    override="KPICAT_TABLESORT_JS",
    purpose="the table sorting script",
)
SCRIPT_PATH = "assets/kpicat/kpi-table.js"
# The filters, in the order shown: row attribute and label key (labels.TEXT).
FILTERS = ("kra", "category", "status", "indicator", "nature", "owner")
STATUS_ORDER = ("proposed", "active", "deprecated", "retired")


@dataclass(frozen=True, slots=True)
class Value:
    """One filterable value: the catalogue's id or code, what a reader sees, maybe a link."""

    key: str | None
    label: str | None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Row:
    """One KPI of the table."""

    name: str
    url: str
    definition: str
    values: dict[str, Value]  # by filter name (FILTERS)


def script() -> str:
    """kpicat's own table script (filters, and the German sort order for tablesort)."""
    return resources.files("kpicat.site").joinpath("assets/kpi-table.js").read_text("utf-8")


def _cell(row: Row, name: str, lang: str) -> Markup:
    value = row.values.get(name) or Value(None, None)
    if name == "status" and value.key and value.label:
        css = re.sub(r"[^a-z0-9_-]", "", value.key.lower())
        return html("span", value.label, class_=f"kpicat-badge kpicat-status-{css}")
    if value.label and value.url:
        return html("a", value.label, href=value.url)
    return inline(value.label or "–")


def _type_cell(row: Row) -> Markup:
    parts = [
        html("span", v.label, class_="kpicat-type")
        for v in (row.values.get("indicator"), row.values.get("nature"))
        if v is not None and v.label
    ]
    return Markup(" ").join(parts) if parts else inline("–")


def _filters(rows: Sequence[Row], lang: str) -> Markup:
    selects = []
    for name in FILTERS:
        found: dict[str, str] = {}
        for row in rows:
            value = row.values.get(name)
            if value is not None and value.key:
                found.setdefault(value.key, value.label or value.key)
        if len(found) < 2:
            continue  # nothing to choose between
        order = (
            sorted(found, key=lambda k: STATUS_ORDER.index(k) if k in STATUS_ORDER else 99)
            if name == "status"
            else sorted(found, key=lambda k: found[k].casefold())
        )
        options = [html("option", labels.text("table_all", lang), value="")]
        options += [html("option", found[key], value=key) for key in order]
        select = html("select", Markup("").join(options), data_kpicat_filter=name)
        selects.append(
            html(
                "label",
                Markup(f"{html('span', labels.text(name, lang))} {select}"),
                class_="kpicat-filter",
            )
        )
    count = html(
        "span",
        "",
        class_="kpicat-count",
        data_kpicat_count=labels.text("table_shown", lang),
        aria_live="polite",
    )
    reset = html("button", labels.text("table_reset", lang), type="reset", class_="md-button")
    inner = Markup("").join([*selects, count, reset])
    return html("form", inner, class_="kpicat-filters", hidden=True, data_kpicat_filters=True)


def kpi_table(rows: Sequence[Row], lang: str = "de") -> Markup:
    """The table with its filters, as one ``raw_html`` token."""
    heads = [
        ("kpi", "intl"),
        ("kra", "intl"),
        ("category", "intl"),
        ("indicator", "intl"),
        ("owner", "intl"),
        ("status", "number"),
    ]
    head_cells = []
    for key, method in heads:
        label = labels.text("kpi", lang) if key == "kpi" else labels.text(key, lang)
        if key == "indicator":
            label = "Typ" if lang == "de" else "Type"
        head_cells.append(html("th", label, data_sort_method=method, scope="col"))
    body = []
    for row in rows:
        name = html("a", row.name, href=row.url, class_="kpicat-kpi-name")
        definition = html("span", row.definition, class_="kpicat-definition")
        status = row.values.get("status")
        status_rank = STATUS_ORDER.index(status.key) if status and status.key in STATUS_ORDER else 9
        cells = [
            html("td", Markup(f"{name}{definition}"), data_sort=row.name),
            html("td", _cell(row, "kra", lang), data_label=labels.text("kra", lang)),
            html("td", _cell(row, "category", lang), data_label=labels.text("category", lang)),
            html("td", _type_cell(row), data_label="Typ" if lang == "de" else "Type"),
            html("td", _cell(row, "owner", lang), data_label=labels.text("owner", lang)),
            html(
                "td",
                _cell(row, "status", lang),
                data_label=labels.text("status", lang),
                data_sort=str(status_rank),
            ),
        ]
        attrs = {f"data_{f}": row.values[f].key or "" for f in FILTERS if f in row.values}
        body.append(html("tr", Markup("").join(cells), **attrs))
    table = html(
        "table",
        Markup(
            html("thead", html("tr", Markup("").join(head_cells)))
            + html("tbody", Markup("").join(body))
        ),
        class_="kpicat-kpi-table",
        data_kpicat_table=True,
    )
    return raw_html(html("div", _filters(rows, lang) + table, class_="kpicat-table"))
