"""Interoperability commands: ``export`` (catalogue -> CSV, JSON, Excel, SKOS) and
``import`` (dbt, DataHub, CSV -> new entry files)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kpicat.cli.options import output_option, resolve_root, root_option, write_output
from kpicat.core.i18n import _

_EXPORT_FORMATS = ("csv", "json", "xlsx", "skos")
_KINDS = ("term", "kpi", "kra", "owner", "measure")


@click.command("export")
@root_option
@click.option(
    "--format", "fmt", type=click.Choice(_EXPORT_FORMATS), default="csv", show_default=True
)
@click.option(
    "--kind",
    "kinds",
    type=click.Choice(_KINDS),
    multiple=True,
    help=("Only these kinds (repeatable; default: all)."),
)
@click.option(
    "--lang",
    default=None,
    help=("One language for localised text (default: a column per language)."),
)
@output_option("Write to FILE (default: standard output; xlsx needs a file).")
def export_command(
    root: Path | None, fmt: str, kinds: tuple[str, ...], lang: str | None, output: Path | None
) -> None:
    """Export the catalogue for Excel, BI tools or linked data.

    csv (UTF-8 with BOM, opens in Excel), json (one flat object per entry),
    xlsx (one sheet per kind) or skos (the glossary as SKOS JSON-LD).
    """
    from kpicat.check.pipeline import load_catalogue, load_config
    from kpicat.export import export

    if fmt == "xlsx":
        from kpicat.core.install import install_spec, missing_modules

        if missing_modules(("openpyxl",)):
            click.echo(
                _(
                    "kpicat export --format xlsx needs openpyxl, part of the site extra: "
                    "pip install 'kpicat[site]' (or '{install_spec}'); csv, json and skos "
                    "work without it"
                ).format(install_spec=install_spec("site")),
                err=True,
            )
            sys.exit(2)
    catalogue_root = resolve_root(root)
    config, _problems = load_config(catalogue_root)
    catalogue, _diagnostics, _files = load_catalogue(catalogue_root, config)
    if lang is not None and lang not in catalogue.languages:
        raise click.BadParameter(
            _("'{lang}' is not a catalogue language; use one of {items}").format(
                lang=lang, items=", ".join(catalogue.languages)
            ),
            param_hint="--lang",
        )
    data = export(catalogue, fmt, kinds or _KINDS, lang)
    if output is not None:
        write_output(output, data)
        click.echo(_("wrote {output}").format(output=output), err=True)
    elif fmt == "xlsx":
        raise click.UsageError(
            _("an Excel file cannot go to the terminal; pass --output FILE.xlsx")
        )
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


@click.command("import")
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@root_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["dbt", "datahub", "csv"]),
    default=None,
    help=("What SOURCE is (default: from its suffix and content)."),
)
@click.option(
    "--map",
    "mappings",
    multiple=True,
    metavar="COLUMN=FIELD",
    help=("csv: read COLUMN as the entry field FIELD (repeatable), e.g. --map Kennzahl=name."),
)
@click.option("--dry-run", is_flag=True, help=("Report what would be written; write nothing."))
def import_command(
    source: Path,
    root: Path | None,
    fmt: str | None,
    mappings: tuple[str, ...],
    dry_run: bool,
) -> None:
    """Create entries from a dbt metrics file, a DataHub business glossary or a CSV.

    Existing files are never overwritten. What cannot be translated is written
    as a placeholder that 'kpicat check' points at. Exit code 0: written (or
    nothing to do); 2: SOURCE cannot be read.
    """
    from kpicat.imports import ImportFailure, detect, run_import

    catalogue_root = resolve_root(root)
    try:
        column_map = _parse_map(mappings)
        kind = fmt or detect(source)
        report = run_import(catalogue_root, source, kind, column_map, dry_run=dry_run)
    except ImportFailure as error:
        click.echo(_("kpicat import: {error}").format(error=error), err=True)
        sys.exit(2)
    click.echo(report.render(dry_run))


def _parse_map(mappings: tuple[str, ...]) -> dict[str, str]:
    from kpicat.imports import ImportFailure

    out = {}
    for item in mappings:
        column, sep, field = item.partition("=")
        if not sep or not column.strip() or not field.strip():
            raise ImportFailure(
                _("--map '{item}' must look like COLUMN=FIELD, e.g. Kennzahl=name").format(
                    item=item
                )
            )
        out[column.strip()] = field.strip()
    return out
