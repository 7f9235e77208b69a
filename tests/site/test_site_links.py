"""Every internal link and anchor of ``kpicat build`` resolves, at the root and under a
sub-path such as GitHub project pages use (issue 18); the checker is tests/site/linkcheck.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO, build, config_with_site_url, copy_fixture
from linkcheck import HOST, check_site

pytestmark = pytest.mark.slow

MOUNT = "/katalog/"
FORMULA_LINK = re.compile(r'<div class="kpicat-formula">.*?</div>', re.S)
HREF = re.compile(r'href="([^"]*)"')


def formula_links(page: Path) -> list[str]:
    """The hrefs inside the formula of a KPI page (kpicat's own HTML, not the generator's)."""
    text = page.read_text(encoding="utf-8")
    return [h for block in FORMULA_LINK.findall(text) for h in HREF.findall(block)]


def pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


@pytest.fixture(scope="module")
def sub_path_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped catalogue built for publishing at ``HOST/katalog/`` (site_url set)."""
    tmp = tmp_path_factory.mktemp("sub-path")
    config = config_with_site_url(tmp / "mkdocs.yml", HOST + MOUNT)
    code, output = build(REPO, tmp / "site", "-f", str(config))
    assert code == 0, output
    return tmp / "site"


def test_every_link_and_anchor_resolves_at_the_root(shipped_site: Path) -> None:
    broken, checked = check_site(shipped_site, "/")
    assert [str(b) for b in broken] == []
    assert checked > pages(shipped_site)
    assert formula_links(shipped_site / "kpi" / "churn_rate" / "index.html")


def test_links_resolve_under_a_sub_path_without_site_url(shipped_site: Path) -> None:
    # Without site_url MkDocs writes the 404 page with paths from the domain's root
    # (it is shown at any address, so it cannot link relatively): publishing under a
    # sub-path needs site_url, as the README says. Every other page works anywhere.
    broken, _ = check_site(shipped_site, MOUNT)
    assert [str(b) for b in broken if b.page != "404.html"] == []
    assert all(b.link.startswith("/") for b in broken)


def test_every_link_and_anchor_resolves_under_site_url_path(sub_path_site: Path) -> None:
    broken, checked = check_site(sub_path_site, MOUNT)
    assert [str(b) for b in broken] == []
    assert checked > pages(sub_path_site)
    # kpicat's own links are root paths under site_url's path, which no generator rewrites.
    links = formula_links(sub_path_site / "kpi" / "churn_rate" / "index.html")
    assert links and all(h.startswith(MOUNT + "basisgroessen/") for h in links)


def test_offline_build_links_relative_to_the_page_even_with_site_url(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path / "root", with_site_config=False)
    (root / "docs").mkdir()
    # The published address is elsewhere: its canonical links are not followed from disk.
    published = "https://example.org/katalog/"
    config = config_with_site_url(tmp_path / "mkdocs.yml", published, docs=root / "docs")
    code, output = build(root, root / "site", "-f", str(config), "--offline")
    assert code == 0, output
    site = root / "site"
    broken, _ = check_site(site, "/home/leser/katalog/", served=False)
    assert [str(b) for b in broken if b.page != "404.html"] == []
    links = formula_links(site / "kpi" / "churn_rate.html")
    assert links == [
        "../basisgroessen/kunden_verloren.html",
        "../basisgroessen/kunden_bestand.html",
    ]


def test_the_checker_finds_what_a_browser_would_not(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text('<h1 id="oben">A</h1>', encoding="utf-8")
    (site / "index.html").write_text(
        '<a href="a/">ok</a><a href="a/#oben">ok</a><a href="#hier" id="hier">ok</a>'
        '<a href="https://example.org/x">fremd</a><a href="mailto:x@example.org">post</a>'
        '<a href="b/">fehlt</a><a href="a/#unten">kein Anker</a><a href="#weg">hier nicht</a>'
        '<a href="../">draussen</a><math><mi href="c/">m</mi></math>'
        '<pre class="mermaid"><code>graph LR\n  click n1 href "d/"\n</code></pre>',
        encoding="utf-8",
    )
    broken, checked = check_site(site, MOUNT)
    assert checked == 9
    assert {b.link: b.reason.split()[0] for b in broken} == {
        "b/": "no",
        "a/#unten": "no",
        "#weg": "no",
        "../": "leaves",
        "c/": "no",
        "d/": "no",
    }
    # At the domain's root, "../" is clamped by the browser to the root itself.
    assert "../" not in {b.link for b in check_site(site, "/")[0]}
