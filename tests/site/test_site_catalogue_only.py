"""A repository with only kpicat.yaml and catalogue/ builds the whole site (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kpicat.cli import cli
from tests.conftest import MINIMAL, write_entry

TODAY = "2026-11-23"


def catalogue_only(root: Path, description: str | None = None) -> Path:
    for rel, text in MINIMAL.items():
        write_entry(root, rel, text)
    config = "languages: [de, en]\ntitle: Beispiel AG\n"
    if description:
        config += f"description: {description}\n"
    (root / "kpicat.yaml").write_text(config, encoding="utf-8")
    return root


def build(root: Path, *args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(
        cli,
        ["build", "--root", str(root), "--today", TODAY, "--site-dir", str(root / "site"), *args],
        env=env,
    )


@pytest.mark.slow
def test_catalogue_only_repository_builds_with_contributor_pages(tmp_path: Path) -> None:
    root = catalogue_only(tmp_path / "repo", "Kennzahlen der Beispiel AG für den Einkauf.")
    result = build(root)
    assert result.exit_code == 0, result.output
    site = root / "site"
    start = (site / "index.html").read_text(encoding="utf-8")
    assert "Kennzahlen der Beispiel AG für den Einkauf." in start
    assert "Key Account" not in start.split("<article", 1)[1].split("</article>", 1)[0]
    for page in ("mitwirken", "pull-requests", "formulas", "health"):
        assert (site / page / "index.html").is_file(), page
    # the built-in contributor pages are in the contributors' area, last in the navigation
    from tests.site.test_site_areas import area_of, top_nav

    for folder, areas in (
        (site, ["Start", "Katalog", "Katalogpflege"]),
        (site / "en", ["Home", "Catalogue", "Catalogue maintenance"]),
    ):
        items = top_nav(folder, "index.html")
        assert [title for title, _ in items] == areas
        for page in ("mitwirken/", "pull-requests/", "formulas/", "health/", "regeln/"):
            assert area_of(items, page) == [areas[2]], page


@pytest.mark.slow
def test_own_docs_page_replaces_the_built_in_one(tmp_path: Path) -> None:
    root = catalogue_only(tmp_path / "repo")
    (root / "docs").mkdir()
    (root / "docs" / "mitwirken.md").write_text("# Bei uns mitmachen\n\nEigener Text.\n")
    result = build(root)
    assert result.exit_code == 0, result.output
    page = (root / "site" / "mitwirken" / "index.html").read_text(encoding="utf-8")
    assert "Eigener Text." in page
    assert (root / "site" / "formulas" / "index.html").is_file()


@pytest.mark.slow
def test_without_npm_or_cached_mermaid_the_build_warns_and_shows_a_static_view(
    tmp_path: Path,
) -> None:
    root = catalogue_only(tmp_path / "repo")
    empty = tmp_path / "bin"
    empty.mkdir()
    env = {
        "PATH": str(empty),
        "KPICAT_CACHE_DIR": str(tmp_path / "cache"),
        "KPICAT_MERMAID_JS": "",
    }
    result = build(root, env=env)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert sum("warning" in line for line in result.output.splitlines()) == 1, result.output
    page = (root / "site" / "kpi" / "umsatz_pro_account" / "index.html").read_text("utf-8")
    assert 'class="mermaid"' not in page
    assert "Berechnet aus" in page
    assert not (root / "site" / "assets" / "kpicat" / "mermaid.min.js").exists()


@pytest.mark.slow
def test_offline_build_works_from_file_urls(tmp_path: Path) -> None:
    root = catalogue_only(tmp_path / "repo")
    result = build(root, "--offline")
    assert result.exit_code == 0, result.output
    site = root / "site"
    assert (site / "kpi" / "umsatz_pro_account.html").is_file()
    start = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="glossar/index.html"' in start and 'href="mitwirken.html"' in start
