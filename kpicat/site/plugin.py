"""MkDocs plugin: the catalogue's pages, in memory, for ``mkdocs build`` and ``mkdocs serve``.

Registered as the ``kpicat`` plugin (entry point), so a plain ``mkdocs build``
checks the catalogue, refuses on errors, and builds the same site as
``kpicat build``; ``mkdocs serve`` rebuilds when a YAML file changes.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from kpicat.check import run_check
from kpicat.core.i18n import _
from kpicat.core.kinds import CATALOGUE_DIR, CONFIG_NAME
from kpicat.core.result import CheckResult
from kpicat.diff.history import History
from kpicat.site import paths
from kpicat.site.bundle import Bundle, make_bundle

log = logging.getLogger("mkdocs.plugins.kpicat")


class KpicatPluginConfig(Config):
    """Options under ``plugins: - kpicat:`` in mkdocs.yml."""

    root = c.Optional(c.Type(str))
    diagrams = c.Type(bool, default=True)
    nav = c.Type(bool, default=True)
    today = c.Optional(c.Type(str))
    # the language of this build (default: the first of ``languages``); ``kpicat build``
    # builds one site per language and sets it for each
    language = c.Optional(c.Type(str))
    # old page -> where it went: ``performance.md: https://…`` or ``alt.md: neu.md``; the
    # old URL keeps working as a page that sends the reader on (kpicat.site.redirects)
    redirects = c.Type(dict, default={})


def fence_format() -> Any:
    """Superfences' formatter that leaves Mermaid source for the browser (not for search)."""
    from kpicat.site.mdext import mermaid_format

    return mermaid_format


def configure_markdown(config: MkDocsConfig, glossary: dict[str, str]) -> None:
    """kpicat's raw-HTML extension, the abbreviation glossary on every page, the Mermaid fence."""
    from kpicat.site.mdext import NAME

    if NAME not in config.markdown_extensions:
        config.markdown_extensions.append(NAME)
    if "abbr" not in config.markdown_extensions:
        config.markdown_extensions.append("abbr")
    abbr = config.mdx_configs.setdefault("abbr", {})
    abbr["glossary"] = {**glossary, **(abbr.get("glossary") or {})}
    if "pymdownx.superfences" not in config.markdown_extensions:
        config.markdown_extensions.append("pymdownx.superfences")
    fences = config.mdx_configs.setdefault("pymdownx.superfences", {}).setdefault(
        "custom_fences", []
    )
    if not any(isinstance(f, dict) and f.get("name") == "mermaid" for f in fences):
        fences.append({"name": "mermaid", "class": "mermaid", "format": fence_format()})


def configure_language(config: MkDocsConfig, lang: str, languages: tuple[str, ...]) -> None:
    """One language's site: Material's own words and ``<html lang>`` (theme.language),
    search in that language, and the language selector linking every page to its
    counterpart (``extra.alternate`` and kpicat's ``partials/alternate.html``)."""
    from kpicat.site.languages import alternates, theme_dir

    config.theme["language"] = lang
    if len(languages) > 1 and not config.extra.get("alternate"):
        config.extra["alternate"] = alternates(lang, languages, config.use_directory_urls)
    if theme_dir() not in config.theme.dirs:
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, theme_dir())


