"""The issue form for proposing a KPI: valid for GitHub, written by `kpicat init`, shipped here."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kpicat.authoring.init import InitOptions, plan
from kpicat.authoring.issue_form import ISSUE_FORM, issue_form
from kpicat.check.pipeline import load_config
from kpicat.core.config import Config
from kpicat.schemas import field_schema
from tests.conftest import REPO


def check_jsonschema() -> str:
    local = Path(sys.executable).parent / "check-jsonschema"
    found = str(local) if local.exists() else shutil.which("check-jsonschema")
    if found is None:
        pytest.fail("check-jsonschema is a test dependency ([test] extra)")
    return found


def test_the_form_is_a_valid_github_issue_form(tmp_path: Path) -> None:
    config = Config(categories={"process": {"de": "prozessbezogen"}})
    path = tmp_path / "kpi-vorschlag.yml"
    path.write_text(issue_form(config), encoding="utf-8")
    done = subprocess.run(
        [check_jsonschema(), "--builtin-schema", "vendor.github-issue-forms", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_form_asks_for_the_fields_of_a_kpi_with_the_schemas_choices() -> None:
    form = yaml.safe_load(issue_form(Config()))
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    required = set(field_schema("kpi")["required"]) - {"id", "status", "type"}  # type: ignore[index]
    assert required <= set(fields), required - set(fields)
    assert {"indicator", "nature"} <= set(fields)
    periods = fields["period"]["attributes"]["options"]
    assert set(field_schema("kpi", "period")["enum"]) <= set(periods)  # type: ignore[index]
    assert set(Config().category_ids) <= set(fields["category"]["attributes"]["options"])
    assert fields["name"]["validations"]["required"] is True
    assert {"purpose", "interpretation", "pitfalls", "levers", "baseline"} <= set(fields)
    granularity = fields["granularity"]["attributes"]["options"]
    assert set(field_schema("kpi", "granularity")["enum"]) <= set(granularity)  # type: ignore[index]


def test_init_writes_the_form() -> None:
    files = plan("", InitOptions(repository="https://github.com/acme/kpis"))
    assert files[ISSUE_FORM] == issue_form(Config())
    assert "  branch: main" in files["kpicat.yaml"]


def test_this_repository_ships_the_form_of_its_own_catalogue() -> None:
    config, _ = load_config(REPO)
    assert (REPO / ISSUE_FORM).read_text(encoding="utf-8") == issue_form(config)
