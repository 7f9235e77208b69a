"""Two areas on the site (issue 14): the catalogue for readers, "Katalogpflege" apart.

Checked on built sites: the primary navigation's top-level sections and where every page
sits in them, the search index's labels and boosts, the area note, the performance page
gone with its old URL forwarding, and no internal wording on any page.
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest

from kpicat.site.redirects import output_file, redirect_pages
from kpicat.site.search import BOOST
from tests.site.conftest import REPO, build

CONTRIBUTOR = ["mitwirken/", "pull-requests/", "formulas/", "health/", "regeln/"]
CATALOGUE = ["glossar/", "kpi/", "kra/", "verantwortliche/", "basisgroessen/", "gesundheit/"]
AREAS = {
    "de": ["Start", "Katalog", "Katalogpflege"],
    "en": ["Home", "Catalogue", "Catalogue maintenance"],
}


class _Nav(HTMLParser):
    """The primary navigation's top-level items: (title, [hrefs]) in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[str, list[str]]] = []
        self._in_nav = 0  # depth of elements inside the primary nav
        self._lists = 0  # depth of <ul> inside the primary nav
        self._title: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if not self._in_nav:
            if tag == "nav" and "md-nav--primary" in classes:
                self._in_nav = 1
            return
        if tag == "nav":
            self._in_nav += 1
        if tag == "ul":
            self._lists += 1
        if tag == "li" and self._lists == 1:
            self.items.append(("", []))
            self._title = []
        if tag == "a" and self.items and self._lists >= 1:
            self.items[-1][1].append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if not self._in_nav:
            return
        if tag == "nav":
            self._in_nav -= 1
        if tag == "ul":
            self._lists -= 1
        if tag in ("a", "label") and self._title is not None and self._lists == 1:
            title = " ".join("".join(self._title).split())
            self.items[-1] = (title, self.items[-1][1])
            self._title = None

    def handle_data(self, data: str) -> None:
        if self._title is not None and self._lists == 1:
            self._title.append(data)


def top_nav(folder: Path, page: str) -> list[tuple[str, list[str]]]:
    """The top-level items of ``page``'s navigation, each with its links as site paths."""
    parser = _Nav()
    parser.feed((folder / page).read_text(encoding="utf-8"))
    base = "https://site.invalid/" + page.removesuffix("index.html")
    return [
        (title, [urljoin(base, h).removeprefix("https://site.invalid/") for h in hrefs])
        for title, hrefs in parser.items
    ]


def area_of(items: list[tuple[str, list[str]]], href: str) -> list[str]:
    return [title for title, hrefs in items if href in hrefs]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_navigation_has_the_catalogue_then_maintenance(shipped_site: Path, lang: str) -> None:
    folder = shipped_site if lang == "de" else shipped_site / "en"
    for page in ("index.html", "mitwirken/index.html", "kpi/index.html"):
        items = top_nav(folder, page)
        assert [title for title, _ in items] == AREAS[lang], page
        _, catalogue, care = AREAS[lang]
        for href in CATALOGUE:
            assert area_of(items, href) == [catalogue], (page, href)
        for href in [*CONTRIBUTOR, "interop/", "output-formats/"]:
            assert area_of(items, href) == [care], (page, href)


def test_contributor_pages_are_marked(shipped_site: Path) -> None:
    for lang, folder in (("de", shipped_site), ("en", shipped_site / "en")):
        for href in [*CONTRIBUTOR, "interop/"]:
            html = (folder / href / "index.html").read_text(encoding="utf-8")
            article = html.split("<article", 1)[1]
            note = re.search(r'<p class="kpicat-area" data-search-exclude>(.*?)</p>', article)
            assert note, (lang, href)
            assert AREAS[lang][2] in note[1]
            # the note follows the page's title, before its text
            assert article.index("<h1") < note.start()
        # the navigation marks every contributor page with an icon, no catalogue page
        nav = (folder / "index.html").read_text(encoding="utf-8")
        for href in CONTRIBUTOR:
            link = re.search(
                rf'<a href="{re.escape(href)}" class="md-nav__link">(.*?)</a>', nav, re.S
            )
            assert link and "<svg" in link[1], (lang, href)
        for href in CATALOGUE:
            link = re.search(
                rf'<a href="{re.escape(href)}" class="md-nav__link">(.*?)</a>', nav, re.S
            )
            assert link and "<svg" not in link[1], (lang, href)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_search_ranks_contributor_pages_below_entries(shipped_site: Path, lang: str) -> None:
    folder = shipped_site if lang == "de" else shipped_site / "en"
    index = json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = {d["location"]: d for d in index["docs"] if "#" not in d["location"]}
    for href in [*CONTRIBUTOR, "interop/", "output-formats/"]:
        doc = pages[href]
        assert doc.get("tags") == [AREAS[lang][2]], href
        assert doc["boost"] < min(BOOST.values()), href
        # the area note is not what the page is found by
        assert AREAS[lang][2] not in doc["text"], href
    for href, doc in pages.items():
        if href.startswith(("kpi/", "glossar/")) and href.count("/") == 2:
            assert AREAS[lang][2] not in (doc.get("tags") or []), href
            assert doc.get("boost", 1) > 1, href


