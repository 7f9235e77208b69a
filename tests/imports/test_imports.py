"""kpicat import: dbt metrics, DataHub glossaries and CSV become entries that load."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kpicat.check import run_check
from kpicat.cli import cli
from kpicat.imports.plan import slugify, unique_id
from kpicat.load import load_bytes

FIXTURES = Path(__file__).parent / "fixtures"


def run_import(root, source, *args):
    return CliRunner().invoke(cli, ["import", str(source), "--root", str(root), *args])


def loads_cleanly(root):
    """Every written file loads strictly and `kpicat check` runs to the end."""
    for path in (root / "catalogue").rglob("*.yaml"):
        load_bytes(path.read_bytes(), path.name)
    result = CliRunner().invoke(cli, ["check", "--root", str(root)])
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    return run_check(root)


def test_slugs():
    assert slugify("Größter Kunde") == "groesster_kunde"
    assert slugify("averageOrderValue") == "average_order_value"
    assert slugify("42 Ärger!") == "x_42_aerger"
    assert slugify("<script>") == "script"
    assert slugify("") == "eintrag" and slugify("é") == "e_1"
    long = slugify("a" * 300)
    assert len(long) <= 64
    assert unique_id("umsatz", {"umsatz", "umsatz_2"}) == "umsatz_3"


def test_dbt_metrics_become_kpis_and_measures(catalogue_root):
    result = run_import(catalogue_root, FIXTURES / "dbt_metrics.yml")
    assert result.exit_code == 0, result.output
    kpis = catalogue_root / "catalogue/kpis"
    assert (catalogue_root / "catalogue/measures/order_total.yaml").is_file()
    check = loads_cleanly(catalogue_root)
    by_id = {e.id: e for e in check.catalogue.entries}
    assert by_id["revenue"].data["formula"] == "order_total"
    assert by_id["revenue"].data["name"] == "Umsatz"
    assert by_id["average_order_value"].data["formula"] == "revenue / order_count_metric"
    assert by_id["revenue_per_account"].data["formula"] == "revenue / accounts_metric"
    # an offset window and a cumulative metric cannot be a formula: placeholder and a note
    assert by_id["revenue_growth"].data["formula"].startswith("TODO:")
    assert by_id["cumulative_revenue"].data["formula"].startswith("TODO:")
    assert "needs attention catalogue/kpis/revenue_growth.yaml: formula:" in result.output
    assert "offset window" in result.output
    assert (kpis / "revenue.yaml").read_text().startswith("# New KPI")


def test_import_never_overwrites_and_reports_skips(catalogue_root):
    source = FIXTURES / "dbt_metrics.yml"
    assert run_import(catalogue_root, source).exit_code == 0
    before = (catalogue_root / "catalogue/kpis/revenue.yaml").read_text()
    again = run_import(catalogue_root, source)
    assert again.exit_code == 0
    assert "0 created" in again.output and "skipped kpi 'revenue'" in again.output
    assert (catalogue_root / "catalogue/kpis/revenue.yaml").read_text() == before


def test_dry_run_writes_nothing(catalogue_root):
    before = sorted((catalogue_root / "catalogue").rglob("*"))
    result = run_import(catalogue_root, FIXTURES / "dbt_metrics.yml", "--dry-run")
    assert result.exit_code == 0 and "would create catalogue/kpis/revenue.yaml" in result.output
    assert sorted((catalogue_root / "catalogue").rglob("*")) == before


def test_datahub_glossary_becomes_terms_and_owners(catalogue_root):
    result = run_import(catalogue_root, FIXTURES / "datahub_glossary.yml")
    assert result.exit_code == 0, result.output
    check = loads_cleanly(catalogue_root)
    by_id = {e.id: e for e in check.catalogue.entries}
    churn = by_id["churn"]
    assert churn.kind == "term" and churn.data["definition"] == "Abwanderung von Kunden."
    assert churn.data["x_broader"] == ["kundenbindungsrate", "kundenkennzahlen"]
    assert by_id["kundenbindungsrate"].data["related"] == ["churn"]
    assert by_id["kundenbindungsrate"].data["sources"][0]["url"].startswith("https://")
    assert by_id["groesster_kunde"].data["x_broader"] == ["key_account"]
    assert by_id["groesster_kunde"].data["definition"].startswith("TODO:")
    assert by_id["vertriebsleitung"].kind == "owner"
    assert by_id["vertriebsleitung"].data["kind"] == "person"
    assert by_id["kam_team"].kind == "owner"  # existed already: skipped, not overwritten
    assert "skipped owner 'kam_team'" in result.output


def test_csv_with_column_mapping(catalogue_root, tmp_path):
    source = tmp_path / "kpis.csv"
    source.write_text(
        "Kennzahl;Beschreibung;Formel;Einheit;kra;owner;name.en\n"
        "Umsatz je Kunde;Umsatz geteilt durch Kunden.;umsatz / anzahl_accounts;EUR/count;"
        "vertrieb;kam_team;Revenue per customer\n"
        "Bösartig;=cmd|' /C calc'!A0;;;;;\n",
        encoding="utf-8-sig",
    )
    result = run_import(
        catalogue_root,
        source,
        "--map",
        "Kennzahl=name",
        "--map",
        "Beschreibung=definition",
        "--map",
        "Formel=formula",
        "--map",
        "Einheit=unit",
    )
    assert result.exit_code == 0, result.output
    check = loads_cleanly(catalogue_root)
    by_id = {e.id: e for e in check.catalogue.entries}
    kpi = by_id["umsatz_je_kunde"]
    assert kpi.kind == "kpi" and kpi.data["formula"] == "umsatz / anzahl_accounts"
    assert kpi.data["kra"] == "vertrieb" and kpi.data["owner"] == "kam_team"
    assert kpi.data["name"] == {"de": "Umsatz je Kunde", "en": "Revenue per customer"}
    assert by_id["boesartig"].kind == "term"


def test_csv_map_of_a_missing_column_is_a_clear_error(catalogue_root, tmp_path):
    source = tmp_path / "a.csv"
    source.write_text("name,definition\nA,b\n")
    result = run_import(catalogue_root, source, "--map", "Kennzahl=name")
    assert result.exit_code == 2 and "does not have" in result.output
    result = run_import(catalogue_root, source, "--map", "nonsense")
    assert result.exit_code == 2 and "COLUMN=FIELD" in result.output


@pytest.mark.parametrize(
    ("name", "content", "fmt"),
    [
        ("missing.yml", "metrics:\n  - label: no name\n  - 42\n  - name: [1, 2]\n", "dbt"),
        ("types.yml", "metrics:\n  - name: x\n    type_params: 7\n    type: [a]\n", "dbt"),
        ("notdbt.yml", "hello: world\n", "dbt"),
        ("dup.yml", "metrics: []\nmetrics: []\n", "dbt"),
        ("deep.yml", "metrics: " + "[" * 200 + "]" * 200 + "\n", "dbt"),
        ("tags.yml", "metrics: !!python/object/apply:os.system ['true']\n", "dbt"),
        (
            "hub.yml",
            "nodes:\n  - name: {a: 1}\n  - terms: 5\n  - name: N\n    nodes: 3\n",
            "datahub",
        ),
        ("bad.csv", "name,definition\n\xff\xfe,x\n", "csv"),
        ("empty.csv", "", "csv"),
        (
            "evil.yml",
            "metrics:\n  - name: ../../etc/passwd\n    type: derived\n    type_params:\n      expr: __import__('os')\n",
            "dbt",
        ),
    ],
)
def test_hostile_sources_never_crash(catalogue_root, tmp_path, name, content, fmt):
    source = tmp_path / name
    source.write_bytes(
        content.encode("utf-8", "surrogateescape")
        if "\xff" not in content
        else content.encode("latin-1")
    )
    result = run_import(catalogue_root, source, "--format", fmt)
    assert result.exit_code in (0, 2), result.output
    assert ("Traceback" not in result.output and result.exception is None) or isinstance(
        result.exception, SystemExit
    )
    loads_cleanly(catalogue_root)
    assert not (tmp_path / "etc").exists()


def test_huge_sources_are_refused(catalogue_root, tmp_path):
    big = tmp_path / "big.yml"
    big.write_text("metrics:\n" + "  - name: m\n" * 200_000)
    result = run_import(catalogue_root, big, "--format", "dbt")
    assert result.exit_code == 2 and "Traceback" not in result.output
    big_csv = tmp_path / "big.csv"
    big_csv.write_bytes(b"name,definition\n" + b"x,y\n" * 2_500_000)
    result = run_import(catalogue_root, big_csv)
    assert result.exit_code == 2 and "up to" in result.output
