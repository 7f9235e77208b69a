"""A catalogue in a subfolder of its repository: every CI format names files from the top."""

from __future__ import annotations

import json

from click.testing import CliRunner

from kpicat.cli import cli
from tests.gitrepo import make_repo


def _broken_subfolder(tmp_path):
    repo = make_repo(tmp_path / "r", sub="kpi")
    repo.edit("kpis/umsatz_pro_account.yaml", "kra: vertrieb", "kra: nix")
    return repo


def run(repo, fmt):
    return CliRunner().invoke(cli, ["check", "--root", str(repo.root), "--format", fmt])


def test_every_format_names_the_file_from_the_repository_root(tmp_path):
    repo = _broken_subfolder(tmp_path)
    want = "kpi/catalogue/kpis/umsatz_pro_account.yaml"
    text = run(repo, "text")
    assert text.exit_code == 1 and f"{want}:" in text.output
    github = run(repo, "github").output
    assert f"file={want}," in github and f"::group::{want}" in github
    data = json.loads(run(repo, "json").output)
    assert {d["file"] for d in data["diagnostics"]} == {want}
    sarif = json.loads(run(repo, "sarif").output)
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
        for loc in r["locations"]
    }
    assert uris == {want}
    assert want in run(repo, "markdown").output


def test_github_base_puts_the_changed_subfolder_file_first(tmp_path):
    repo = _broken_subfolder(tmp_path)
    result = CliRunner().invoke(
        cli, ["check", "--root", str(repo.root), "--format", "github", "--base", "HEAD"]
    )
    assert result.exit_code == 1
    assert "::error file=kpi/catalogue/kpis/umsatz_pro_account.yaml," in result.output


def test_github_log_lines_are_not_percent_escaped(tmp_path):
    repo = make_repo(tmp_path / "r")
    repo.edit("kpis/umsatz_pro_account.yaml", "kra: vertrieb", "kra: nix_100%")
    out = run(repo, "github").output
    log = [line for line in out.splitlines() if not line.startswith("::")]
    assert any("nix_100%" in line for line in log), out
    assert not any("%25" in line for line in log)
