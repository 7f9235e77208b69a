"""``kpicat render --out`` built by MkDocs, ProperDocs and Zensical: the same site (issue 18).

Material for MkDocs reaches its end of life in 2027; Zensical reads the same mkdocs.yml.
The rendered shipped catalogue, published under a sub-path, is built once per generator
in this module. The other generators come from the lock file (``kpicat[generators]``); a
test skips, saying why, only where one cannot be installed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO, TODAY, config_with_site_url, run_kpicat
from linkcheck import HOST, check_site
from test_site_links import MOUNT, formula_links

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
GENERATORS = ("mkdocs", "properdocs", "zensical")
# Where each writes its search index (Material's lunr index, Zensical's own).
SEARCH = {"mkdocs": "search/search_index.json", "properdocs": "search/search_index.json"}
SEARCH_ZENSICAL = ("search.json", "items")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped catalogue rendered as a plain project, to be published at HOST/katalog/."""
    tmp = tmp_path_factory.mktemp("render")
    config = config_with_site_url(tmp / "mkdocs.yml", HOST + MOUNT)
    out = tmp / "out"
    args = ("render", "--root", str(REPO), "-f", str(config), "--out", str(out), "--today", TODAY)
    code, output = run_kpicat(*args)
    assert code == 0, output
    assert "site_url" not in output
    return out


def build_with(project: Path, generator: str) -> Path:
    """The site ``generator`` builds from (a copy of) the rendered project."""
    command = BIN / generator
    if not command.is_file():
        pytest.skip(f"{generator} is not installed here (pip install 'kpicat[generators]')")
    site = project.parent / f"site-{generator}"
    work = project.parent / f"work-{generator}"
    shutil.copytree(project, work)
    args = [str(command), "build"] if generator == "zensical" else [str(command), "build", "-q"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # one project per language, the root first (kpicat render says so)
    others = sorted(p.name for p in work.glob("mkdocs.*.yml"))
    for config in ["mkdocs.yml", *others]:
        command_line = [*args, "-f", config]
        done = subprocess.run(
            command_line, cwd=work, capture_output=True, text=True, env=env, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr
    (work / "site").rename(site)
    return site


@pytest.fixture(scope="module")
def built(project: Path) -> Callable[[str], Path]:
    """Each generator's site, built on first use and then shared by the module."""
    sites: dict[str, Path] = {}

    def get(generator: str) -> Path:
        if generator not in sites:
            sites[generator] = build_with(project, generator)
        return sites[generator]

    return get


def html_pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


@pytest.fixture(scope="module", params=GENERATORS)
def site(request: pytest.FixtureRequest, built: Callable[[str], Path]) -> tuple[str, Path]:
    return request.param, built(request.param)


def test_every_generator_builds_the_same_pages(
    site: tuple[str, Path], built: Callable[[str], Path]
) -> None:
    name, path = site
    reference = html_pages(built("mkdocs"))
    assert html_pages(path) == reference, name
    assert {"kpi/churn_rate/index.html", "glossar/index.html", "regeln/index.html"} <= reference


def test_every_link_resolves_under_the_sub_path(site: tuple[str, Path]) -> None:
    name, path = site
    broken, checked = check_site(path, MOUNT)
    assert [str(b) for b in broken] == [], name
    assert checked > len(html_pages(path))


def test_formula_links_are_identical_across_generators(
    site: tuple[str, Path], built: Callable[[str], Path]
) -> None:
    name, path = site
    reference = built("mkdocs")
    kpis = sorted((REPO / "catalogue" / "kpis").glob("*.yaml"))
    found = 0
    for kpi in kpis:
        page = f"kpi/{kpi.stem}/index.html"
        links = formula_links(path / page)
        assert links == formula_links(reference / page), (name, page)
        found += len(links)
    assert found > len(kpis)


def test_search_index_lists_every_page(site: tuple[str, Path]) -> None:
    name, path = site
    file, key = SEARCH_ZENSICAL if name == "zensical" else (SEARCH[name], "docs")
    for folder in ("", "en/"):  # each language's site has its own index
        index = json.loads((path / folder / file).read_text(encoding="utf-8"))[key]
        locations = {entry["location"].split("#")[0] for entry in index}
        pages = {
            p.removeprefix(folder).removesuffix("index.html")
            for p in html_pages(path)
            if p.startswith(folder)
            and (folder or not p.startswith("en/"))
            # kpicat's redirect pages (an old URL that forwards) are not pages to find
            and '<meta http-equiv="refresh"' not in (path / p).read_text(encoding="utf-8")
        } - {"404.html"}
        assert locations == pages, (name, folder)
        assert any("Churn" in entry["title"] for entry in index)


def test_tooltips_formulas_and_diagrams_are_there(site: tuple[str, Path]) -> None:
    name, path = site
    page = (path / "kpi" / "churn_rate" / "index.html").read_text(encoding="utf-8")
    assert '<abbr title="' in page, name
    assert "content.tooltips" in page
    assert '<div class="kpicat-formula"><math display="block">' in page
    # churn_rate reads measures only and feeds no KPI: no diagram on its page; its KRA's
    # KPI map is one
    page = (path / "kra" / "beziehungsmanagement" / "index.html").read_text(encoding="utf-8")
    assert '<pre class="mermaid">' in page or 'class="mermaid"' in page
    assert (path / "assets" / "kpicat" / "mermaid.min.js").is_file()
    assert "assets/kpicat/mermaid.min.js" in page
