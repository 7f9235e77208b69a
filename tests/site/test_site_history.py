"""The "Änderungen" sections and the "Neu und geändert" page, built from real git history."""

from __future__ import annotations

import html
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.gitrepo import edit, git
from tests.site.chromium import serve
from tests.site.conftest import TODAY, build, copy_fixture, run_kpicat
from tests.site.test_site_browser import Watch

KPI = "catalogue/kpis/churn_rate.yaml"
PAYLOAD = "<img src=x onerror=alert(1)>"
MARKDOWN = "**fett** [klick](javascript:alert(2)) `code` <script>alert(3)</script>"


def commit(root: Path, author: str, subject: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--author", author, "-m", subject)


def section(page: str) -> str:
    """The HTML of the page's "Änderungen" section (up to the rule that closes the page)."""
    start = page.index('id="anderungen"')
    return page[start : page.index("<hr", start)]


def text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


@pytest.fixture(scope="module")
def history_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture catalogue in git: a base commit, then two commits that change the
    churn rate's formula (their subjects and one author name are hostile)."""
    root = copy_fixture(tmp_path_factory.mktemp("history") / "root")
    git(root, "init", "-q", "-b", "main")
    commit(root, "Basis <basis@example.com>", "Katalog angelegt")
    kpi = root / KPI
    edit(kpi, "/ kunden_bestand * 100", "/ (kunden_bestand + kunden_verloren) * 100")
    edit(kpi, "kunden_bestand: 60", "kunden_bestand: 57")
    edit(kpi, "version: 2", "version: 3")
    commit(root, "Ana Muster <ana@example.com>", f"Abgänge im Nenner {PAYLOAD}")
    edit(kpi, "formula: kunden_verloren /", "formula: (kunden_verloren + 1) /")
    edit(kpi, "kunden_bestand: 57", "kunden_bestand: 77")
    edit(kpi, "version: 3", "version: 4")
    commit(root, "Eve [x](javascript:alert(4)) <eve@example.com>", MARKDOWN)
    code, output = build(root, root / "site")
    assert code == 0, output
    return root / "site"


def test_one_pass_over_git_serves_every_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The German and the English site share one reading of the history: one ``git log``
    for the whole build, however many languages (issue 14: no per-file, no per-site pass)."""
    root = copy_fixture(tmp_path / "root")
    assert "languages: [de, en]" in (root / "kpicat.yaml").read_text()
    git(root, "init", "-q", "-b", "main")
    commit(root, "Basis <basis@example.com>", "Katalog angelegt")
    edit(root / KPI, "version: 2", "version: 3")
    commit(root, "Ana Muster <ana@example.com>", "Version erhöht")
    calls = tmp_path / "git-calls"
    wrapper = tmp_path / "bin" / "git"
    wrapper.parent.mkdir()
    real = shutil.which("git")
    wrapper.write_text(f'#!/bin/sh\necho "$1" >> {calls}\nexec {real} "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{wrapper.parent}{os.pathsep}{os.environ['PATH']}")
    code, output = build(root, root / "site")
    assert code == 0, output
    assert (root / "site/en/kpi/churn_rate/index.html").exists()
    assert calls.read_text().split().count("log") == 1


def test_entry_page_shows_both_formula_changes_newest_first(history_site: Path) -> None:
    page = (history_site / "kpi" / "churn_rate" / "index.html").read_text(encoding="utf-8")
    shown = text_of(section(page))
    between = "kunden_verloren / (kunden_bestand + kunden_verloren) * 100"
    newest = f"Formel: {between} → (kunden_verloren + 1) / (kunden_bestand + kunden_verloren) * 100"
    older = f"Formel: kunden_verloren / kunden_bestand * 100 → {between}"
    assert newest in shown and older in shown
    assert shown.index(newest) < shown.index(older)
    assert "Version: 3 → 4" in shown and "Version: 2 → 3" in shown
    assert "Ana Muster" in shown and "Neu in den Katalog aufgenommen" in shown
    assert re.search(r"\b\d\d\.\d\d\.20\d\d\b", shown)  # the reader's date format


def test_commit_text_is_shown_as_text_never_as_markup(history_site: Path) -> None:
    page = (history_site / "kpi" / "churn_rate" / "index.html").read_text(encoding="utf-8")
    part = section(page)
    assert f"Abgänge im Nenner {PAYLOAD}" in text_of(part)
    assert MARKDOWN in text_of(part)
    assert "<img" not in part
    assert "<script" not in part
    assert "<strong>fett" not in part and "<code>code" not in part
    assert not re.search(r"<a [^>]*javascript", part)


def test_recent_page_lists_the_latest_changes_across_the_catalogue(history_site: Path) -> None:
    page = (history_site / "neu-und-geaendert" / "index.html").read_text(encoding="utf-8")
    shown = text_of(page)
    assert "Neu und geändert" in shown
    assert shown.index(MARKDOWN) < shown.index("Abgänge im Nenner")
    assert 'href="../kpi/churn_rate/"' in page  # the entry is linked
    assert "Katalog angelegt" in shown  # the base commit added every entry


def test_without_git_there_is_no_section_and_no_page(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path / "root")
    code, output = build(root, root / "site")
    assert code == 0, output
    page = (root / "site" / "kpi" / "churn_rate" / "index.html").read_text(encoding="utf-8")
    assert 'id="anderungen"' not in page
    assert not (root / "site" / "neu-und-geaendert").exists()
    assert "no change history" in output
    # the note is one language, frame and reason alike
    code, german = run_kpicat(
        "--lang",
        "de",
        "build",
        "--root",
        str(root),
        "--site-dir",
        str(root / "s2"),
        "--today",
        TODAY,
    )
    (note,) = [line for line in german.splitlines() if "Hinweis" in line]
    assert note.startswith("kpicat: Hinweis: keine Änderungshistorie auf der Website ("), note
    assert "note" not in note and "Git-Repository" in note, note


def test_shallow_clone_builds_without_history(history_site: Path, tmp_path: Path) -> None:
    origin = history_site.parent
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", str(clone))
    code, output = build(clone, clone / "site")
    assert code == 0, output
    page = (clone / "site" / "kpi" / "churn_rate" / "index.html").read_text(encoding="utf-8")
    assert 'id="anderungen"' not in page and "shallow" in output


@pytest.mark.browser
@pytest.mark.slow
def test_history_section_in_chromium(history_site: Path, browser: Any) -> None:
    """A reader sees both changes as text; the hostile subjects run nothing."""
    with serve(history_site) as url:
        context = browser.new_context()
        tab = context.new_page()
        watch = Watch(tab)
        tab.goto(url + "kpi/churn_rate/")
        shown = tab.locator("h2#anderungen + ul").inner_text()
        assert f"Abgänge im Nenner {PAYLOAD}" in shown and MARKDOWN in shown
        assert shown.count("Formel:") == 2
        assert tab.locator("article img, article script").count() == 0
        tab.goto(url + "neu-und-geaendert/")
        assert "Katalog angelegt" in tab.locator("article").inner_text()
        assert watch.dialogs == [] and watch.errors == [] and watch.foreign() == []
        context.close()
