"""The export files: CSV (UTF-8 with BOM, for Excel), JSON (for BI tools) and xlsx.

All three read the rows of kpicat.export.tables; the spreadsheet formats make
contributor text inert first (no cell runs as a formula).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from typing import Any

from kpicat import __version__
from kpicat.core.kinds import KIND_LABELS
from kpicat.export.tables import Cell, Table, spreadsheet_safe

BOM = "\ufeff"
SHEET_NAMES = {"term": "Begriffe", "kpi": "KPIs", "kra": "KRAs", "owner": "Verantwortliche"}
SHEET_NAMES["measure"] = "Basisgrößen"
MAX_WIDTH = 60


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def to_csv(tables: list[Table]) -> bytes:
    """One CSV: an ``entry_kind`` column and the union of every kind's columns."""
    columns: list[str] = []
    for table in tables:
        columns += [c for c in table.columns if c not in columns and c != "file"]
    columns.append("file")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for table in tables:
        for row in table.rows:
            writer.writerow([_text(spreadsheet_safe(row.get(c))) for c in columns])
    return (BOM + buffer.getvalue()).encode("utf-8")


def as_json_data(tables: list[Table], languages: tuple[str, ...], lang: str | None) -> Any:
    """The JSON export's data (kpicat/schemas/export-report.schema.json)."""
    return {
        "version": 1,
        "kpicat_version": __version__,
        "languages": list(languages),
        "language": lang,
        "columns": {t.kind: t.columns for t in tables},
        "entries": [row for t in tables for row in t.rows],
    }


def to_json(tables: list[Table], languages: tuple[str, ...], lang: str | None) -> bytes:
    data = as_json_data(tables, languages, lang)
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def to_xlsx(tables: list[Table]) -> bytes:
    """One sheet per kind: bold frozen header row, auto filter, widths from the content."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(SHEET_NAMES.get(table.kind, KIND_LABELS[table.kind]))
        sheet.append(table.columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        widths = [len(c) for c in table.columns]
        for row in table.rows:
            values = [spreadsheet_safe(row.get(c)) for c in table.columns]
            values = [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values]
            sheet.append(values)
            for index, value in enumerate(values):
                widths[index] = max(widths[index], min(MAX_WIDTH, len(_text(value))))
        for cells in sheet.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, never a formula, whatever it starts with
        sheet.freeze_panes = "A2"
        if table.rows:
            sheet.auto_filter.ref = sheet.dimensions
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width + 2
    if not tables:
        book.create_sheet("leer")
    book.properties.created = book.properties.modified = _EPOCH
    buffer = io.BytesIO()
    book.save(buffer)
    return _reproducible(buffer.getvalue())


_EPOCH = dt.datetime(2000, 1, 1)
_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*)>[^<]*<")


def _reproducible(archive: bytes) -> bytes:
    """The same workbook bytes for the same catalogue: fixed times inside the zip."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(archive)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":  # openpyxl stamps the save time
                content = _STAMP.sub(rb"\1>2000-01-01T00:00:00Z<", content)
            target.writestr(info, content)
    return out.getvalue()
