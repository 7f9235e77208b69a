"""Pull-request workflow commands: ``diff``, ``new`` and ``codeowners``.

Added to the CLI by ``kpicat.cli.main.LazyGroup`` when one of them runs, so that
``kpicat check`` never imports git plumbing or the diff engine.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kpicat.cli.options import output_option, resolve_root, root_option, write_output
from kpicat.core.i18n import _
from kpicat.core.kinds import KINDS
from kpicat.diff.report import DIFF_FORMATS


@click.command("diff")
@click.argument("base")
@click.argument("head", required=False)
@root_option
@click.option("--format", "fmt", type=click.Choice(DIFF_FORMATS), default="text", show_default=True)
@output_option()
def diff(base: str, head: str | None, root: Path | None, fmt: str, output: Path | None) -> None:
    """What changed between two git revisions, breaking changes first.

    BASE and HEAD are git revisions (branch, tag or commit); HEAD defaults to
    the working tree, uncommitted files included. Files are read from git
    objects, nothing is checked out.

    Breaking: an active KPI whose formula (by canonical form), unit, type or
    KRA changes, an active KPI removed without being deprecated first, or an
    id changed without keeping the old entry with `replaced_by`. Bumping the
    KPI's `version` acknowledges a breaking change.

    Exit code 0: nothing breaking, or every breaking change acknowledged;
    1: an unacknowledged breaking change; 2: unknown revision or not a git
    repository.
    """
    from kpicat.cli.localized import speak_catalogue_language
    from kpicat.diff import DIFF_REPORTERS, GitError, compare

    catalogue_root = resolve_root(root)
    speak_catalogue_language(catalogue_root)  # the working tree's kpicat.yaml
    try:
        result = compare(catalogue_root, base, head)
    except GitError as error:
        click.echo(_("kpicat diff: {error}").format(error=error), err=True)
        sys.exit(2)
    text = DIFF_REPORTERS[fmt](result)
    if output is not None:
        write_output(output, text + ("" if text.endswith("\n") else "\n"))
    else:
        click.echo(text.rstrip("\n"))
    sys.exit(result.exit_code)


# which `kpicat new` options apply to which kind
_NEW_OPTIONS = {
    "name": KINDS,
    "definition": ("term", "kpi", "kra", "measure"),
    "kra": ("kpi",),
    "owner": ("kpi", "kra", "measure"),
    "unit": ("kpi", "measure"),
    "formula": ("kpi",),
    "category": ("kpi",),
    "period": ("kpi",),
    "indicator": ("kpi",),
    "nature": ("kpi",),
    "purpose": ("kpi",),
    "interpretation": ("kpi",),
    "granularity": ("kpi",),
    "pitfall": ("kpi",),
    "lever": ("kpi",),
    "owner_kind": ("owner",),
    "contact": ("owner",),
    "github": ("owner",),
}


@click.command("new")
@click.argument("kind", type=click.Choice(["kpi", "term", "kra", "owner", "measure"]))
@click.argument("entry_id", metavar="ID")
@root_option
@click.option("--name", help=("Display name (default language)."))
@click.option("--definition", help=("What it means, in one to four plain sentences."))
@click.option("--kra", help=("KPI: id of its Key Result Area."))
@click.option("--owner", help=("KPI, KRA, measure: id of the owner."))
@click.option("--unit", help=("KPI, measure: the unit, e.g. EUR, count, percent."))
@click.option("--formula", help=("KPI: the formula over measure and KPI ids."))
@click.option("--category", help=("KPI: revenue, customer, activity or one from kpicat.yaml."))
@click.option(
    "--period",
    type=click.Choice(["daily", "weekly", "monthly", "quarterly", "half_yearly", "yearly"]),
    help=("KPI: time reference."),
)
@click.option("--indicator", type=click.Choice(["input", "output"]), help=("KPI: input or output."))
@click.option("--nature", type=click.Choice(["financial", "non_financial"]), help="KPI.")
@click.option("--purpose", help=("KPI: why it matters, which decision it informs."))
@click.option("--interpretation", help=("KPI: how to read the value, what a good value is."))
@click.option(
    "--granularity",
    type=click.Choice(["account", "manager", "portfolio", "company"]),
    help=("KPI: the level one value refers to."),
)
@click.option("--pitfall", help=("KPI: a typical misreading or measuring error."))
@click.option("--lever", help=("KPI: what the account team can do to move it."))
@click.option("--owner-kind", "owner_kind", type=click.Choice(["team", "person"]), help="Owner.")
@click.option("--contact", help=("Owner: e-mail address or link."))
@click.option("--github", help=("Owner: GitHub handle or team, e.g. @org/team (for CODEOWNERS)."))
def new(kind: str, entry_id: str, root: Path | None, **options: str | None) -> None:
    """Write a skeleton entry catalogue/<kind>/<ID>.yaml that passes the schema.

    Every field gets a comment from the schema; values still to be written
    start with 'TODO:' and 'kpicat check' reports them (KC501) until they are
    filled in. An existing id, of any kind, is never overwritten (exit 1).
    """
    from kpicat.authoring.scaffold import ScaffoldError, create, unknown_references
    from kpicat.check import load_config

    for name, value in options.items():
        if value and kind not in _NEW_OPTIONS[name]:
            flag = "--" + name.replace("_", "-")
            raise click.UsageError(
                _("{flag} does not apply to a {kind}").format(flag=flag, kind=kind)
            )
    catalogue_root = resolve_root(root)
    config, problems = load_config(catalogue_root)
    if problems:
        raise click.UsageError(_("kpicat.yaml has errors; run 'kpicat check' first"))
    if options.get("category") and options["category"] not in config.category_ids:
        known = ", ".join(config.category_ids)
        raise click.UsageError(
            _("--category {category} is not a category; use one of {known}").format(
                category=options["category"], known=known
            )
        )
    try:
        path = create(catalogue_root, kind, entry_id, options, config)
    except ScaffoldError as error:
        click.echo(_("kpicat new: {error}").format(error=error), err=True)
        sys.exit(error.exit_code)
    rel = path.relative_to(catalogue_root).as_posix()
    click.echo(_("created {rel}").format(rel=rel))
    todo = [
        f"  {rel}:{number}: {line.strip()}"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if not line.lstrip().startswith("#") and "TODO:" in line
    ]
    if todo:
        click.echo(_("{count} placeholders to fill in:").format(count=len(todo)))
        click.echo("\n".join(todo))
    for flag in unknown_references(catalogue_root, options):
        click.echo(
            _("note: {flag} names no entry yet; create it with 'kpicat new' too").format(flag=flag),
            err=True,
        )
    click.echo(_("then run: kpicat check"))


@click.command("codeowners")
@root_option
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help=("Do not write; exit 1 when .github/CODEOWNERS is missing or out of date."),
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help=("Where to write (default: .github/CODEOWNERS at the repository root)."),
)
def codeowners(root: Path | None, check_only: bool, output: Path | None) -> None:
    """Write .github/CODEOWNERS from the owners' `github` handles.

    Each entry file is assigned to the GitHub handle of its `owner` (a KRA's
    file to the KRA's owner, an owner's file to the owner), so GitHub asks
    the owner to review every change to their entries.
    """
    from kpicat.authoring.codeowners import CODEOWNERS_PATH, build
    from kpicat.check import load_catalogue, load_config
    from kpicat.infra.git import GitError, Repo

    catalogue_root = resolve_root(root)
    config, problems = load_config(catalogue_root)
    if problems:
        raise click.UsageError(_("kpicat.yaml has errors; run 'kpicat check' first"))
    catalogue, _diagnostics, _files = load_catalogue(catalogue_root, config)
    try:
        repo = Repo.at(catalogue_root)
        top, prefix = repo.top, repo.prefix
    except GitError:
        top, prefix = catalogue_root, ""  # not a repository yet: the catalogue is the root
    result = build(catalogue, prefix, config.repository.get("codeowner"))
    target = output if output is not None else top / CODEOWNERS_PATH
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    shown = target.relative_to(top).as_posix() if target.is_relative_to(top) else str(target)
    if check_only:
        if current is None:
            click.echo(
                _("{shown} is missing: run 'kpicat codeowners' and commit it").format(shown=shown),
                err=True,
            )
            sys.exit(1)
        if current != result.text:
            click.echo(
                _("{shown} is out of date: run 'kpicat codeowners' and commit it").format(
                    shown=shown
                ),
                err=True,
            )
            sys.exit(1)
        click.echo(
            _("{shown} is up to date ({assigned} files assigned)").format(
                shown=shown, assigned=result.assigned
            )
        )
        return
    if current == result.text:
        click.echo(
            _("{shown} is already up to date ({assigned} files assigned)").format(
                shown=shown, assigned=result.assigned
            )
        )
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(result.text, encoding="utf-8")
        click.echo(
            _("wrote {shown} ({assigned} files assigned)").format(
                shown=shown, assigned=result.assigned
            )
        )
    for item in result.without_handle:
        click.echo(_("note: no github handle for {item}").format(item=item), err=True)
