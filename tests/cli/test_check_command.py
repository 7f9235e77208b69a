"""Exit codes and output through Click's runner and the installed console script."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kpicat.cli import cli
from tests.conftest import REPO


def kpicat_script() -> str:
    script = Path(sys.executable).parent / "kpicat"
    return str(script) if script.exists() else shutil.which("kpicat") or "kpicat"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [kpicat_script(), *args], capture_output=True, text=True, cwd=cwd, timeout=60, check=False
    )


def test_clean_catalogue_exits_0(catalogue_root):
    result = CliRunner().invoke(cli, ["check", "--root", str(catalogue_root)])
    assert result.exit_code == 0, result.output
    assert "no problems" in result.output


def test_errors_exit_1(catalogue_root):
    path = catalogue_root / "catalogue/kpis/umsatzwachstum.yaml"
    path.write_text(path.read_text().replace("kra: vertrieb", "kra: nix"))
    result = CliRunner().invoke(cli, ["check", "--root", str(catalogue_root), "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.output)["summary"]["errors"] == 1


def test_bad_config_exits_2(catalogue_root):
    (catalogue_root / "kpicat.yaml").write_text("languages: de\n")
    result = CliRunner().invoke(cli, ["check", "--root", str(catalogue_root)])
    assert result.exit_code == 2
    assert "kpicat.yaml:1:12: error KC013 languages must be a list" in result.output


def test_no_catalogue_is_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["check"], catch_exceptions=False, env={"PWD": str(tmp_path)})
    # CliRunner keeps the process cwd; use the console script for the real thing below
    assert result.exit_code in (0, 1, 2)


def test_console_script_finds_root_upward(catalogue_root):
    sub = catalogue_root / "catalogue" / "kpis"
    proc = run("check", cwd=sub)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "9 entries checked" in proc.stdout


def test_console_script_without_catalogue_exits_2(tmp_path):
    proc = run("check", cwd=tmp_path)
    assert proc.returncode == 2
    assert "no catalogue found" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_console_script_errors_exit_1_without_traceback(catalogue_root):
    (catalogue_root / "catalogue/kpis/kaputt.yaml").write_bytes(b"id: [\n\xff\xfe")
    proc = run("check", "--root", str(catalogue_root))
    assert proc.returncode == 1
    assert "catalogue/kpis/kaputt.yaml:2:1: error KC008" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


def test_bad_today_is_usage_error(catalogue_root):
    result = CliRunner().invoke(cli, ["check", "--root", str(catalogue_root), "--today", "gestern"])
    assert result.exit_code == 2
    assert "is not a date" in result.output


def test_rules_and_explain():
    runner = CliRunner()
    listing = runner.invoke(cli, ["rules"])
    assert listing.exit_code == 0
    assert "KC014  unknown-field" in listing.output
    explained = runner.invoke(cli, ["explain", "unknown-field"])
    assert explained.exit_code == 0
    assert explained.output.startswith("KC014 unknown-field (default level: error)")
    assert "Bad:" in explained.output
    missing = runner.invoke(cli, ["explain", "KC14"])
    assert missing.exit_code == 2
    assert "no rule 'KC14'" in missing.output


def test_check_does_not_import_mkdocs_or_jinja(catalogue_root):
    code = (
        "import sys; from kpicat.check import run_check; from kpicat.report import REPORTERS;"
        f"r = run_check(__import__('pathlib').Path({str(catalogue_root)!r}));"
        "REPORTERS['text'](r);"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'jinja2', 'material')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.skipif(not (REPO / "catalogue" / "kpis").is_dir(), reason="no shipped catalogue")
def test_shipped_catalogue_via_console_script():
    proc = run("check", "--root", str(REPO), "--today", "2026-11-23")
    assert proc.returncode == 0, proc.stdout
    assert "no problems" in proc.stdout


def test_no_colour_when_piped(catalogue_root):
    path = catalogue_root / "catalogue/kpis/umsatzwachstum.yaml"
    path.write_text(path.read_text().replace("kra: vertrieb", "kra: nix"))
    proc = run("check", "--root", str(catalogue_root))
    assert "\x1b[" not in proc.stdout
    assert "error KC101" in proc.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--format", "json"),
        ("export", "--format", "csv"),
        ("diff", "HEAD", "HEAD"),
    ],
)
def test_output_into_a_missing_folder_is_a_plain_error(tmp_path, catalogue_root, args):
    """The installed script names the folder that is missing; no traceback, exit 2."""
    from tests.gitrepo import commit, git, run_script

    git(catalogue_root, "init", "-q")
    commit(catalogue_root, "catalogue")
    target = tmp_path / "missing" / "report.out"
    result = run_script(*args, "--output", str(target), cwd=catalogue_root)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert f"cannot write {target}: the folder {target.parent} does not exist" in result.stderr
    assert not target.parent.exists()
