"""kpicat init: the plumbing it writes agrees with kpicat itself (issue 12).

The cache folder git must ignore, where CI and pre-commit install kpicat from, and the
schemas editors are pointed at; the whole adoption story runs in tests/test_adopt_e2e.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kpicat.cli import cli
from kpicat.core.install import RELEASE_TAG, install_spec, project_url
from kpicat.core.kinds import KIND_FOLDERS
from kpicat.infra.cache import REPO_CACHE_DIR
from kpicat.schemas import schema_url
from tests.conftest import REPO
from tests.gitrepo import git

GITHUB = "https://github.com/acme/kpis"


def init(top: Path, *args: str):
    result = CliRunner().invoke(cli, ["init", str(top), *args])
    assert result.exit_code == 0, result.output
    return result


def fresh(path: Path) -> Path:
    path.mkdir()
    git(path, "init", "-q", "-b", "main")
    return path


def ignored(repo: Path, *paths: str) -> set[str]:
    """What git itself says it ignores (check-ignore exits 1 when nothing is)."""
    import subprocess

    proc = subprocess.run(
        ["git", "check-ignore", "--no-index", *paths],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    return set(proc.stdout.split())


@pytest.mark.parametrize("sub", ["", "kennzahlen"])
def test_the_cache_folder_is_ignored_by_git(tmp_path: Path, sub: str) -> None:
    top = fresh(tmp_path / "acme")
    init(top, *(["--root", sub] if sub else []))
    prefix = f"{sub}/" if sub else ""
    wanted = {f"{prefix}{REPO_CACHE_DIR}/x", f"{prefix}site/index.html"}
    assert ignored(top, *wanted, f"{prefix}catalogue/kpis/x.yaml") == wanted


def test_this_repository_ignores_the_cache_folder_too() -> None:
    assert ignored(REPO, f"{REPO_CACHE_DIR}/x") == {f"{REPO_CACHE_DIR}/x"}


def test_ci_and_pre_commit_install_this_release_by_default(tmp_path: Path) -> None:
    top = fresh(tmp_path / "acme")
    init(top, "--repository", GITHUB)
    url = project_url()
    assert url and url.startswith("https://")  # from [project.urls] Source in pyproject.toml
    pr = (top / ".github/workflows/kpicat-pull-request.yml").read_text()
    site = (top / ".github/workflows/kpicat-site.yml").read_text()
    assert f'pip install "{install_spec()}"' in pr
    assert f'pip install "{install_spec("site")}"' in site
    assert install_spec() == f"kpicat @ git+{url}@{RELEASE_TAG}"
    hooks = yaml.safe_load((top / ".pre-commit-config.yaml").read_text())["repos"][0]
    assert (hooks["repo"], hooks["rev"]) == (url, RELEASE_TAG)


def test_install_from_a_fork_or_mirror(tmp_path: Path) -> None:
    top = fresh(tmp_path / "acme")
    init(top, "--install-from", "https://git.acme.example/tools/kpicat@v9.1.0")
    pr = (top / ".github/workflows/kpicat-pull-request.yml").read_text()
    assert 'pip install "kpicat @ git+https://git.acme.example/tools/kpicat@v9.1.0"' in pr
    site = (top / ".github/workflows/kpicat-site.yml").read_text()
    assert "kpicat[site] @ git+https://git.acme.example/tools/kpicat@v9.1.0" in site
    hooks = yaml.safe_load((top / ".pre-commit-config.yaml").read_text())["repos"][0]
    assert (hooks["repo"], hooks["rev"]) == ("https://git.acme.example/tools/kpicat", "v9.1.0")


@pytest.mark.parametrize("bad", ["https://github.com/acme/kpicat", "kpicat==0.2.0", "x@"])
def test_install_from_must_be_url_at_tag(tmp_path: Path, bad: str) -> None:
    top = fresh(tmp_path / "acme")
    result = CliRunner().invoke(cli, ["init", str(top), "--install-from", bad])
    assert result.exit_code == 2 and "URL@TAG" in result.output
    assert not (top / "kpicat.yaml").exists()


def test_docs_name_the_same_address_and_tag() -> None:
    """README, docs, the built-in contributor pages, action.yml and the hooks file spell
    kpicat's address as install.py does."""
    url = project_url()
    assert url
    org_repo = url.removeprefix("https://github.com/")
    texts = {
        path.relative_to(REPO).as_posix(): path.read_text(encoding="utf-8")
        for path in [
            REPO / "README.md",
            REPO / "action.yml",
            REPO / ".pre-commit-hooks.yaml",
            *sorted((REPO / "docs").rglob("*.md")),
            *sorted((REPO / "kpicat/site/templates/contributing").glob("*.md")),  # every site
        ]
    }
    seen = 0
    for name, text in texts.items():
        for spec in re.findall(r"git\+(https://[^\s\"'@]+)@([\w.\-]+)", text):
            assert spec == (url, RELEASE_TAG), name
            seen += 1
        for used in re.findall(r"uses: ([\w.\-]+/kpicat)@([\w.\-]+)", text):
            assert used == (org_repo, RELEASE_TAG), name
            seen += 1
        hooks = re.findall(r"repo: (https://\S+/kpicat)\s+(?:#\s+)?rev: (\S+)", text)
        assert len(hooks) == len(re.findall(r"repo: https://\S+/kpicat\b", text)), name
        for hook in hooks:
            assert hook == (url, RELEASE_TAG), name
            seen += 1
    assert seen >= 4


@pytest.mark.parametrize("sub", ["", "kennzahlen"])
def test_editors_get_the_published_schemas(tmp_path: Path, sub: str) -> None:
    """VS Code's yaml.schemas and the modeline of each example name the addresses the site
    publishes the schemas at (the $id of `kpicat schema`)."""
    top = fresh(tmp_path / "acme")
    init(top, *(["--root", sub] if sub else []), "--example", "--repository", GITHUB)
    prefix = f"{sub}/" if sub else ""
    site = "https://acme.github.io/kpis/"
    settings = json.loads((top / ".vscode/settings.json").read_text())["yaml.schemas"]
    for folder, kind in KIND_FOLDERS.items():
        assert settings[schema_url(site, kind)] == [f"{prefix}catalogue/{folder}/*.yaml"]
    assert settings[schema_url(site, "config")] == [f"{prefix}kpicat.yaml"]
    root = top / sub if sub else top
    exported = CliRunner().invoke(cli, ["schema", "kpi", "--root", str(root)]).output
    assert json.loads(exported)["$id"] == schema_url(site, "kpi")
    for path in sorted((root / "catalogue").rglob("*.yaml")):
        kind = KIND_FOLDERS[path.parent.name]
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema={schema_url(site, kind)}", path


def test_without_a_site_address_init_says_editors_get_no_schemas(tmp_path: Path) -> None:
    top = fresh(tmp_path / "acme")
    result = init(top)
    assert "site.url" in result.output and not (top / ".vscode").exists()
