"""What a site build adds to MkDocs: pages, abbreviations, navigation and assets.

Shared by the MkDocs plugin (in memory) and ``kpicat render`` (on disk), so both
produce the same site.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import click

from kpicat.core.diagnostics import Diagnostic
from kpicat.core.i18n import _
from kpicat.core.result import CheckResult
from kpicat.diff.history import History
from kpicat.site import escape, labels, paths
from kpicat.site.contributing import CONTRIBUTOR_PAGES, contributor_pages, maintenance_page

CSS_PATH = "assets/kpicat/kpicat.css"
HAND_WRITTEN_ORDER = CONTRIBUTOR_PAGES


@dataclass
class Bundle:
    """Everything generated for one build."""

    pages: dict[str, str]
    glossary: dict[str, str]
    nav: list[Any]
    assets: dict[str, Path] = field(default_factory=dict)
    asset_text: dict[str, str] = field(default_factory=dict)
    extra_css: list[str] = field(default_factory=list)
    extra_javascript: list[str] = field(default_factory=list)
    downloads: dict[str, bytes] = field(default_factory=dict)
    lang: str = labels.DEFAULT
    languages: tuple[str, ...] = ()
    # the site's name for a further language (kpicat.yaml's title in it); the first
    # language keeps mkdocs.yml's site_name
    site_name: str | None = None
    diagrams: bool = False  # whether the KPI pages draw dependency diagrams
    # the pages of the contributors' area "Katalogpflege" (labelled, ranked low, marked)
    maintenance: set[str] = field(default_factory=set)
    # term name -> (its page, tooltip), linked where entries' text names it (termlinks)
    term_links: dict[str, tuple[str, str]] = field(default_factory=dict)
    # page path -> other names the page is searched by (kpicat.site.search.aliases)
    search_aliases: dict[str, list[str]] = field(default_factory=dict)

    @property
    def entry_pages(self) -> set[str]:
        """Pages kept out of the navigation (listed on their section page instead)."""
        sections = {paths.section_index(kind) for kind in paths.SECTIONS}
        return {p for p in self.pages if "/" in p and p not in sections}


def hand_written(
    docs_dir: Path | None,
    built_in: tuple[str, ...] = (),
    lang: str | None = None,
    languages: tuple[str, ...] = (),
) -> list[str]:
    """Top-level Markdown pages of docs/ and the built-in ones, in a fixed order; a
    translation (``interop.en.md``) counts as its page in its language's site."""
    from kpicat.site.languages import translated_page

    found: set[str] = set(built_in)
    if docs_dir is not None and docs_dir.is_dir():
        for page in docs_dir.glob("*.md"):
            translated = translated_page(page.name, languages)
            name = translated[0] if translated and translated[1] == lang else page.name
            if page.is_file() and name != paths.START and (not translated or name != page.name):
                found.add(name)
    first = [name for name in HAND_WRITTEN_ORDER if name in found]
    return first + sorted(name for name in found if name not in first)


def scripts_available(*, warn: bool = True) -> dict[str, bool]:
    """Which pinned npm scripts are at hand (``diagrams``, ``table``); one warning for the rest.

    Without npm and without a cached copy a build must still succeed: every KPI page
    keeps its "Berechnet aus / Fließt ein in" lists, and the KPI table stays a plain,
    filterable table, neither of which needs these scripts.
    """
    from kpicat.site import npm
    from kpicat.site.kpi_table import TABLESORT
    from kpicat.site.mermaid import MERMAID

    found: dict[str, bool] = {}
    missing: list[str] = []
    for name, script, fallback in (
        (
            "diagrams",
            MERMAID,
            "dependency diagrams left out; the KPI pages list inputs and dependents instead",
        ),
        ("table", TABLESORT, "the KPI table cannot be sorted"),
    ):
        try:
            npm.ensure(script)
            found[name] = True
        except (npm.ScriptUnavailable, OSError) as exc:
            found[name] = False
            missing.append(f"{fallback} ({exc})")
    if missing and warn:
        # not through MkDocs' logger: a missing optional part must not fail a --strict build
        click.echo("kpicat: warning: " + "; ".join(missing), err=True)
    return found


