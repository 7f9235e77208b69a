"""Proposing from the browser: which forge, which branch and folder, and a skeleton that checks."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from kpicat.check import run_check
from kpicat.core.config import Config
from kpicat.site.propose import Forge, forge, skeleton
from tests.site.conftest import FIXTURE


def config(**repository: str) -> Config:
    return Config(repository=dict(repository))


def test_no_repository_no_forge() -> None:
    assert forge(Config()) is None
    assert forge(config(edit_url="https://github.com/acme/kpis/edit/main/")) is None


@pytest.mark.parametrize(
    "url",
    ["https://gitlab.com/acme/kpis", "javascript:alert(1)", "https://github.com/acme"],
)
def test_only_github_repositories_get_a_new_file_page(url: str) -> None:
    assert forge(config(url=url)) is None


def test_branch_and_folder_from_the_settings() -> None:
    assert forge(config(url="https://github.com/acme/kpis/")) == Forge(
        "https://github.com/acme/kpis", "main", ""
    )
    assert forge(config(url="https://github.com/acme/kpis", branch="trunk"), "kpi/") == Forge(
        "https://github.com/acme/kpis", "trunk", "kpi/"
    )
    found = forge(
        config(
            url="https://github.com/acme/mono.git",
            edit_url="https://github.com/acme/mono/edit/develop/kpi/",
        )
    )
    assert found == Forge("https://github.com/acme/mono", "develop", "kpi/")


def test_the_new_file_url_carries_a_skeleton_that_checks_apart_from_placeholders(
    tmp_path: Path,
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    before = run_check(root)
    known = {
        kind: [e.id for e in before.catalogue.by_id.values() if e.kind == kind]
        for kind in ("kra", "owner")
    }
    found = forge(config(url="https://github.com/acme/kpis"))
    assert found is not None
    url = found.new_file_url("kpi", skeleton("kpi", before.catalogue.config, known))
    parts = urlsplit(url)
    assert parts.path == "/acme/kpis/new/main"
    query = parse_qs(parts.query, strict_parsing=True)
    (filename,) = query["filename"]
    (value,) = query["value"]
    assert filename == "catalogue/kpis/neue_kpi.yaml"
    (root / filename).write_text(value, encoding="utf-8")
    result = run_check(root)
    new = [d for d in result.diagnostics if d.file.endswith("neue_kpi.yaml")]
    assert new, "the skeleton has placeholders to fill in"
    assert {d.code for d in new} == {"KC501"}, [str(d) for d in new]
