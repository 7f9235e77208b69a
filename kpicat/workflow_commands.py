"""Pull-request workflow commands: ``diff``, ``new`` and ``codeowners``.

Defined here, next to the modules they drive, and added to the CLI by
``kpicat.cli._register_plugins`` so that cli.py stays a thin shell.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

DIFF_FORMATS = ("text", "markdown", "json")

# kpicat.cli imports this module while it registers commands, so nothing from
# kpicat.cli is imported at module level here.
root_option = click.option(
    "--root",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Catalogue folder (default: search upward for kpicat.yaml or catalogue/).",
)


def resolve_root(root: Path | None) -> Path:
    from kpicat.cli import resolve_root as resolve

    return resolve(root)


@click.command("diff")
@click.argument("base")
@click.argument("head", required=False)
@root_option
@click.option("--format", "fmt", type=click.Choice(DIFF_FORMATS), default="text", show_default=True)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write the report to a file instead of standard output.",
)
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
    from kpicat.diff import DIFF_REPORTERS, GitError, compare

    catalogue_root = resolve_root(root)
    try:
        result = compare(catalogue_root, base, head)
    except GitError as error:
        click.echo(f"kpicat diff: {error}", err=True)
        sys.exit(2)
    text = DIFF_REPORTERS[fmt](result)
    if output is not None:
        output.write_text(text + ("" if text.endswith("\n") else "\n"), encoding="utf-8")
    else:
        click.echo(text.rstrip("\n"))
    sys.exit(result.exit_code)


WORKFLOW_COMMANDS: list[click.Command] = [diff]
