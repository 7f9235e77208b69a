"""Building the website with MkDocs: the config to use, the build into a fresh folder.

Shared by ``kpicat build``, ``kpicat serve`` and ``kpicat render``. MkDocs is
imported inside the functions so that importing this module stays cheap.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kpicat.core.i18n import _

if TYPE_CHECKING:
    from kpicat.core.result import CheckResult
    from kpicat.diff.history import History
    from kpicat.infra.parallel import Helpers

MKDOCS_FILE = "mkdocs.yml"
log = logging.getLogger("mkdocs.kpicat")


@contextmanager
def mkdocs_config(root: Path, given: Path | None) -> Iterator[Path]:
    """The project's mkdocs.yml, or kpicat's default one next to an empty docs folder."""
    if given is not None:
        yield given.resolve()
        return
    own = root / MKDOCS_FILE
    if own.is_file():
        yield own
        return
    from importlib import resources

    default = (
        resources.files("kpicat.site").joinpath("templates/mkdocs.default.yml").read_text("utf-8")
    )
    with tempfile.TemporaryDirectory(prefix="kpicat-mkdocs-") as tmp:
        docs = root / "docs"
        if not docs.is_dir():
            docs = Path(tmp) / "docs"
            docs.mkdir()
        path = Path(tmp) / MKDOCS_FILE
        text = default.replace("@DOCS_DIR@", docs.as_posix()).replace("@ROOT@", root.as_posix())
        path.write_text(text, encoding="utf-8")
        yield path


class _EchoHandler(logging.Handler):
    """Writes to the current standard error (which Click's test runner swaps)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            click.echo(self.format(record), err=True)
        except Exception:
            self.handleError(record)


def enable_logging(verbose: bool) -> None:
    """MkDocs logs through ``logging``; show its warnings (and info with -v)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logger = logging.getLogger("mkdocs")
    if not any(isinstance(h, _EchoHandler) for h in logger.handlers):
        handler = _EchoHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO if verbose else logging.WARNING)


def load_mkdocs(
    config_file: Path,
    result: CheckResult | None,
    *,
    relative_links: bool = False,
    language: str | None = None,
    history: History | None = None,
    downloads: dict[str, bytes] | None = None,
    rebuild_cache: Path | None = None,
    **overrides: Any,
) -> Any:
    """The MkDocs config, with the kpicat plugin handed the finished check and the language
    of the site to build (default: the catalogue's first).

    ``relative_links`` makes the links inside kpicat's HTML relative to the page even with a
    ``site_url`` (``paths.html_url``), for a site opened from ``file://``. ``history`` and
    ``downloads`` are the build's one reading of git and its export files, made once for
    every language's site.
    ``rebuild_cache`` is a private folder where ``kpicat serve`` keeps what a rebuild can
    reuse from the last one: the theme's compiled templates and the converted pages.
    """
    from mkdocs.config import load_config

    from kpicat.site.plugin import KpicatPlugin

    config = load_config(config_file=str(config_file), **overrides)
    plugins = [p for p in config.plugins.values() if isinstance(p, KpicatPlugin)]
    if not plugins:
        raise click.UsageError(f"{config_file} does not list the kpicat plugin under plugins:")
    if result is not None:
        plugins[0].preloaded = result
    plugins[0].relative_links = relative_links
    plugins[0].language = language
    plugins[0].history = history
    plugins[0].downloads = downloads
    plugins[0].rebuild_cache = rebuild_cache
    if language is not None:
        search_in(config, language)
    return config


def search_in(config: Any, language: str) -> None:
    """Search in the site's language only: the search plugin reads its options before
    kpicat's plugin runs, so they are set on the loaded config."""
    for name in ("search", "material/search"):
        search = config.plugins.get(name)
        if search is not None and "lang" in search.config:
            search.config["lang"] = [language]


def not_built(exc: OSError) -> click.ClickException:
    """An OS refusal (read-only folder, full disk, a file in the way) in plain words."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    where = f": {exc.filename}" if exc.filename else ""
    return click.ClickException(
        _(
            "the site was not built ({reason}{where}); the last site is kept. "
            "Check that the folder is writable and the disk has space."
        ).format(reason=reason, where=where)
    )


def build_site(
    root: Path,
    result: CheckResult,
    site_dir: Path,
    *,
    config_file: Path | None = None,
    strict: bool | None = True,
    verbose: bool = False,
    serve_url: str | None = None,
    offline: bool = False,
    helpers: Helpers | None = None,
    rebuild_cache: Path | None = None,
) -> None:
    """Build into a fresh folder next to ``site_dir``; swap it in only on success.

    The caller holds :func:`kpicat.site.publish.site_lock` when others may build
    into the same folder. ``strict=None`` keeps mkdocs.yml's setting;
    ``serve_url`` builds for ``kpicat serve``. ``offline`` links every page as
    ``page.html`` (MkDocs' ``use_directory_urls: false``) so that the site works when
    opened from ``file://``; search still needs a server (browsers refuse it ``fetch``).

    The first language's site is built here while a second process builds the others
    (a fork, or one of ``helpers`` in a process with threads), each into a folder of
    its own: the result is the same as one after the other, in about half the time.
    """
    from mkdocs.exceptions import MkDocsException

    from kpicat.infra.parallel import fork_is_safe, in_parallel, take_failures
    from kpicat.site.bundle import export_files, read_history, scripts_available
    from kpicat.site.languages import prefix
    from kpicat.site.publish import staging_prefix, swap_in

    enable_logging(verbose)
    site_dir = site_dir.resolve()
    if site_dir.exists() and not site_dir.is_dir():
        raise click.UsageError(f"--site-dir {site_dir} exists and is not a folder")
    folders: list[Path] = []
    try:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=staging_prefix(site_dir), dir=site_dir.parent))
        folders.append(staging)
        languages = result.catalogue.config.languages
        for _lang in languages[1:]:
            folders.append(
                Path(tempfile.mkdtemp(prefix=staging_prefix(site_dir), dir=site_dir.parent))
            )
    except OSError as exc:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
        raise not_built(exc) from None
    try:
        with mkdocs_config(root, config_file) as path:
            # one pass over git, one set of export files, the npm scripts fetched once,
            # for every language's site
            scripts_available(warn=False)
            shared = Shared(
                config_file=path,
                result=result,
                strict=strict,
                serve_url=serve_url,
                offline=offline,
                verbose=verbose,
                history=read_history(result),
                downloads=export_files(result),
                rebuild_cache=rebuild_cache,
            )
            jobs = list(zip(languages, folders, strict=True))
            first = functools.partial(build_language, shared, *jobs[0])
            others = functools.partial(build_languages, shared, jobs[1:])
            if len(jobs) > 1 and (helpers is not None or fork_is_safe()):
                try:
                    in_parallel(first, others, helpers=helpers)
                finally:
                    for note in take_failures():
                        log.info("kpicat: %s", note)
            else:
                first()
                others()
        for lang, folder in jobs[1:]:
            inner = staging / prefix(lang, languages)
            if inner.exists():  # a page or folder of the first site's that has its name
                shutil.rmtree(inner)
            folder.rename(inner)
        swap_in(staging, site_dir)
    except MkDocsException as exc:
        message = str(exc) or type(exc).__name__
        raise click.ClickException(
            _("the site was not built ({message}); the last site is kept").format(message=message)
        ) from None
    except OSError as exc:
        raise not_built(exc) from None
    finally:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)


@dataclass(frozen=True)
class Shared:
    """What every language's site of one build is built from (picklable, for a helper)."""

    config_file: Path
    result: CheckResult
    strict: bool | None
    serve_url: str | None
    offline: bool
    verbose: bool
    history: History | None
    downloads: dict[str, bytes]
    rebuild_cache: Path | None


def build_languages(shared: Shared, jobs: list[tuple[str, Path]]) -> None:
    """:func:`build_language` for each (language, folder), in order."""
    for lang, folder in jobs:
        build_language(shared, lang, folder)


def build_language(shared: Shared, lang: str, folder: Path) -> None:
    """One language's site into ``folder`` (emptied first), with MkDocs."""
    from mkdocs.commands.build import build

    from kpicat.site.languages import prefix

    enable_logging(shared.verbose)
    languages = shared.result.catalogue.config.languages
    under = prefix(lang, languages)
    url = shared.serve_url + under if shared.serve_url else None
    overrides: dict[str, Any] = {"use_directory_urls": False} if shared.offline else {}
    config = load_mkdocs(
        shared.config_file,
        shared.result,
        relative_links=shared.offline,
        language=lang,
        history=shared.history,
        downloads=shared.downloads,
        rebuild_cache=shared.rebuild_cache,
        site_dir=str(folder),
        strict=shared.strict,
        site_url=url,
        **overrides,
    )
    if under and config.site_url and not shared.serve_url:
        config.site_url = config.site_url.rstrip("/") + "/" + under
    build(config, serve_url=url)