class KpicatPlugin(BasePlugin[KpicatPluginConfig]):
    """Check the catalogue, then add its generated pages to the build."""

    def __init__(self) -> None:
        super().__init__()
        self.preloaded: CheckResult | None = None
        self.bundle: Bundle | None = None
        self.root: Path | None = None
        self.language: str | None = None  # set by kpicat build for each language's site
        self.history: History | None = None  # the build's one reading of git, if it has one
        # set by kpicat build for the second language on: the first one's export files
        self.downloads: dict[str, bytes] | None = None
        self.aliases: dict[str, list[str]] = {}  # page URL -> names (search index)
        self.term_links: Any = None  # kpicat.site.termlinks.TermLinks of this build
        # kpicat build --offline: pages opened from file:// need links relative to the page.
        self.relative_links = False
        # kpicat serve: a private folder for what the next rebuild can reuse (on_env, on_nav)
        self.rebuild_cache: Path | None = None
        self.page_memo: Any = None  # kpicat.site.page_memo.PageMemo of this build

    def catalogue_root(self, config: MkDocsConfig) -> Path:
        base = Path(config.config_file_path or ".").resolve().parent
        return (base / self.config.root).resolve() if self.config.root else base

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = self.catalogue_root(config)
        result = self.preloaded
        if result is None:
            today = dt.date.fromisoformat(self.config.today) if self.config.today else None
            result = run_check(self.root, today=today)
        if result.exit_code != 0:
            from kpicat.report.text import render

            raise PluginError(
                _("kpicat check found errors; fix them first:") + "\n" + render(result)
            )
        languages = result.catalogue.config.languages
        lang = self.language or self.config.language or languages[0]
        self.bundle = make_bundle(
            result,
            directory_urls=config.use_directory_urls,
            diagrams=self.config.diagrams,
            docs_dir=Path(config.docs_dir),
            site_path=None if self.relative_links else paths.site_path(config.site_url),
            site_url=config.site_url or None,
            lang=lang,
            history=self.history,
            downloads=self.downloads,
        )
        configure_language(config, lang, languages)
        if self.bundle.site_name:
            config.site_name = self.bundle.site_name
        configure_markdown(config, self.bundle.glossary)
        from kpicat.site.termlinks import TermLinks

        self.term_links = TermLinks(self.bundle.term_links)
        config.markdown_extensions.append(self.term_links)  # type: ignore[arg-type]
        if self.config.nav and not config.nav:
            config.nav = self.bundle.nav
        for css in self.bundle.extra_css:
            if css not in config.extra_css:
                config.extra_css.append(css)
        for script in self.bundle.extra_javascript:
            if script not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(script)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.bundle is not None
        hidden = self.bundle.entry_pages
        files = self.translated_pages(files, config)
        # Files rebuilds its index after every append: look up hand-written pages once.
        existing = {f.src_uri for f in files}
        for path, text in self.bundle.pages.items():
            if path in existing:
                log.info("docs/%s replaces the generated page of the same name", path)
                continue
            inclusion = InclusionLevel.NOT_IN_NAV if path in hidden else InclusionLevel.UNDEFINED
            files.append(File.generated(config, path, content=text, inclusion=inclusion))
        for path, text in self.bundle.asset_text.items():
            files.append(File.generated(config, path, content=text))
        for path, source in self.bundle.assets.items():
            files.append(File.generated(config, path, abs_src_path=str(source)))
        for path, data in self.bundle.downloads.items():
            files.append(File.generated(config, path, content=data))
        self.add_redirects(files, config)
        return files

    def add_redirects(self, files: Files, config: MkDocsConfig) -> None:
        """A small page at each moved page's old URL that sends the reader to its new place."""
        from kpicat.site.redirects import redirect_pages

        pages, unusable = redirect_pages(self.config.redirects, config.use_directory_urls)
        if unusable:
            raise PluginError(
                _("kpicat redirects: not a page path (name.md) and a page or https address:")
                + " "
                + "; ".join(unusable)
            )
        for old, (output, text) in pages.items():
            if files.get_file_from_path(old) is not None or files.get_file_from_path(output):
                log.warning("kpicat redirect %s: the page is still there; no redirect", old)
                continue
            files.append(File.generated(config, output, content=text))

    def translated_pages(self, files: Files, config: MkDocsConfig) -> Files:
        """``docs/<page>.<lang>.md`` replaces ``<page>.md`` in that language's site and is
        left out of the others."""
        from kpicat.site.languages import translated_page

        assert self.bundle is not None
        languages, lang = self.bundle.languages, self.bundle.lang
        for file in [f for f in files if translated_page(f.src_uri, languages)]:
            base, its = translated_page(file.src_uri, languages) or ("", "")
            files.remove(file)
            if its == lang and file.abs_src_path:
                original = files.get_file_from_path(base)
                if original is not None:
                    files.remove(original)
                files.append(File.generated(config, base, abs_src_path=file.abs_src_path))
        return files

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Hand-written pages (docs/) are for contributors: labelled and ranked below entries."""
        from kpicat.site.contributing import MAINTENANCE_ICON, with_area_note
        from kpicat.site.search import maintenance_meta

        if self.bundle is None:
            return markdown
        if page.file.src_uri not in self.bundle.pages:
            maintenance_meta(page.meta, self.bundle.lang)
            page.meta.setdefault("icon", MAINTENANCE_ICON)
            markdown = with_area_note(markdown, self.bundle.lang)
        names = self.bundle.search_aliases.get(page.file.src_uri)
        if names:
            self.aliases[page.url] = names
        return markdown

    def on_nav(self, nav: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """With a rebuild cache, pages read as in the last build are not converted again
        (``kpicat.site.page_memo``); the site's files are final here."""
        if self.rebuild_cache is not None and self.bundle is not None:
            from kpicat.site.page_memo import PageMemo
            from kpicat.site.termlinks import TermLinks

            self.page_memo = PageMemo(self.rebuild_cache, self.bundle.lang)
            self.page_memo.start(
                config, files, (self.bundle.term_links, self.bundle.glossary), own=(TermLinks,)
            )
        return nav

    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page:
        if self.page_memo is not None:
            page.render = functools.partial(self.page_memo.render, page)  # type: ignore[method-assign]
        return page

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """With a rebuild cache, Jinja compiles each of the theme's templates once, not once
        per rebuild (about a tenth of a small site's build). Jinja checks each compiled
        template against its source, so an edited template is compiled again."""
        if self.rebuild_cache is not None:
            from jinja2 import FileSystemBytecodeCache

            folder = self.rebuild_cache / "templates"
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            env.bytecode_cache = FileSystemBytecodeCache(str(folder))
        return env

    @event_priority(-100)  # after Material's search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Umlaut/ß folding and duplicates in the search index (``kpicat.site.search``)."""
        from kpicat.site.search import rewrite_index

        rewrite_index(Path(config.site_dir), self.aliases)
        if self.page_memo is not None:
            self.page_memo.save()

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        root = self.root or self.catalogue_root(config)
        for path in (root / CATALOGUE_DIR, root / CONFIG_NAME):
            if path.exists():
                server.watch(str(path))
        return server
