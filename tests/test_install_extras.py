"""`pip install kpicat` is the checker alone; the site extra is asked for by name (issue 12)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MINIMAL, REPO, write_entry

# Run kpicat with the site generator's modules made unimportable, as in a venv
# that installed only `pip install kpicat`.
BLOCK = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in {'jinja2', 'mkdocs', 'material', 'openpyxl', 'markupsafe'}:
            raise ModuleNotFoundError(name)
        return None
sys.meta_path.insert(0, Block())
import importlib.util
_find = importlib.util.find_spec
def find_spec(name, package=None):
    if name.split('.')[0] in {'jinja2', 'mkdocs', 'material', 'openpyxl', 'markupsafe'}:
        return None
    return _find(name, package)
importlib.util.find_spec = find_spec
from kpicat.cli import main
sys.argv = ['kpicat', *sys.argv[1:]]
main()
"""


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", BLOCK, *args],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=120,
        check=False,
    )


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    for rel, text in MINIMAL.items():
        write_entry(tmp_path, rel, text)
    (tmp_path / "kpicat.yaml").write_text("languages: [de, en]\n", encoding="utf-8")
    return tmp_path


def test_checker_runs_without_the_site_extra(catalogue: Path) -> None:
    for args in (("check",), ("check", "--format", "sarif"), ("export", "--format", "csv")):
        proc = run(catalogue, *args)
        assert proc.returncode == 0, (args, proc.stderr)


@pytest.mark.parametrize("command", ["build", "render"])
def test_site_commands_say_what_to_install(catalogue: Path, command: str) -> None:
    args = [command] + (["--out", "out"] if command == "render" else [])
    proc = run(catalogue, *args)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "pip install 'kpicat[site]'" in proc.stderr


def test_xlsx_export_says_what_to_install(catalogue: Path) -> None:
    proc = run(catalogue, "export", "--format", "xlsx", "-o", "k.xlsx")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "kpicat[site]" in proc.stderr


def test_site_extra_holds_the_site_generator() -> None:
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = " ".join(project["dependencies"])
    for name in ("jinja2", "mkdocs", "openpyxl"):
        assert name not in core
        assert any(name in dep for dep in project["optional-dependencies"]["site"])