def navigation(extra: list[str], lang: str = labels.DEFAULT, recent: bool = False) -> list[Any]:
    """Two areas: the catalogue for readers, then, last and apart, "Katalogpflege" with the
    rules and the contributors' pages (``extra``: the built-in ones first, then docs/).

    Only section pages: entry pages in the nav make Material's build quadratic.
    """

    def t(german: str) -> str:
        return labels.phrase(german, lang)

    sections = ("term", "kpi", "kra", "owner", "measure")
    catalogue: list[Any] = [
        {labels.label(labels.SECTION_TITLE, kind, lang): paths.section_index(kind)}
        for kind in sections
    ]
    catalogue.append({t("Katalog-Gesundheit"): paths.HEALTH})
    if recent:
        catalogue.append({t("Neu und geändert"): paths.RECENT})
    built_in = [name for name in extra if name in CONTRIBUTOR_PAGES]
    own = [name for name in extra if name not in CONTRIBUTOR_PAGES]
    care: list[Any] = [*built_in, {t("Regeln"): paths.RULES}, *own]
    return [
        {t("Start"): paths.START},
        {t("Katalog"): catalogue},
        {labels.text("maintenance", lang): care},
    ]


def read_history(result: CheckResult, *, note: bool = True) -> History:
    """The catalogue's changes from git for the "Änderungen" sections (one pass for the
    whole build); without usable history the site simply has none, and the log says why."""
    from kpicat.diff.history import catalogue_history

    history = catalogue_history(result.root, result.catalogue.config)
    if history.unavailable and note:
        click.echo(
            _("kpicat: note: no change history on the site ({reason})").format(
                reason=history.unavailable
            ),
            err=True,
        )
    return history


def worded_in(result: CheckResult, lang: str) -> CheckResult:
    """The check's findings worded in the language of ``lang``'s site (its health page).

    Messages are made in the language the check ran in; a site in another language checks
    the catalogue once more in its own. Only when there is something to word, and only if
    the second check finds the same findings (code and place), else the first one's stay.
    """
    from kpicat.core.i18n import current_language, speaking

    spoken = labels.spoken(lang)
    if not result.diagnostics or spoken == current_language():
        return result
    from kpicat.check import run_check

    with speaking(spoken):
        again = run_check(result.root, today=result.today)

    def places(found: list[Diagnostic]) -> list[tuple[str, str, int, int]]:
        return sorted((d.code, d.file, d.line, d.column) for d in found)

    if places(again.diagnostics) != places(result.diagnostics):
        return result
    return replace(result, diagnostics=again.diagnostics)


def make_bundle(
    result: CheckResult,
    *,
    directory_urls: bool = True,
    diagrams: bool = True,
    docs_dir: Path | None = None,
    site_path: str | None = None,
    site_url: str | None = None,
    lang: str | None = None,
    check_diagrams: bool = True,
    history: History | None = None,
    downloads: dict[str, bytes] | None = None,
) -> Bundle:
    """Render the catalogue of a successful check into everything a build needs, in
    ``lang`` (default: the catalogue's first language; every language is one site).

    ``site_url`` is MkDocs' (the schemas' address); ``site_path`` is its path for the links in
    kpicat's HTML (``paths.site_path``), or None for links relative to the page (``--offline``).
    ``history`` is the build's one reading of git (:func:`read_history`), shared by every
    language's site; without it the bundle reads it. ``downloads`` are the export files an
    earlier language's site of the same build made: they do not depend on the language
    (``add_exports``), and making them twice cost seconds; without them the bundle makes them.
    """
    from kpicat.site.pages import glossary, render_pages, rule_docs
    from kpicat.site.pages.abbreviations import term_links

    # every language is one site of the same build: only the first one's says what is missing
    first = lang in (None, result.catalogue.config.default_language)
    available = scripts_available(warn=first)
    diagrams = diagrams and (available["diagrams"] if check_diagrams else True)
    pages = render_pages(
        worded_in(result, lang or result.catalogue.config.default_language),
        rules=rule_docs(),
        directory_urls=directory_urls,
        diagrams=diagrams,
        lang=lang,
        site_path=site_path,
        history=history if history is not None else read_history(result, note=first),
    )
    lang = lang or result.catalogue.config.default_language
    built_in = contributor_pages(lang)
    for name, text in built_in.items():
        # a page of the same name in docs/ replaces it
        pages.setdefault(name, maintenance_page(text, lang))
    if paths.RULES in pages:
        pages[paths.RULES] = maintenance_page(pages[paths.RULES], lang)
    extra = hand_written(docs_dir, tuple(built_in), lang, result.catalogue.config.languages)
    bundle = Bundle(
        pages=pages,
        glossary=glossary(result.catalogue, lang),
        term_links=term_links(result.catalogue, lang),
        lang=lang,
        languages=result.catalogue.config.languages,
        site_name=translated_title(result, lang),
        diagrams=diagrams,
        nav=navigation(extra, lang, paths.RECENT in pages),
        maintenance={paths.RULES, *extra},
    )
    add_exports(bundle, result, directory_urls, site_path, lang, downloads)
    from kpicat.site.search import aliases

    bundle.search_aliases = aliases(result.catalogue)
    add_schemas(bundle, result, site_url)
    css = resources.files("kpicat.site").joinpath("assets/kpicat.css").read_text(encoding="utf-8")
    bundle.asset_text[CSS_PATH] = css
    bundle.extra_css.append(CSS_PATH)
    if diagrams:
        from kpicat.site.mermaid import ASSET_PATH, asset_files

        bundle.assets.update(asset_files())
        bundle.extra_javascript.append(ASSET_PATH)
    add_scripts(bundle, table=available["table"])
    return bundle


