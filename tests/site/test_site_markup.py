"""Issue 10, items 1-3: kpicat's own HTML reaches the page untouched, on both build paths.

The shared hostile build (conftest) carries a source URL and an edit URL with
Markdown image syntax inside, Markdown's placeholder text in a definition, an
abbreviation that is Markdown's placeholder marker, one made of digits, and a
definition that opens ``???`` details blocks. The same checks run on the site
built by ``kpicat render`` plus plain ``mkdocs build`` (no kpicat plugin).
"""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import EDIT_URL_PAYLOAD, TODAY, copy_fixture, run_kpicat

pytestmark = pytest.mark.slow

SOURCE_PAYLOAD = "https://example.invalid/![autofocus/onfocus=alert(1)//](x)"


class _Elements(HTMLParser):
    """Every start tag with its attributes, and the text outside tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(path: Path) -> _Elements:
    parser = _Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def check_site(site: Path) -> None:
    """Items 1-3 on one built site."""
    term = parse(site / "glossar" / "hostile_markup" / "index.html")
    hrefs = [a.get("href") for tag, a in term.tags if tag == "a"]
    # 1. The URL stays one attribute value, exactly as written; no image, no new attributes.
    assert SOURCE_PAYLOAD in hrefs
    assert EDIT_URL_PAYLOAD + "/catalogue/terms/hostile_markup.yaml" in hrefs
    for page in site.rglob("*.html"):
        elements = parse(page)
        for tag, attrs in elements.tags:
            assert not any(name.startswith("on") or name == "autofocus" for name in attrs), (
                page,
                tag,
                attrs,
            )
            # 2. No tooltip carries stored HTML or markup.
            if tag == "abbr":
                assert "<" not in (attrs.get("title") or ""), (page, attrs)
        # 3. No contributor text opens a details block: the one details block is the KPI
        # page's own collapsed technical block ("??? info" in kpicat's template).
        details = [attrs.get("class") for tag, attrs in elements.tags if tag == "details"]
        is_kpi_page = page.parent.parent.name == "kpi"
        assert details == (["info"] if is_kpi_page else []), (page, details)
    # 2. Markdown's placeholders never show (the abbreviation "wzxhzdk" or "2" broke them).
    for page in [site / "kpi" / "churn_rate" / "index.html", site / "kpi" / "index.html"]:
        elements = parse(page)
        text = "".join(elements.text)
        assert "wzxhzdk" not in text and "klzzwxh" not in text, page
        assert any("kpicat-badge" in (a.get("class") or "") for _, a in elements.tags), page
    glossary = parse(site / "glossar" / "index.html")
    titles = [a.get("title") or "" for tag, a in glossary.tags if tag == "abbr"]
    # Material's content.tooltips inserts a title with innerHTML: markup stays escaped text.
    assert (
        "Titel-Falle: Platzhalter wzxhzdk:3 und klzzwxh:1 &lt;img src=x onerror=alert(1)&gt; Ende."
        in titles
    )
    # 3. The text of the would-be details block is shown as text.
    assert "??? note" in "".join(term.text)


def test_kpicat_html_is_not_read_as_markdown(built_site: Path) -> None:
    check_site(built_site)


def test_render_path_keeps_kpicat_html_untouched(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path / "root", hostile=True)
    out = tmp_path / "out"
    code, output = run_kpicat("render", "--root", str(root), "--out", str(out), "--today", TODAY)
    assert code == 0, output
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    check_site(out / "site")
