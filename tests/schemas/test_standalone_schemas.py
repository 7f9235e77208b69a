"""`kpicat schema KIND` works for standalone tools: check-jsonschema agrees with kpicat (issue 12)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kpicat.cli import cli
from kpicat.core.kinds import KIND_FOLDERS
from tests.conftest import MINIMAL, REPO, write_entry

CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


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


@pytest.mark.slow
def test_check_jsonschema_accepts_the_shipped_catalogue(tmp_path: Path) -> None:
    for folder, kind in KIND_FOLDERS.items():
        schema = export(REPO, kind, tmp_path)
        files = sorted((REPO / "catalogue" / folder).glob("*.yaml"))
        proc = check_jsonschema(schema, *files)
        assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("category: revenue", "category: marketing_ops", "category"),
        ("period: quarterly", "period: sometimes", "period"),
        ("unit: EUR/count", "unit: [EUR]", "unit"),
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