def translated_title(result: CheckResult, lang: str) -> str | None:
    """kpicat.yaml's title in ``lang``, for the site of a language that is not the first."""
    config = result.catalogue.config
    title = config.title
    if lang == config.languages[0] or not isinstance(title, dict):
        return None
    text = title.get(lang)
    return escape.theme_text(text) if isinstance(text, str) and text.strip() else None


def add_scripts(bundle: Bundle, *, table: bool) -> None:
    """The KPI table's scripts (tablesort when at hand, kpicat's filters) and search folding."""
    from kpicat.site import kpi_table, npm, search

    if table:
        bundle.assets.update(npm.files(kpi_table.TABLESORT))
        bundle.extra_javascript.append(kpi_table.TABLESORT.site_path)
    bundle.asset_text[kpi_table.SCRIPT_PATH] = kpi_table.script()
    bundle.extra_javascript.append(kpi_table.SCRIPT_PATH)
    bundle.asset_text[search.FOLD_SCRIPT] = search.fold_script()
    bundle.extra_javascript.append(search.FOLD_SCRIPT)


def add_schemas(bundle: Bundle, result: CheckResult, site_url: str | None = None) -> None:
    """``/schemas/<kind>.schema.json``: self-contained schemas with this catalogue's
    categories, for editors (VS Code's ``yaml.schemas`` as ``kpicat init`` writes it, the
    modeline ``kpicat new`` writes). Their ``$id`` is where they are published:
    ``site.url`` of kpicat.yaml, else the MkDocs ``site_url`` the site is built for."""
    import json

    from kpicat.core.kinds import KINDS
    from kpicat.schemas import published_path, standalone_schema

    config = result.catalogue.config
    address = config.site_url or site_url
    for name in (*KINDS, "config"):
        data = standalone_schema(name, config.category_ids, address)
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        bundle.asset_text[published_path(name)] = text


EXPORT_DIR = "export"
EXPORT_NAME = "katalog"


def export_files(result: CheckResult) -> dict[str, bytes]:
    """The catalogue's download files by their path in the site; the same in every language."""
    from kpicat.export import export

    return {
        f"{EXPORT_DIR}/{EXPORT_NAME}.{fmt}": export(result.catalogue, fmt)
        for fmt in ("xlsx", "csv", "json")
    }


def add_exports(
    bundle: Bundle,
    result: CheckResult,
    directory_urls: bool,
    site_path: str | None = None,
    lang: str | None = None,
    downloads: dict[str, bytes] | None = None,
) -> None:
    """The catalogue as downloads (``/export/katalog.xlsx``, ``.csv``, ``.json``) linked from
    the start page, and the glossary as schema.org JSON-LD on the glossary page.

    The files hold every language (the export's columns per language), so each language's
    site offers the same ones: ``downloads`` from an earlier language's site are reused.

    The JSON-LD is built by kpicat.export and written with ``script_json``, which leaves
    no '<', '>' or '&' in the script element, so no entry can end it early.
    """
    from kpicat.export.skos import defined_term_set, script_json

    catalogue = result.catalogue
    lang = lang or catalogue.config.default_language
    bundle.downloads.update(downloads if downloads is not None else export_files(result))
    links = " · ".join(
        f"[{label}]({EXPORT_DIR}/{EXPORT_NAME}.{fmt})"
        for fmt, label in (("xlsx", "Excel"), ("csv", "CSV"), ("json", "JSON"))
    )
    if paths.START in bundle.pages:
        bundle.pages[paths.START] = (
            bundle.pages[paths.START].rstrip("\n")
            + f"\n\n## {labels.phrase('Download', lang)}\n\n"
            + f"{labels.phrase('Der ganze Katalog als Datei', lang)}: {links}.\n"
        )
    glossary_page = paths.section_index("term")
    if glossary_page in bundle.pages:
        urls = {}
        for term in catalogue.terms:
            page = paths.entry_path("term", term.id)
            if page is not None:
                urls[term.id] = paths.html_url(glossary_page, page, directory_urls, site_path)
        data = defined_term_set(catalogue, lang, urls)
        script = f'<script type="application/ld+json">{script_json(data)}</script>'
        bundle.pages[glossary_page] = bundle.pages[glossary_page].rstrip("\n") + f"\n\n{script}\n"
