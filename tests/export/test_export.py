"""kpicat export: CSV, JSON and Excel rows, SKOS, and no formula injection."""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest
from click.testing import CliRunner

from kpicat.cli import cli
from kpicat.schemas import report_schema
from tests.conftest import write_entry

EVIL = '=HYPERLINK("http://evil.example","klick")'


def export(root, *args, output=None):
    extra = ["--output", str(output)] if output else []
    result = CliRunner().invoke(cli, ["export", "--root", str(root), *args, *extra])
    assert result.exit_code == 0, result.output
    return result


def add_hostile(root):
    write_entry(
        root,
        "terms/boese.yaml",
        f"""
        id: boese
        name: {{de: '{EVIL}', en: "+1 call me"}}
        definition: "-2+3 und @SUM(A1) \\x07"
        synonyms: {{de: ["@evil", Abwanderung], en: [attrition]}}
        abbreviation: BÖ
        related: [umsatz_pro_account]
        """,
    )


def test_csv_has_bom_dotted_and_localized_columns(catalogue_root):
    data = export(catalogue_root, "--format", "csv").stdout_bytes
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    kpi = next(r for r in rows if r["id"] == "umsatz_pro_account")
    assert kpi["entry_kind"] == "kpi" and kpi["formula"] and kpi["unit"]
    assert kpi["type.indicator"] in ("input", "output")
    assert kpi["name.de"] == "Umsatz pro Key Account" and kpi["name.en"]
    assert kpi["file"] == "catalogue/kpis/umsatz_pro_account.yaml"
    assert {"kpi", "kra", "owner", "measure"} <= {r["entry_kind"] for r in rows}


def test_lists_of_localised_text_become_one_column_per_language(catalogue_root):
    path = catalogue_root / "catalogue/kpis/umsatz_pro_account.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text + "pitfalls: [{de: Sondereffekte, en: One-off effects}, Saisoneffekte]\n"
        "purpose: {de: Zeigt Wachstum., en: Shows growth.}\n",
        encoding="utf-8",
    )
    data = export(catalogue_root, "--format", "csv", "--kind", "kpi").stdout_bytes
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    kpi = next(r for r in reader if r["id"] == "umsatz_pro_account")
    assert kpi["pitfalls.de"] == "Sondereffekte; Saisoneffekte"
    assert kpi["pitfalls.en"] == "One-off effects"
    assert kpi["purpose.de"] == "Zeigt Wachstum." and kpi["purpose.en"] == "Shows growth."
    columns = reader.fieldnames or []
    assert columns.index("purpose.de") < columns.index("pitfalls.de") < columns.index("formula")
    data = export(catalogue_root, "--format", "csv", "--kind", "kpi", "--lang", "en").stdout_bytes
    rows = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    kpi = next(r for r in rows if r["id"] == "umsatz_pro_account")
    assert kpi["pitfalls"] == "One-off effects"


def test_kind_and_lang_filter(catalogue_root):
    data = export(catalogue_root, "--format", "csv", "--kind", "kpi", "--lang", "en").stdout_bytes
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows and {r["entry_kind"] for r in rows} == {"kpi"}
    assert rows[0]["name"] and "name.de" not in rows[0]


def test_unknown_lang_is_a_usage_error(catalogue_root):
    result = CliRunner().invoke(cli, ["export", "--root", str(catalogue_root), "--lang", "fr"])
    assert result.exit_code == 2 and "not a catalogue language" in result.output


def test_spreadsheet_cells_never_start_a_formula(catalogue_root, tmp_path):
    add_hostile(catalogue_root)
    data = export(catalogue_root, "--format", "csv").stdout_bytes.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data)))
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    boese = next(r for r in csv.DictReader(io.StringIO(data)) if r["id"] == "boese")
    assert boese["name.de"] == "'" + EVIL  # prefixed, otherwise unchanged
    assert boese["synonyms.de"] == "'@evil; Abwanderung"

    from openpyxl import load_workbook

    target = tmp_path / "k.xlsx"
    export(catalogue_root, "--format", "xlsx", output=target)
    book = load_workbook(target)
    assert "KPIs" in book.sheetnames and "Begriffe" in book.sheetnames
    sheet = book["Begriffe"]
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["entry_kind", "id"]
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f"
            if isinstance(cell.value, str):
                assert not cell.value.startswith(("=", "+", "-", "@")), cell.value
    assert sheet.column_dimensions["B"].width > 4


def test_xlsx_is_reproducible(catalogue_root, tmp_path, monkeypatch):
    import datetime as dt

    import openpyxl.writer.excel

    one, two = tmp_path / "1.xlsx", tmp_path / "2.xlsx"
    export(catalogue_root, "--format", "xlsx", output=one)

    class Later(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return dt.datetime(2031, 5, 6, 7, 8, 9, tzinfo=tz)

        @classmethod
        def utcnow(cls):
            return dt.datetime(2031, 5, 6, 7, 8, 9)

    monkeypatch.setattr(openpyxl.writer.excel.datetime, "datetime", Later, raising=False)
    export(catalogue_root, "--format", "xlsx", output=two)
    assert one.read_bytes() == two.read_bytes()


def test_xlsx_needs_a_file(catalogue_root):
    result = CliRunner().invoke(cli, ["export", "--root", str(catalogue_root), "--format", "xlsx"])
    assert result.exit_code == 2 and "--output" in result.output


def test_json_export_validates_against_its_schema(catalogue_root):
    add_hostile(catalogue_root)
    data = json.loads(export(catalogue_root, "--format", "json").stdout_bytes)
    jsonschema.Draft202012Validator(report_schema("export")).validate(data)
    kpi = next(e for e in data["entries"] if e["id"] == "umsatz_pro_account")
    assert kpi["type.nature"] and kpi["kra"] and kpi["owner"] and kpi["status"]
    assert data["columns"]["kpi"][:2] == ["entry_kind", "id"]


def test_skos_is_valid_linked_data(catalogue_root):
    rdflib = pytest.importorskip("rdflib")
    add_hostile(catalogue_root)
    data = export(catalogue_root, "--format", "skos").stdout_bytes
    graph = rdflib.Graph().parse(data=data, format="json-ld")
    skos = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
    concept = rdflib.URIRef("urn:kpicat:boese")
    assert (concept, rdflib.RDF.type, skos.Concept) in graph
    labels = {(str(o), o.language) for o in graph.objects(concept, skos.prefLabel)}
    assert (EVIL, "de") in labels and ("+1 call me", "en") in labels
    alt = {(str(o), o.language) for o in graph.objects(concept, skos.altLabel)}
    assert {("Abwanderung", "de"), ("attrition", "en"), ("BÖ", "de")} <= alt
    assert list(graph.objects(concept, skos.definition))
    assert (None, rdflib.RDF.type, skos.ConceptScheme) in graph
    assert (concept, skos.inScheme, None) in graph


def test_script_json_cannot_break_out():
    from kpicat.export.skos import script_json

    text = script_json({"name": "</script><script>alert(1)</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text)["name"].startswith("</script>")
