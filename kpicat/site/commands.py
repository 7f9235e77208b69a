"""Click commands for the website: build, serve, render.

MkDocs and Jinja2 are imported inside the command functions only, so that
``kpicat check`` (which imports this module to register the commands) stays fast
and free of the site generator.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kpicat.options import parse_today, resolve_root, root_option, today_option

if TYPE_CHECKING:
    from kpicat.check import CheckResult

MKDOCS_FILE = "mkdocs.yml"
RENDER_MARKER = ".kpicat-render"

config_option = click.option(
    "--config-file",
    "-f",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="mkdocs.yml to use (default: the one in the catalogue folder, else kpicat's own).",
)


def _checked(root: Path | None, today: str | None) -> tuple[Path, CheckResult]:
    """Run the check; print its report and exit when it has errors."""
    from kpicat.check import run_check
    from kpicat.report.text import render

    folder = resolve_root(root)
    result = run_check(folder, today=parse_today(today))
    if result.exit_code != 0:
        click.echo(render(result), err=True)
        click.echo("kpicat: the site was not built because the check found errors.", err=True)
        sys.exit(result.exit_code)
    return folder, result


@contextmanager
def _config_file(root: Path, given: Path | None) -> Iterator[Path]:
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


def _logging(verbose: bool) -> None:
    """MkDocs logs through ``logging``; show its warnings (and info with -v)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logger = logging.getLogger("mkdocs")
    if not any(isinstance(h, _EchoHandler) for h in logger.handlers):
        handler = _EchoHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO if verbose else logging.WARNING)


def _load_mkdocs(config_file: Path, result: CheckResult | None, **overrides: Any) -> Any:
    """The MkDocs config, with the kpicat plugin handed the finished check."""
    from mkdocs.config import load_config

    from kpicat.site.plugin import KpicatPlugin

    config = load_config(config_file=str(config_file), **overrides)
    plugins = [p for p in config.plugins.values() if isinstance(p, KpicatPlugin)]
    if not plugins:
        raise click.UsageError(f"{config_file} does not list the kpicat plugin under plugins:")
    if result is not None:
        plugins[0].preloaded = result
    return config


def not_built(exc: OSError) -> click.ClickException:
    """An OS refusal (read-only folder, full disk, a file in the way) in plain words."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    where = f": {exc.filename}" if exc.filename else ""
    return click.ClickException(
        f"the site was not built ({reason}{where}); the last site is kept. "
        "Check that the folder is writable and the disk has space."
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
) -> None:
    """Build into a fresh folder next to ``site_dir``; swap it in only on success.

    The caller holds :func:`kpicat.site.publish.site_lock` when others may build
    into the same folder. ``strict=None`` keeps mkdocs.yml's setting;
    ``serve_url`` builds for ``kpicat serve``.
    """
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    from kpicat.site.publish import staging_prefix, swap_in

    _logging(verbose)
    site_dir = site_dir.resolve()
    if site_dir.exists() and not site_dir.is_dir():
        raise click.UsageError(f"--site-dir {site_dir} exists and is not a folder")
    try:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=staging_prefix(site_dir), dir=site_dir.parent))
    except OSError as exc:
        raise not_built(exc) from None
    try:
        with _config_file(root, config_file) as path:
            config = _load_mkdocs(
                path, result, site_dir=str(staging), strict=strict, site_url=serve_url
            )
            build(config, serve_url=serve_url)
        swap_in(staging, site_dir)
    except MkDocsException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        message = str(exc) or type(exc).__name__
        raise click.ClickException(
            f"the site was not built ({message}); the last site is kept"
        ) from None
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise not_built(exc) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _site_dir_shape(site_dir: Path) -> None:
    """A file where the site or one of its folders should be is a usage error."""
    for path in (site_dir, *site_dir.parents):
        if path.exists():
            if not path.is_dir():
                raise click.UsageError(
                    f"--site-dir {site_dir}: {path} is a file, not a folder; "
                    "choose another --site-dir"
                )
            return


@click.command("build")
@root_option
@today_option
@config_option
@click.option(
    "--site-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Where the website goes (default: site/ in the catalogue folder).",
)
@click.option(
    "--strict/--no-strict", default=True, show_default=True, help="Fail on any MkDocs warning."
)
@click.option("--verbose", "-v", is_flag=True, help="Show MkDocs' progress messages.")
def build_command(
    root: Path | None,
    today: str | None,
    config_file: Path | None,
    site_dir: Path | None,
    strict: bool,
    verbose: bool,
) -> None:
    """Check the catalogue, then build the website.

    Refuses (exit 1) when the check finds errors. A failed or killed build
    keeps the previous site in place; a second build into the same folder waits
    for the first.
    """
    from kpicat.site.publish import site_lock

    folder = resolve_root(root)
    target = (site_dir if site_dir is not None else folder / "site").resolve()
    _site_dir_shape(target)

    def waiting() -> None:
        click.echo(
            f"kpicat: another build into {target.parent} is running; waiting for it to finish",
            err=True,
        )

    try:
        with site_lock(target, on_wait=waiting):
            _, result = _checked(folder, today)
            build_site(
                folder, result, target, config_file=config_file, strict=strict, verbose=verbose
            )
    except OSError as exc:
        raise not_built(exc) from None
    click.echo(f"kpicat: site built in {target}")


@click.command("serve")
@root_option
@config_option
@click.option("--dev-addr", "-a", metavar="IP:PORT", default="127.0.0.1:8000", show_default=True)
def serve_command(root: Path | None, config_file: Path | None, dev_addr: str) -> None:
    """Build the website and serve it locally, rebuilding when a file changes.

    While the catalogue has errors, the last good site stays up with a notice
    naming file:line:col on every page (an error page if there never was a good
    build); the next good save clears it. Ctrl-C or SIGTERM stops the server,
    removes its temporary folders and exits with 0.
    """
    from kpicat.site.serving import serve_site

    folder = resolve_root(root)
    _logging(True)
    with _config_file(folder, config_file) as path:
        serve_site(folder, path, dev_addr)


@click.command("render")
@root_option
@today_option
@config_option
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Folder for mkdocs.yml and docs/ (created; replaced if an earlier render made it).",
)
def render_command(
    root: Path | None, today: str | None, config_file: Path | None, out: Path
) -> None:
    """Write the generated site as plain Markdown with its own mkdocs.yml.

    Any generator that reads mkdocs.yml (MkDocs without kpicat, Zensical)
    builds the same site from it.
    """
    from kpicat.site.render import write_project

    folder, result = _checked(root, today)
    _logging(False)
    with _config_file(folder, config_file) as path:
        written = write_project(path, result, out.resolve())
    click.echo(f"kpicat: {written} pages written to {out}")
