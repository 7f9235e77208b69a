"""Fixtures for the site tests: the small fixture catalogue, hostile entries, one build."""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kpicat.cli import cli

REPO = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "mini"
TODAY = "2026-11-23"

HOSTILE = {
    "terms/hostile.yaml": """
        id: hostile
        name: </title><script>alert(1)</script>
        definition: |
          Siehe [x](javascript:alert(1)) und <img src=x onerror=alert(2)> sowie {{ config }} und {% if 1 %}ja{% endif %}.

          --8<-- "/etc/passwd"

          # keine Überschrift
          *fett* _kursiv_ `code` | Spalte | {: .klasse } !!! note
        abbreviation: <i>HX</i>
        synonyms: ["{{ config }}", "--8<-- \\"/etc/passwd\\""]
        kpi: hostile_kpi
        sources:
          - title: <script>alert(3)</script>
            url: https://example.com/"onmouseover=alert(4)
          - title: Sauber
            url: https://example.com/ok
    """,
    "kpis/hostile_kpi.yaml": """
        id: hostile_kpi
        name: <img src=x onerror=alert(5)>
        definition: "[klick](javascript:alert(6)) <svg onload=alert(7)> |a|b| ${x} {{ 7*7 }}"
        formula: kunden_verloren
        unit: count
        type: {indicator: input, nature: non_financial}
        category: customer
        kra: kundenbindung
        owner: kam_team
        status: proposed
        period: monthly
        last_reviewed: "2026-11-01"
        used_in: ["<script>alert(8)</script>"]
        target: {value: 3, note: "{{ config }} --8<-- \\"/etc/passwd\\""}
        examples:
          - inputs: {kunden_verloren: 4}
            expected: 4
            note: <b>fett</b>
    """,
    # Issue 10, items 1-3: HTML that kpicat builds re-read as Markdown, Markdown's own
    # placeholders in tooltips, and extension block syntax in a definition.
    "terms/hostile_markup.yaml": """
        id: hostile_markup
        name: Markup-Falle
        definition: "Erster Absatz.\\n\\n??? note \\"Aufklappen\\"\\n    versteckt\\n\\n???+ tip offen"
        abbreviation: wzxhzdk
        sources:
          - title: Bild-Trick
            url: https://example.invalid/![autofocus/onfocus=alert(1)//](x)
    """,
    "terms/hostile_title.yaml": """
        id: hostile_title
        name: Titel-Falle
        definition: "Platzhalter \\x02wzxhzdk:3\\x03 und \\x02klzzwxh:1\\x03 <img src=x onerror=alert(1)> Ende."
        abbreviation: HMX
    """,
    "terms/hostile_digits.yaml": """
        id: hostile_digits
        name: Ziffern-Falle
        definition: Eine Abkürzung aus Ziffern trifft Markdowns Platzhalter.
        abbreviation: "2"
    """,
}
EDIT_URL_PAYLOAD = "https://example.invalid/![autofocus/onfocus=alert(9)//](x)"
# A GitHub repository, so that the site shows the "propose" buttons (its pages are never fetched).
REPOSITORY = "https://github.com/acme/kpis"


def copy_fixture(target: Path, *, hostile: bool = False, with_site_config: bool = True) -> Path:
    """The fixture catalogue (and the repository's mkdocs.yml and docs/) in ``target``."""
    shutil.copytree(FIXTURE, target)
    if with_site_config:
        shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
        shutil.copytree(REPO / "docs", target / "docs", ignore=shutil.ignore_patterns("dev"))
    if hostile:
        write_entries(target, HOSTILE)
        with (target / "kpicat.yaml").open("a", encoding="utf-8") as config:
            config.write(f"repository:\n  url: {REPOSITORY}\n  edit_url: {EDIT_URL_PAYLOAD}\n")
    return target


def config_with_site_url(target: Path, site_url: str, docs: Path = REPO / "docs") -> Path:
    """The repository's mkdocs.yml with ``site_url`` set (a site published under its path)."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\ndocs_dir: docs\n" in text
    text = text.replace("\ndocs_dir: docs\n", f"\ndocs_dir: {docs.as_posix()}\n")
    target.write_text(f"site_url: {site_url}\n{text}", encoding="utf-8")
    return target


def write_entries(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / "catalogue" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


def run_kpicat(*args: str) -> tuple[int, str]:
    """Run the CLI in-process; returns exit code and combined output."""
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def build(root: Path, site: Path, *extra: str) -> tuple[int, str]:
    return run_kpicat(
        "build", "--root", str(root), "--site-dir", str(site), "--today", TODAY, *extra
    )


@pytest.fixture(scope="session", autouse=True)
def _quiet_mkdocs() -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@pytest.fixture(scope="session")
def hostile_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_fixture(tmp_path_factory.mktemp("hostile") / "root", hostile=True)


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One ``kpicat build`` of the shipped catalogue with its own mkdocs.yml, for the session."""
    site = tmp_path_factory.mktemp("shipped") / "site"
    code, output = build(REPO, site)
    assert code == 0, output
    return site


@pytest.fixture(scope="session")
def built_site(hostile_root: Path) -> Path:
    """One build of the fixture catalogue plus hostile entries, shared by the session."""
    site = hostile_root / "site"
    code, output = build(hostile_root, site)
    assert code == 0, output
    return site


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium per test module. Outside CI the browser tests skip, with the
    reason, when Chromium or Playwright is missing; in CI they fail."""
    from tests.site.chromium import ARGS, executable, missing

    reason = missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests must run in CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=executable(), args=ARGS)
        yield instance
        instance.close()
