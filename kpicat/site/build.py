"""Building the website with MkDocs: the config to use, the build into a fresh folder.

Shared by ``kpicat build``, ``kpicat serve`` and ``kpicat render``. MkDocs is
imported inside the functions so that importing this module stays cheap.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kpicat.core.i18n import _

if TYPE_CHECKING:
    from kpicat.core.result import CheckResult
    from kpicat.diff.history import History

MKDOCS_FILE = "mkdocs.yml"


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
    diagrams: bool | None = None,
    history: History | None = None,
    downloads: dict[str, bytes] | None = None,
    **overrides: Any,
) -> Any:
    """The MkDocs config, with the kpicat plugin handed the finished check and the language
    of the site to build (default: the catalogue's first).

    ``relative_links`` makes the links inside kpicat's HTML relative to the page even with a
    ``site_url`` (``paths.html_url``), for a site opened from ``file://``. ``history`` and
    ``downloads`` are what an earlier language's site of the same build already made.
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
    plugins[0].diagrams_known = diagrams
    plugins[0].history = history
    plugins[0].downloads = downloads
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
) -> None:
    """Build into a fresh folder next to ``site_dir``; swap it in only on success.

    The caller holds :func:`kpicat.site.publish.site_lock` when others may build
    into the same folder. ``strict=None`` keeps mkdocs.yml's setting;
    ``serve_url`` builds for ``kpicat serve``. ``offline`` links every page as
    ``page.html`` (MkDocs' ``use_directory_urls: false``) so that the site works when
    opened from ``file://``; search still needs a server (browsers refuse it ``fetch``).
    """
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    from kpicat.site.bundle import read_history
    from kpicat.site.languages import prefix
    from kpicat.site.plugin import KpicatPlugin
    from kpicat.site.publish import staging_prefix, swap_in

    enable_logging(verbose)
    site_dir = site_dir.resolve()
    if site_dir.exists() and not site_dir.is_dir():
        raise click.UsageError(f"--site-dir {site_dir} exists and is not a folder")
    try:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=staging_prefix(site_dir), dir=site_dir.parent))
    except OSError as exc:
        raise not_built(exc) from None
    try:
        with mkdocs_config(root, config_file) as path:
            overrides: dict[str, Any] = {"use_directory_urls": False} if offline else {}
            languages = result.catalogue.config.languages
            # the first language at the root, built first: each build empties its folder
            diagrams: bool | None = None
            downloads: dict[str, bytes] | None = None  # the same export files in every site
            history = read_history(result)  # one pass over git for every language's site
            for lang in languages:
                folder = prefix(lang, languages)
                url = serve_url + folder if serve_url else None
                config = load_mkdocs(
                    path,
                    result,
                    relative_links=offline,
                    language=lang,
                    diagrams=diagrams,
                    history=history,
                    downloads=downloads,
                    site_dir=str(staging / folder) if folder else str(staging),
                    strict=strict,
                    site_url=url,
                    **overrides,
                )
                if folder and config.site_url and not serve_url:
                    config.site_url = config.site_url.rstrip("/") + "/" + folder
                build(config, serve_url=url)
                bundle = next(
                    p.bundle for p in config.plugins.values() if isinstance(p, KpicatPlugin)
                )
                diagrams = bundle.diagrams if bundle is not None else None
                downloads = bundle.downloads if bundle is not None else None
        swap_in(staging, site_dir)
    except MkDocsException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        message = str(exc) or type(exc).__name__
        raise click.ClickException(
            _("the site was not built ({message}); the last site is kept").format(message=message)
        ) from None
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise not_built(exc) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
