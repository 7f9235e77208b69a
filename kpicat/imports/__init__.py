"""Foreign files -> new catalogue entries: dbt metrics, DataHub glossaries, CSV.

Every importer turns its source into ``Planned`` entries; ``run_import``
gives them safe, unique ids, writes them through the scaffold's renderer
(the same commented YAML ``kpicat new`` writes) and never overwrites a file.
What cannot be translated becomes a placeholder that ``kpicat check`` points at.
"""

from __future__ import annotations

from pathlib import Path

from kpicat.core.i18n import _
from kpicat.imports.plan import ImportFailure, Planned, Report, read_source, write_plan

FORMATS = ("dbt", "datahub", "csv")


def detect(source: Path) -> str:
    """dbt, datahub or csv, from the suffix and (for YAML) the top-level keys."""
    suffix = source.suffix.lower()
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    if suffix in (".yaml", ".yml"):
        head = read_source(source)[:200_000].decode("utf-8", "replace")
        if "metrics:" in head or "semantic_models:" in head:
            return "dbt"
        if "nodes:" in head or "terms:" in head:
            return "datahub"
    raise ImportFailure(
        _("cannot tell what {name} is; pass --format dbt, --format datahub or --format csv").format(
            name=source.name
        )
    )


def run_import(
    root: Path,
    source: Path,
    fmt: str,
    column_map: dict[str, str] | None = None,
    *,
    dry_run: bool = False,
) -> Report:
    """Read ``source`` as ``fmt`` and write its entries under ``root`` (unless dry_run)."""
    from kpicat.check.pipeline import load_config

    config, _problems = load_config(root)
    if fmt == "dbt":
        from kpicat.imports.dbt import plan
    elif fmt == "datahub":
        from kpicat.imports.datahub import plan
    elif fmt == "csv":
        from kpicat.imports.table import plan_csv

        return write_plan(root, config, plan_csv(source, column_map or {}, config), dry_run)
    else:
        raise ImportFailure(
            _("unknown format '{fmt}'; use one of {items}").format(
                fmt=fmt, items=", ".join(FORMATS)
            )
        )
    return write_plan(root, config, plan(source, config), dry_run)


__all__ = ["FORMATS", "ImportFailure", "Planned", "Report", "detect", "run_import"]
