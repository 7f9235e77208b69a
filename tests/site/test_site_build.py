"""Whole builds: kpicat build, plain mkdocs build, render, reproducibility, safety of the HTML."""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import REPO, TODAY, build, copy_fixture, run_kpicat, write_entries

pytestmark = pytest.mark.slow

SITEMAPS = {"sitemap.xml", "sitemap.xml.gz"}


def tree(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.name not in SITEMAPS
    }


def test_shipped_catalogue_builds(shipped_site: Path) -> None:
    site = shipped_site
    for page in [
        "index.html",
        "kpi/index.html",
        "glossar/index.html",
        "regeln/index.html",
        "gesundheit/index.html",
        "mitwirken/index.html",
        "assets/kpicat/mermaid.min.js",
    ]:
        assert (site / page).is_file(), page
    assert not (site / "dev").exists()
    kpis = sorted((REPO / "catalogue" / "kpis").glob("*.yaml"))
    for path in kpis:
        assert (site / "kpi" / path.stem / "index.html").is_file()


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path / "root", hostile=True)
    assert build(root, tmp_path / "a")[0] == 0
    assert build(root, tmp_path / "b")[0] == 0
    first, second = tree(tmp_path / "a"), tree(tmp_path / "b")
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_check_errors_refuse_the_build_and_keep_the_old_site(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path / "root")
    site = tmp_path / "site"
    assert build(root, site)[0] == 0
    before = tree(site)
    write_entries(root, {"kpis/kaputt.yaml": "id: kaputt\nname: [unclosed\n"})
    code, output = build(root, site)
    assert code == 1
    assert "kaputt.yaml" in output and "not built" in output
    assert tree(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["root", "site"]


def test_failed_mkdocs_build_keeps_the_old_site(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path / "root")
    site = tmp_path / "site"
    assert build(root, site)[0] == 0
    before = tree(site)
    (root / "docs" / "kaputt.md").write_text(
        "# Kaputt\n\n[weg](gibt-es-nicht.md)\n", encoding="utf-8"
    )
    code, output = build(root, site)
    assert code == 1, output
    assert "last site is kept" in output
    assert tree(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["root", "site"]


def test_plain_mkdocs_build_uses_the_plugin(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path / "root")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
        cwd=root,
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "HOME": str(Path.home())},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site" / "kpi" / "churn_rate" / "index.html").is_file()


def test_plain_mkdocs_refuses_a_broken_catalogue(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path / "root")
    write_entries(root, {"kpis/kaputt.yaml": "id: kaputt\n"})
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "site")],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "kpicat check found errors" in done.stderr


def test_render_builds_the_same_site_without_the_plugin(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path / "root")
    out = tmp_path / "out"
    code, output = run_kpicat("render", "--root", str(root), "--out", str(out), "--today", TODAY)
    assert code == 0, output
    assert "sets no site_url" in output  # Zensical would rewrite the page-relative links
    assert (out / "docs" / "kpi" / "churn_rate.md").is_file()
    assert (out / "docs" / "mitwirken.md").is_file()
    assert (
        "*[KPI]: Key Performance Indicator" in (out / "includes" / "abbreviations.md").read_text()
    )
    config = (out / "mkdocs.yml").read_text()
    assert "kpicat" not in config.split("plugins:")[1].split("markdown_extensions:")[0]
    assert "!!python/name:kpicat.site.mdext.mermaid_format" in config
    for project in ("mkdocs.yml", "mkdocs.en.yml"):  # the root first, then /en/
        done = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", project],
            cwd=out,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    assert build(root, tmp_path / "site")[0] == 0
    plain, ours = tree(out / "site"), tree(tmp_path / "site")
    assert plain.keys() == ours.keys()
    assert "en/kpi/churn_rate/index.html" in plain
    for page in ("kpi/churn_rate/index.html", "en/kpi/churn_rate/index.html"):
        assert plain[page] == ours[page], page
    # A second render replaces the first; a foreign folder is refused.
    assert run_kpicat("render", "--root", str(root), "--out", str(out))[0] == 0
    assert run_kpicat("render", "--root", str(root), "--out", str(root / "catalogue"))[0] == 2


def test_check_does_not_import_the_site_generator() -> None:
    code = (
        "import sys; from kpicat.cli import cli; from kpicat.check import run_check; "
        f"run_check(__import__('pathlib').Path({str(REPO)!r})); "
        "bad = [m for m in ('mkdocs', 'jinja2', 'material') if m in sys.modules]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


class _Scanner(HTMLParser):
    """Collects everything in a page that could run script."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # JSON-LD is data, not script (test_glossary_json_ld_is_inert_data checks it)
        self.in_script = tag == "script" and ("type", "application/ld+json") not in attrs
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}>")
            if name in ("href", "src", "xlink:href", "action") and value.startswith(
                ("javascript:", "data:")
            ):
                self.problems.append(f"<{tag} {name}={value}>")
            if tag in ("script", "img", "svg", "iframe", "object", "embed") and "alert" in value:
                self.problems.append(f"<{tag} {name}={value}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and "alert" in data:
            self.problems.append(f"script: {data[:80]}")


def test_hostile_entries_reach_the_html_only_as_text(built_site: Path) -> None:
    for path in built_site.rglob("*.html"):
        scanner = _Scanner()
        scanner.feed(path.read_text(encoding="utf-8"))
        assert scanner.problems == [], path
    page = (built_site / "glossar" / "hostile" / "index.html").read_text(encoding="utf-8")
    assert "root:x:0:0" not in page
    assert "&#123;&#123; config &#125;&#125;" in page
    assert "<title>&#60;/title&#62;&#60;script&#62;" in page
    kpi = (built_site / "kpi" / "hostile_kpi" / "index.html").read_text(encoding="utf-8")
    assert "&#60;img src&#61;x onerror&#61;alert&#40;5&#41;&#62;" in kpi


def test_no_page_loads_anything_from_elsewhere(built_site: Path) -> None:
    for path in built_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for host in ("unpkg.com", "googleapis", "gstatic", "jsdelivr", "cdnjs"):
            assert host not in text, (path, host)
    index = (built_site / "kpi" / "churn_rate" / "index.html").read_text(encoding="utf-8")
    assert '<script src="../../assets/kpicat/mermaid.min.js"></script>' in index


def test_glossary_json_ld_is_inert_data(built_site: Path) -> None:
    import json
    import re

    page = (built_site / "glossar" / "index.html").read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    assert "<" not in blocks[0] and ">" not in blocks[0] and "&" not in blocks[0]
    data = json.loads(blocks[0])
    assert data["@type"] == "DefinedTermSet"
    names = {t["termCode"]: t["name"] for t in data["hasDefinedTerm"]}
    assert names["hostile"] == "</title><script>alert(1)</script>"


def test_site_offers_the_export_downloads(built_site: Path) -> None:
    for suffix in ("xlsx", "csv", "json"):
        assert (built_site / "export" / f"katalog.{suffix}").stat().st_size > 0
    start = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'href="export/katalog.xlsx"' in start
    # the files hold every language: the English site offers the same ones
    for suffix in ("xlsx", "csv", "json"):
        name = f"export/katalog.{suffix}"
        assert (built_site / "en" / name).read_bytes() == (built_site / name).read_bytes()
