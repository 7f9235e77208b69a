"""Options and argument helpers shared by every kpicat command."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from kpicat.core.i18n import _

root_option = click.option(
    "--root",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help=("Catalogue folder (default: search upward for kpicat.yaml or catalogue/)."),
)
today_option = click.option(
    "--today",
    metavar="YYYY-MM-DD",
    default=None,
    help=("Date to judge reviews and proposals against (default: today), for reproducible CI."),
)


def output_option(
    help_text: str = ("Write the report to a file instead of standard output."),
) -> click.decorators.FC:
    """``--output/-o FILE``."""
    return click.option(
        "--output",
        "-o",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help=help_text,
    )


def resolve_root(root: Path | None) -> Path:
    """--root, or the nearest folder upward with kpicat.yaml or catalogue/."""
    from kpicat.load.files import find_root

    if root is not None:
        if not root.is_dir():
            raise click.UsageError(_("--root {root} is not a folder").format(root=root))
        return root.resolve()
    found = find_root(Path.cwd())
    if found is None:
        raise click.UsageError(
            _(
                "no catalogue found here or above: run kpicat inside a folder with "
                "kpicat.yaml or catalogue/, or pass --root DIR"
            )
        )
    return found


def parse_today(value: str | None) -> dt.date | None:
    """--today as a date; a clear usage error otherwise."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            _("'{value}' is not a date; write YYYY-MM-DD").format(value=value)
        ) from None


def write_output(output: Path, data: str | bytes) -> None:
    """Write a report or export to ``--output``; a path that cannot be written ends the
    command with a plain message and exit 2, never a traceback."""
    try:
        if isinstance(data, bytes):
            output.write_bytes(data)
        else:
            output.write_text(data, encoding="utf-8")
    except OSError as error:
        if isinstance(error, FileNotFoundError):
            reason = _("the folder {folder} does not exist").format(folder=output.parent)
        elif isinstance(error, PermissionError):
            reason = _("you may not write there")
        elif isinstance(error, IsADirectoryError):
            reason = _("it is a folder; name a file")
        else:
            reason = error.strerror or str(error)
        message = _("kpicat: cannot write {output}: {reason}")
        click.echo(message.format(output=output, reason=reason), err=True)
        raise SystemExit(2) from None
