"""Real temporary git repositories holding a small catalogue, and ways to run kpicat on them.

Loaded as a pytest plugin by tests/conftest.py, so the `repo` fixtures serve every package's
tests (diff, authoring, report, cli).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kpicat.cli import cli
from tests.conftest import MINIMAL, write_entry

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> str:
    import os

    env = {**os.environ, **GIT_ENV, "HOME": str(repo.parent)}
    proc = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, env=env, check=False
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def commit(repo: Path, message: str = "change") -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


def kpicat_script() -> str:
    script = Path(sys.executable).parent / "kpicat"
    return str(script) if script.exists() else shutil.which("kpicat") or "kpicat"


def run_script(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The installed console script, as CI and pre-commit call it."""
    return subprocess.run(
        [kpicat_script(), *args], capture_output=True, text=True, cwd=cwd, timeout=120, check=False
    )


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


class Repo:
    """A catalogue in a git repository (optionally in a subfolder of it)."""

    def __init__(self, top: Path, root: Path) -> None:
        self.top = top
        self.root = root

    def path(self, rel: str) -> Path:
        return self.root / "catalogue" / rel

    def write(self, rel: str, text: str) -> Path:
        return write_entry(self.root, rel, text)

    def edit(self, rel: str, old: str, new: str) -> None:
        edit(self.path(rel), old, new)

    def commit(self, message: str = "change") -> str:
        return commit(self.top, message)

    def git(self, *args: str) -> str:
        return git(self.top, *args)

    def diff(self, *args: str) -> Result:
        return CliRunner().invoke(cli, ["diff", *args, "--root", str(self.root)])

    def diff_json(self, *args: str) -> tuple[int, dict]:
        result = self.diff(*args, "--format", "json")
        assert result.exit_code in (0, 1), result.output
        return result.exit_code, json.loads(result.output)


def make_repo(top: Path, sub: str = "") -> Repo:
    top.mkdir(parents=True, exist_ok=True)
    root = top / sub if sub else top
    for rel, text in MINIMAL.items():
        write_entry(root, rel, text)
    (root / "kpicat.yaml").write_text("languages: [de, en]\n", encoding="utf-8")
    git(top, "init", "-q", "-b", "main")
    commit(top, "base catalogue")
    return Repo(top, root)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """The minimal catalogue committed on branch main of a fresh repository."""
    return make_repo(tmp_path / "repo")


@pytest.fixture
def repo_factory(tmp_path: Path) -> Callable[..., Repo]:
    return lambda name="repo2", sub="": make_repo(tmp_path / name, sub)


@pytest.fixture
def git_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The git subcommands kpicat runs from now on (to show it stays at a fixed few)."""
    calls: list[str] = []
    real_run = subprocess.run

    def counting_run(args, *rest, **kwargs):
        if list(args)[:1] == ["git"]:
            calls.append(list(args)[1])
        return real_run(args, *rest, **kwargs)

    monkeypatch.setattr(subprocess, "run", counting_run)
    return calls


def change(data: dict, entry_id: str) -> dict:
    """The one change for ``entry_id`` in a JSON diff report."""
    found = [c for c in data["changes"] if c["id"] == entry_id]
    assert len(found) == 1, data["changes"]
    return found[0]
