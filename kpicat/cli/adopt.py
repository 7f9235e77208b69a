"""Commands for adopting kpicat in a repository: ``init`` and ``schema``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kpicat.cli.options import root_option
from kpicat.core.i18n import _
from kpicat.core.kinds import KINDS


@click.command("init")
@click.argument(
    "directory", required=False, default=".", type=click.Path(path_type=Path, file_okay=False)
)
@click.option(
    "--root",
    "sub",
    default="",
    metavar="SUBFOLDER",
    help=(
        "Put the catalogue in this subfolder of DIRECTORY (workflows stay at "
        "the repository top, with --root wired into every command)."
    ),
)
@click.option("--example", is_flag=True, help=("Add one entry per kind that checks clean."))
@click.option("--title", default=None, help=("Title of the catalogue and its website."))
@click.option("--description", default=None, help=("One or two sentences for the start page."))
@click.option(
    "--language",
    "languages",
    multiple=True,
    type=click.Choice(["de", "en"]),
    help=("Catalogue language, repeatable; the first is the default (default: de)."),
)
@click.option("--repository", default=None, help=("Web address, e.g. https://github.com/org/repo."))
@click.option("--site-url", default=None, help=("Public address of the website (default: Pages)."))
@click.option(
    "--codeowner",
    default=None,
    metavar="@ORG/TEAM",
    help=("GitHub user or team reviewing every catalogue file no owner claims."),
)
@click.option("--branch", default="main", show_default=True, help=("The branch that publishes."))
@click.option(
    "--install-from",
    default=None,
    metavar="URL@TAG",
    help=(
        "The git repository and tag CI and pre-commit install kpicat from "
        "(default: this release at the project's address)."
    ),
)
def init_command(
    directory: Path,
    sub: str,
    example: bool,
    title: str | None,
    description: str | None,
    languages: tuple[str, ...],
    repository: str | None,
    site_url: str | None,
    codeowner: str | None,
    branch: str,
    install_from: str | None,
) -> None:
    """Set up a catalogue: kpicat.yaml, catalogue/, CI, pre-commit, CODEOWNERS, editor.

    Never overwrites a file: says what it wrote and what it left as it was.
    """
    from kpicat.authoring.init import InitOptions, Outcome, plan, write_examples, write_files
    from kpicat.core.install import Source, default_source
    from kpicat.infra.git import GitError, Repo

    clean = sub.strip("/")
    if clean.startswith("..") or Path(clean).is_absolute() or "\\" in clean:
        raise click.BadParameter(_("give a folder inside DIRECTORY"), param_hint="--root")
    if codeowner is not None and not codeowner.startswith("@"):
        raise click.BadParameter(
            _("'{codeowner}' is not a GitHub handle; write @user or @org/team").format(
                codeowner=codeowner
            ),
            param_hint="--codeowner",
        )
    if repository is not None and not repository.startswith(("https://", "http://")):
        raise click.BadParameter(_("use the web address, https://…"), param_hint="--repository")
    try:
        source = Source.parse(install_from) if install_from else default_source()
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--install-from") from None
    catalogue_root = (directory / clean).resolve() if clean else directory.resolve()
    catalogue_root.mkdir(parents=True, exist_ok=True)
    try:
        found = Repo.at(catalogue_root)
        top, prefix = found.top, found.prefix
    except GitError:
        top, prefix = directory.resolve(), (clean + "/" if clean else "")
    options = InitOptions(
        languages=tuple(dict.fromkeys(languages)) or ("de",),
        title=title,
        description=description,
        repository=repository,
        site_url=site_url,
        codeowner=codeowner,
        branch=branch,
        example=example,
        source=source,
    )
    outcome = Outcome()
    write_files(top, plan(prefix, options), outcome)
    if example:
        write_examples(top, prefix, options, outcome)
    _codeowners(top, catalogue_root, prefix, outcome)
    for rel in outcome.written:
        click.echo(_("wrote {rel}").format(rel=rel))
    for rel in outcome.kept:
        click.echo(_("left  {rel} (exists; not changed)").format(rel=rel))
    where = _(" --root {rstrip}").format(rstrip=prefix.rstrip("/")) if prefix else ""
    click.echo(
        _(
            "next: kpicat new kpi ID{where}, then kpicat check{where}; commit, "
            "push, and turn on GitHub Pages (Source: GitHub Actions)"
        ).format(where=where)
    )
    if codeowner is None:
        click.echo(
            _(
                "note: CODEOWNERS has no fallback reviewer; set repository.codeowner "
                "in kpicat.yaml and run 'kpicat codeowners'"
            ),
            err=True,
        )
    if options.site is None:
        click.echo(
            _(
                "note: no website address (--site-url, or a github.com --repository "
                "for Pages), so editors get no schemas; set site.url in kpicat.yaml, "
                "then 'kpicat new' adds the yaml-language-server line to each new entry"
            ),
            err=True,
        )
    if source is None:
        click.echo(
            _(
                "note: no .pre-commit-config.yaml: this kpicat does not know its git "
                "repository; run init again with --install-from URL@TAG"
            ),
            err=True,
        )


def _codeowners(top: Path, root: Path, prefix: str, outcome: object) -> None:
    """CODEOWNERS from the catalogue just written (with its fallback line), if absent."""
    from kpicat.authoring.codeowners import CODEOWNERS_PATH, build
    from kpicat.check import load_catalogue, load_config

    target = top / CODEOWNERS_PATH
    rel = CODEOWNERS_PATH.as_posix()
    if target.exists():
        outcome.kept.append(rel)  # type: ignore[attr-defined]
        return
    config, problems = load_config(root)
    if problems:
        return
    catalogue, _diagnostics, _files = load_catalogue(root, config)
    result = build(catalogue, prefix, config.repository.get("codeowner"))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(result.text, encoding="utf-8")
    outcome.written.append(rel)  # type: ignore[attr-defined]


@click.command("schema")
@click.argument("kind", type=click.Choice([*KINDS, "config"]))
@root_option
def schema_command(kind: str, root: Path | None) -> None:
    """Print the JSON Schema of one kind, self-contained, with this catalogue's categories.

    For editors and tools such as check-jsonschema: no references to resolve, and
    the KPI categories are the ones kpicat.yaml allows.
    """
    from kpicat.check import load_config
    from kpicat.core.config import Config
    from kpicat.load.address import site_address
    from kpicat.load.files import find_root
    from kpicat.schemas import standalone_schema

    folder = root.resolve() if root is not None else find_root(Path.cwd())
    config = Config()
    if folder is not None:
        config, problems = load_config(folder)
        if problems:
            click.echo(
                _("kpicat schema: kpicat.yaml has errors; run 'kpicat check' first"), err=True
            )
            sys.exit(2)
    data = standalone_schema(kind, config.category_ids, site_address(folder, config))
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))