def test_performance_page_left_and_its_url_forwards(shipped_site: Path) -> None:
    assert not (REPO / "docs" / "performance.md").exists()
    assert (REPO / "docs" / "dev" / "performance.md").is_file()
    for folder in (shipped_site, shipped_site / "en"):
        index = (folder / "search" / "search_index.json").read_text(encoding="utf-8")
        assert '"performance/' not in index
        assert "performance/" not in (folder / "index.html").read_text(encoding="utf-8")
        old = (folder / "performance" / "index.html").read_text(encoding="utf-8")
        target = "https://github.com/example-org/kpicat/blob/main/docs/dev/performance.md"
        assert f'<meta http-equiv="refresh" content="0; url={target}">' in old
        assert f'<a href="{target}">' in old


def test_redirect_to_a_page_is_relative_to_the_old_url() -> None:
    pages, unusable = redirect_pages({"alt/seite.md": "kpi/index.md"}, True)
    assert unusable == []
    path, html = pages["alt/seite.md"]
    assert path == "alt/seite/index.html"
    assert 'url=../../kpi/"' in html
    pages, _ = redirect_pages({"alt.md": "neu.md"}, False)
    assert pages["alt.md"][0] == "alt.html" and 'url=neu.html"' in pages["alt.md"][1]
    assert output_file("index.md", True) == "index.html"


def test_unusable_redirects_are_refused() -> None:
    pages, unusable = redirect_pages(
        {
            "../aus.md": "kpi/index.md",
            "alt.md": "javascript:alert(1)",
            "x.md": 'https://a.example/"><script>',
            "y.md": "../../etc.md",
        },
        True,
    )
    assert pages == {}
    assert len(unusable) == 4


def test_unusable_redirect_stops_the_build_with_a_message(tmp_path: Path) -> None:
    root = copy_shipped(tmp_path / "repo")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"performance\.md: \S+", "performance.md: 'javascript:alert(1)'", text)
    config.write_text(text, encoding="utf-8")
    code, output = build(root, tmp_path / "site")
    assert code != 0
    assert "performance.md: javascript:alert(1)" in output
    assert "Traceback" not in output


def copy_shipped(root: Path) -> Path:
    """The shipped catalogue, mkdocs.yml and docs/ without the repository's git history."""
    root.mkdir(parents=True)
    shutil.copytree(REPO / "catalogue", root / "catalogue")
    shutil.copytree(REPO / "docs", root / "docs", ignore=shutil.ignore_patterns("dev"))
    for name in ("kpicat.yaml", "mkdocs.yml"):
        shutil.copy(REPO / name, root / name)
    return root


INTERNAL = re.compile(r"\bseeds?\b", re.IGNORECASE)


@pytest.mark.slow
def test_no_internal_wording_on_any_page(tmp_path: Path) -> None:
    # without git history: the site then shows only the catalogue's and kpicat's own words
    root = copy_shipped(tmp_path / "repo")
    code, output = build(root, tmp_path / "site")
    assert code == 0, output
    pages = sorted((tmp_path / "site").rglob("*.html"))
    assert len(pages) > 100
    for page in pages:
        found = INTERNAL.search(page.read_text(encoding="utf-8"))
        assert found is None, (page, found)


def test_no_internal_wording_in_the_docs_and_built_in_pages() -> None:
    folders = [REPO / "docs", REPO / "kpicat" / "site" / "templates"]
    files = [p for f in folders for p in f.rglob("*") if p.suffix in (".md", ".j2")]
    files = [p for p in files if "dev" not in p.relative_to(REPO).parts]
    assert len(files) > 10
    for path in files:
        assert INTERNAL.search(path.read_text(encoding="utf-8")) is None, path
