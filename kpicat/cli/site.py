"""Click commands for the website: build, serve, render.

MkDocs and Jinja2 are imported inside the command functions only, so that
``kpicat check`` (which imports this module to register the commands) stays fast
and free of the site generator.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kpicat.cli.options import parse_today, resolve_root, root_option, today_option
from kpicat.core.i18n import _
from kpicat.site.build import build_site, enable_logging, mkdocs_config, not_built

if TYPE_CHECKING:
    from kpicat.core.result import CheckResult


config_option = click.option(
    "--config-file",
    "-f",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help=("mkdocs.yml to use (default: the one in the catalogue folder, else kpicat's own)."),
)


def require_site_extra(command: str) -> None:
    """Without the ``site`` extra, say exactly what to install (exit 2), not a traceback."""
    from kpicat.core.install import install_spec, missing_modules

    missing = missing_modules()
    if missing:
        click.echo(
            _(
                "kpicat {command} needs the website tools ({items} not installed). "
                "Install them with:\n  pip install 'kpicat[site]'\nor, from the "
                "release tag:\n  pip install '{install_spec}'"
            ).format(command=command, items=", ".join(missing), install_spec=install_spec("site")),
            err=True,
        )
        sys.exit(2)


def _checked(root: Path | None, today: str | None) -> tuple[Path, CheckResult]:
    """Run the check; print its report and exit when it has errors."""
    from kpicat.check import run_check
    from kpicat.report.text import render

    folder = resolve_root(root)
    result = run_check(folder, today=parse_today(today))
    if result.exit_code != 0:
        click.echo(render(result), err=True)
        click.echo(_("kpicat: the site was not built because the check found errors."), err=True)
        sys.exit(result.exit_code)
    return folder, result


def _site_dir_shape(site_dir: Path) -> None:
    """A file where the site or one of its folders should be is a usage error."""
    for path in (site_dir, *site_dir.parents):
        if path.exists():
            if not path.is_dir():
                raise click.UsageError(
                    _(
                        "--site-dir {site_dir}: {path} is a file, not a folder; choose another "
                        "--site-dir"
                    ).format(site_dir=site_dir, path=path)
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
    help=("Where the website goes (default: site/ in the catalogue folder)."),
)
@click.option(
    "--strict/--no-strict", default=True, show_default=True, help=("Fail on any MkDocs warning.")
)
@click.option(
    "--offline",
    is_flag=True,
    help=(
        "Link pages as page.html so the site works opened from disk (file://); "
        "search still needs a web server."
    ),
)
@click.option("--verbose", "-v", is_flag=True, help=("Show MkDocs' progress messages."))
def build_command(
    root: Path | None,
    today: str | None,
    config_file: Path | None,
    site_dir: Path | None,
    strict: bool,
    offline: bool,
    verbose: bool,
) -> None:
    """Check the catalogue, then build the website.

    Refuses (exit 1) when the check finds errors. A failed or killed build
    keeps the previous site in place; a second build into the same folder waits
    for the first.
    """
    require_site_extra("build")
    from kpicat.site.publish import site_lock

    folder = resolve_root(root)
    target = (site_dir if site_dir is not None else folder / "site").resolve()
    _site_dir_shape(target)

    def waiting() -> None:
        click.echo(
            _("kpicat: another build into {parent} is running; waiting for it to finish").format(
                parent=target.parent
            ),
            err=True,
        )

    try:
        with site_lock(target, on_wait=waiting):
            _catalogue, result = _checked(folder, today)
            build_site(
                folder,
                result,
                target,
                config_file=config_file,
                strict=strict,
                verbose=verbose,
                offline=offline,
            )
    except OSError as exc:
        raise not_built(exc) from None
    click.echo(_("kpicat: site built in {target}").format(target=target))


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
    require_site_extra("serve")
    from kpicat.site.serving import serve_site

    folder = resolve_root(root)
    enable_logging(True)
    with mkdocs_config(folder, config_file) as path:
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
    help=("Folder for mkdocs.yml and docs/ (created; replaced if an earlier render made it)."),
)
def render_command(
    root: Path | None, today: str | None, config_file: Path | None, out: Path
) -> None:
    """Write the generated site as plain Markdown with its own mkdocs.yml.

    Any generator that reads mkdocs.yml (MkDocs without kpicat, Zensical)
    builds the same site from it.
    """
    require_site_extra("render")
    from kpicat.site.render import write_project

    folder, result = _checked(root, today)
    enable_logging(False)
    with mkdocs_config(folder, config_file) as path:
        written = write_project(path, result, out.resolve())
    click.echo(_("kpicat: {written} pages written to {out}").format(written=written, out=out))
    others = result.catalogue.config.languages[1:]
    if others:
        builds = " && ".join(["mkdocs build", *(f"mkdocs build -f mkdocs.{o}.yml" for o in others)])
        click.echo(
            _("kpicat: one site per language; build them in this order: {builds}").format(
                builds=builds
            )
        )
