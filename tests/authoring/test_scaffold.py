"""kpicat new: a schema-valid skeleton per kind, placeholders reported by KC501, no overwrites."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kpicat.cli import cli
from kpicat.core.kinds import KIND_FOLDERS
from kpicat.load import load_bytes
from kpicat.schemas import validator_for
from tests.conftest import TODAY
from tests.gitrepo import run_script

KINDS = {kind: folder for folder, kind in KIND_FOLDERS.items()}
SCHEMA_CODES = {"KC010", "KC011", "KC012", "KC013", "KC014", "KC015", "KC016"}


def new(root, *args):
    return CliRunner().invoke(cli, ["new", *args, "--root", str(root)])


def check_json(root):
    import json

    result = CliRunner().invoke(
        cli, ["check", "--root", str(root), "--format", "json", "--today", TODAY.isoformat()]
    )
    return json.loads(result.output)["diagnostics"]


@pytest.mark.parametrize("kind", KINDS)
def test_skeleton_passes_schema_and_placeholders_are_reported(catalogue_root, kind):
    result = new(catalogue_root, kind, f"neu_{kind}")
    assert result.exit_code == 0, result.output
    rel = f"catalogue/{KINDS[kind]}/neu_{kind}.yaml"
    path = catalogue_root / rel
    text = path.read_text(encoding="utf-8")
    doc = load_bytes(text.encode(), rel)
    assert (
        list(validator_for(kind, ("revenue", "customer", "activity")).iter_errors(doc.data)) == []
    )
    assert doc.data["id"] == f"neu_{kind}"
    # a comment from the schema above every field
    assert "# Display name" in text or "# Name of the team" in text
    placeholder_lines = {
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if not line.lstrip().startswith("#") and "TODO:" in line
    }
    assert placeholder_lines
    diagnostics = [d for d in check_json(catalogue_root) if d["file"] == rel]
    assert not SCHEMA_CODES & {d["code"] for d in diagnostics}, diagnostics
    assert {d["line"] for d in diagnostics if d["code"] == "KC501"} == placeholder_lines
    assert f"{rel}:" in result.output and "placeholders to fill in" in result.output


def test_filled_in_kpi_has_no_placeholders(catalogue_root):
    result = new(
        catalogue_root,
        "kpi",
        "umsatz_je_account",
        "--name",
        "Umsatz je Account",
        "--definition",
        "Umsatz geteilt durch Accounts.",
        "--formula",
        "umsatz / anzahl_accounts",
        "--unit",
        "EUR/count",
        "--kra",
        "vertrieb",
        "--owner",
        "kam_team",
        "--indicator",
        "output",
        "--nature",
        "financial",
        "--category",
        "revenue",
        "--period",
        "quarterly",
    )
    assert result.exit_code == 0, result.output
    rel = "catalogue/kpis/umsatz_je_account.yaml"
    codes = {d["code"] for d in check_json(catalogue_root) if d["file"] == rel}
    assert "KC501" not in codes
    assert not SCHEMA_CODES & codes


def test_never_overwrites_and_ids_are_unique_across_kinds(catalogue_root):
    path = catalogue_root / "catalogue/kpis/umsatzwachstum.yaml"
    before = path.read_bytes()
    result = new(catalogue_root, "kpi", "umsatzwachstum")
    assert result.exit_code == 1
    assert "already taken by catalogue/kpis/umsatzwachstum.yaml" in result.output
    assert path.read_bytes() == before
    result = new(catalogue_root, "term", "umsatz")  # a measure has this id
    assert result.exit_code == 1
    assert "catalogue/measures/umsatz.yaml" in result.output
    assert not (catalogue_root / "catalogue/terms/umsatz.yaml").exists()


@pytest.mark.parametrize("bad", ["Umsatz", "1kpi", "a", "umsatz-neu", "../x", "x" * 65])
def test_invalid_id_is_a_usage_error(catalogue_root, bad):
    result = new(catalogue_root, "kpi", bad)
    assert result.exit_code == 2
    assert "not a valid id" in result.output
    assert list((catalogue_root / "catalogue/kpis").glob("*.yaml")) == sorted(
        (catalogue_root / "catalogue/kpis").glob("*.yaml")
    )


def test_option_for_another_kind_is_refused(catalogue_root):
    result = new(catalogue_root, "term", "neu_term", "--formula", "a + b")
    assert result.exit_code == 2
    assert "--formula does not apply to a term" in result.output


def test_reference_placeholder_names_real_examples(catalogue_root):
    new(catalogue_root, "kpi", "neu_kpi")
    text = (catalogue_root / "catalogue/kpis/neu_kpi.yaml").read_text(encoding="utf-8")
    assert "kra: todo_kra  # TODO: id of an existing KRA, e.g. vertrieb" in text


def test_console_script(catalogue_root):
    proc = run_script(
        "new", "owner", "vertrieb_nord", "--github", "@example-org/nord", cwd=catalogue_root
    )
    assert proc.returncode == 0, proc.stderr
    text = (catalogue_root / "catalogue/owners/vertrieb_nord.yaml").read_text(encoding="utf-8")
    assert 'github: "@example-org/nord"' in text
    proc = run_script("new", "owner", "vertrieb_nord", cwd=catalogue_root)
    assert proc.returncode == 1
    assert "nothing was written" in proc.stderr


def test_modeline_points_editors_at_the_published_schema(catalogue_root):
    """With ``site.url`` in kpicat.yaml the skeleton's first line tells the YAML language
    server which schema to use: the one the site publishes (the `$id` of `kpicat schema`)."""
    import json

    config = catalogue_root / "kpicat.yaml"
    config.write_text(config.read_text() + "site: {url: https://acme.example/kpis}\n")
    assert new(catalogue_root, "term", "neuer_begriff").exit_code == 0
    first = (catalogue_root / "catalogue/terms/neuer_begriff.yaml").read_text().splitlines()[0]
    schema = CliRunner().invoke(cli, ["schema", "term", "--root", str(catalogue_root)]).output
    assert first == f"# yaml-language-server: $schema={json.loads(schema)['$id']}"
    assert first.endswith("https://acme.example/kpis/schemas/term.schema.json")


def test_no_modeline_without_a_site_address(catalogue_root):
    assert new(catalogue_root, "term", "neuer_begriff").exit_code == 0
    text = (catalogue_root / "catalogue/terms/neuer_begriff.yaml").read_text()
    assert "yaml-language-server" not in text


def test_mkdocs_site_url_alone_is_the_site_address(catalogue_root):
    """A repository that set only MkDocs' ``site_url`` publishes its schemas there too:
    the modeline of ``kpicat new``, the ``$id`` of ``kpicat schema`` and SARIF agree."""
    import json

    (catalogue_root / "mkdocs.yml").write_text(
        "site_name: KPIs\nsite_url: https://acme.example/katalog/\n", encoding="utf-8"
    )
    assert new(catalogue_root, "term", "neuer_begriff").exit_code == 0
    first = (catalogue_root / "catalogue/terms/neuer_begriff.yaml").read_text().splitlines()[0]
    schema = CliRunner().invoke(cli, ["schema", "term", "--root", str(catalogue_root)]).output
    assert json.loads(schema)["$id"] == "https://acme.example/katalog/schemas/term.schema.json"
    assert first == f"# yaml-language-server: $schema={json.loads(schema)['$id']}"
