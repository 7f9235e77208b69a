"""The schemas work for standalone tools: check-jsonschema agrees with kpicat (issue 12).

Both forms: the shipped files as they are (relative `$ref`s between them, resolved by
check-jsonschema from the package folder) and `kpicat schema KIND` (self-contained, with
the categories of kpicat.yaml, as the site publishes it).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import kpicat.schemas
from kpicat.cli import cli
from kpicat.core.kinds import KIND_FOLDERS
from tests.conftest import MINIMAL, REPO, write_entry

CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
SHIPPED = Path(kpicat.schemas.__file__).parent


def export(root: Path, kind: str, target: Path) -> Path:
    result = CliRunner().invoke(cli, ["schema", kind, "--root", str(root)])
    assert result.exit_code == 0, result.output
    path = target / f"{kind}.schema.json"
    path.write_text(result.output, encoding="utf-8")
    return path


def check_jsonschema(schema: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(CHECK_JSONSCHEMA),
            "--output-format",
            "json",
            "--schemafile",
            str(schema),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_exported_schema_is_self_contained_with_configured_categories() -> None:
    result = CliRunner().invoke(cli, ["schema", "kpi", "--root", str(REPO)])
    data = json.loads(result.output)
    assert "$ref" not in result.output and "urn:" not in result.output
    assert "process" in data["properties"]["category"]["enum"]  # from this repo's kpicat.yaml


def test_exported_schema_id_is_the_address_the_site_publishes_it_at(tmp_path: Path) -> None:
    root = tmp_path / "cat"
    for rel, text in MINIMAL.items():
        write_entry(root, rel, text)
    (root / "kpicat.yaml").write_text("site: {url: https://acme.example/kpis/}\n")
    result = CliRunner().invoke(cli, ["schema", "term", "--root", str(root)])
    assert json.loads(result.output)["$id"] == "https://acme.example/kpis/schemas/term.schema.json"


def test_shipped_schemas_refer_to_each_other_by_file_name() -> None:
    """No `urn:` or other address a standalone tool cannot resolve; every `$ref` names a
    shipped file (or a place in the same file)."""
    names = {path.name for path in SHIPPED.glob("*.schema.json")}
    for path in SHIPPED.glob("*.schema.json"):
        text = path.read_text(encoding="utf-8")
        assert "urn:" not in text, path.name
        refs = [m.split("#")[0] for m in _refs(json.loads(text))]
        assert set(filter(None, refs)) <= names, (path.name, refs)


def _refs(node: object) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []


@pytest.mark.slow
@pytest.mark.parametrize("form", ["exported", "shipped"])
def test_check_jsonschema_accepts_the_shipped_catalogue(tmp_path: Path, form: str) -> None:
    for folder, kind in KIND_FOLDERS.items():
        schema = (
            export(REPO, kind, tmp_path) if form == "exported" else SHIPPED / f"{kind}.schema.json"
        )
        files = sorted((REPO / "catalogue" / folder).glob("*.yaml"))
        assert files
        proc = check_jsonschema(schema, *files)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = check_jsonschema(
        export(REPO, "config", tmp_path) if form == "exported" else SHIPPED / "config.schema.json",
        REPO / "kpicat.yaml",
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("category: revenue", "category: marketing_ops", "category"),
        ("period: quarterly", "period: sometimes", "period"),
        ("unit: EUR/count", "unit: [EUR]", "unit"),
        ("nature: financial", "nature: finanziell", "type.nature"),
        ("owner: kam_team", "owner: Kam Team", "owner"),
    ],
)
def test_check_jsonschema_and_kpicat_name_the_same_problem(
    tmp_path: Path, old: str, new: str, field: str
) -> None:
    root = tmp_path / "cat"
    for rel, text in MINIMAL.items():
        write_entry(root, rel, text)
    path = root / "catalogue/kpis/umsatz_pro_account.yaml"
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new), encoding="utf-8")
    ours = CliRunner().invoke(cli, ["check", "--root", str(root), "--format", "json"])
    errors = [
        d
        for d in json.loads(ours.output)["diagnostics"]
        if d["severity"] == "error" and d["file"].endswith("umsatz_pro_account.yaml")
    ]
    assert errors and all(d["message"].startswith(field) for d in errors), errors
    proc = check_jsonschema(export(root, "kpi", tmp_path), path)
    assert proc.returncode == 1, proc.stdout
    theirs = {e["path"].removeprefix("$.") for e in json.loads(proc.stdout)["errors"]}
    assert theirs == {field}
    if field != "category":  # the shipped file leaves categories to kpicat.yaml
        proc = check_jsonschema(SHIPPED / "kpi.schema.json", path)
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert {e["path"].removeprefix("$.") for e in json.loads(proc.stdout)["errors"]} == {field}
