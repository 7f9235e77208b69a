"""One site per language (issue 13 item 1): German at the root, English under /en/.

The shipped catalogue is built once for the module; each site is read as a reader sees it
(the visible text of its pages) and must contain none of a sample of the other language's
function words and labels. The words come from the pages kpicat generates; titles of cited
works and text marked as another language (``lang="…"``) are what they are.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import html.parser
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from kpicat.check import run_check
from kpicat.core.i18n import speaking
from kpicat.site import labels
from kpicat.site.pages import render_pages
from tests.site.conftest import REPO, TODAY, build, copy_fixture, run_kpicat, write_entries

TEMPLATES = REPO / "kpicat" / "site" / "templates"
PAGES = REPO / "kpicat" / "site" / "pages"
GENERATED = (
    "glossar",
    "kpi",
    "kra",
    "verantwortliche",
    "basisgroessen",
    "gesundheit",
    "regeln",
    "neu-und-geaendert",
)
# the hand-written pages of docs/ (outside docs/dev): x.md in German, x.en.md in English
HAND_WRITTEN = ("interop", "output-formats")
# the built-in pages of "Katalogpflege" (kpicat/site/templates/contributing), and the rules
CONTRIBUTING = ("mitwirken", "pull-requests", "formulas", "health", "regeln")
# a sample of each language's function words and of the site's labels
GERMAN = [
    "und",
    "der",
    "die",
    "das",
    "nicht",
    "ist",
    "mit",
    "für",
    "von",
    "zum",
    "zur",
    "Zurück",
    "Verantwortlich",
    "Verantwortliche",
    "Einheit",
    "Zielwert",
    "Quelle",
    "Befund",
    "Befunde",
    "Kennzahl",
    "Begriff",
    "Anzahl",
    "Periode",
    "Richtung",
    "Steckbrief",
    "Verwandte",
    "Einträge",
    "Datenquelle",
    "Basisgröße",
    "Abkürzung",
    "Englisch",
    "Deutsch",
    "Aktiv",
    "Vorgeschlagen",
    "höher",
    "niedriger",
    "monatlich",
    "quartalsweise",
    "jährlich",
    "Suche",
    "Katalog",
]
# not "of" or "per": "Share of Wallet" and "per Video" are German too
ENGLISH = [
    "the",
    "and",
    "is",
    "with",
    "for",
    "from",
    "Owner",
    "Owners",
    "Unit",
    "Target",
    "Source",
    "Finding",
    "Findings",
    "Back",
    "Search",
    "Measure",
    "Measures",
    "Related",
    "entries",
    "Fact",
    "sheet",
    "Abbreviation",
    "German",
    "English",
    "Active",
    "Proposed",
    "higher",
    "lower",
    "monthly",
    "quarterly",
    "yearly",
    "count",
    "Made",
]
# written prose (the hand-written and contributor pages) is checked with more words
PROSE_GERMAN = [
    *GERMAN,
    "ein",
    "eine",
    "einer",
    "jede",
    "jeder",
    "wird",
    "werden",
    "sind",
    "oder",
    "auch",
    "nur",
    "wenn",
    "sich",
    "diese",
    "Seite",
    "Datei",
    "Sprache",
]
# not "an" either: a German word too
PROSE_ENGLISH = [
    *ENGLISH,
    "a",
    "are",
    "each",
    "every",
    "not",
    "only",
    "that",
    "this",
    "which",
    "when",
    "its",
    "their",
    "page",
    "file",
    "language",
    "written",
]


class _Visible(html.parser.HTMLParser):
    """The text a reader sees, without code, scripts and text marked as another language.

    ``part`` limits it to one element: ``article`` (the page's own content).
    """

    HIDDEN = frozenset({"script", "style", "code", "pre", "svg", "math", "template"})
    VOID = frozenset({"br", "img", "input", "meta", "link", "hr", "wbr", "source"})

    def __init__(self, lang: str, part: str | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = lang
        self.part = part
        self.stack: list[tuple[str, bool, bool]] = []  # tag, hidden, inside part
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        hidden_above, inside_above = self.stack[-1][1:] if self.stack else (False, False)
        other = tag != "html" and dict(attrs).get("lang") not in (None, self.lang)
        inside = inside_above or self.part is None or tag == self.part
        self.stack.append((tag, hidden_above or tag in self.HIDDEN or other, inside))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        hidden, inside = self.stack[-1][1:] if self.stack else (False, self.part is None)
        if inside and not hidden:
            self.parts.append(data)


def visible_text(page: Path, lang: str, part: str | None = None) -> str:
    parser = _Visible(lang, part)
    parser.feed(page.read_text(encoding="utf-8"))
    return " ".join("".join(parser.parts).split())


class _Tags(yaml.SafeLoader):
    """Reads a rendered mkdocs.yml, keeping ``!!python/name`` tags as plain text."""


_Tags.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: suffix)


def readable(markdown: str) -> str:
    """A generated page with its raw-HTML tokens opened and character references read."""
    opened = re.sub(
        r"<!--kpicat-html:([A-Za-z0-9+/=]+)-->",
        lambda m: base64.b64decode(m.group(1)).decode("utf-8"),
        markdown,
    )
    return html.unescape(opened)


def read_config(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Tags)


def source_titles() -> list[str]:
    """Titles of the cited articles and the theme's name: they are what they are."""
    titles = {"Material for MkDocs"}
    for file in (REPO / "catalogue").rglob("*.yaml"):
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        for source in data.get("sources") or []:
            if isinstance(source, dict) and isinstance(source.get("title"), str):
                titles.add(source["title"])
    return sorted(titles, key=len, reverse=True)


def leaks(
    site: Path,
    lang: str,
    words: list[str],
    part: str | None = "article",
    folders: tuple[str, ...] = GENERATED,
    home: bool = True,
) -> dict[str, list[str]]:
    """word -> how often, and the first places (page and context), a word of the other
    language shows on the start page (``home``) and the pages under ``folders``."""
    titles = source_titles()
    found: dict[str, list[str]] = {}
    pages = [site / "index.html"] if home else []
    for folder in folders:
        inside = sorted((site / folder).rglob("*.html"))
        assert inside, f"{site.name}/{folder}: no page built"
        pages += inside
    for page in pages:
        text = visible_text(page, lang, part)
        for title in titles:
            text = text.replace(title, " ")
        # quoted text is what it is: commit subjects, catalogue text in the rule docs'
        # examples ("Anzahl Angebote"); short quotes only, so no paragraph hides in one
        text = re.sub(r"„[^“]*“|\"[^\"]{0,80}\"|“[^”]{0,80}”", " ", text)
        for word in words:
            for match in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
                where = text[max(0, match.start() - 40) : match.end() + 40]
                found.setdefault(word, []).append(f"{page.relative_to(site)}: …{where}…")
    return {word: [f"{len(places)} times", *places[:3]] for word, places in found.items()}


def test_german_root_and_english_site(shipped_site: Path) -> None:
    for page, lang in (("index.html", "de"), ("en/index.html", "en")):
        text = (shipped_site / page).read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in text, page
    # the same entry in both, each in its own language
    german = visible_text(shipped_site / "kpi/churn_rate/index.html", "de")
    english = visible_text(shipped_site / "en/kpi/churn_rate/index.html", "en")
    assert "Steckbrief" in german and "Fact sheet" in english
    assert "Abwanderung" in german
    assert "churn" in english.lower()


def test_language_selector_links_each_page_to_its_counterpart(shipped_site: Path) -> None:
    selector = re.compile(r'href="([^"]*)" hreflang="(\w+)"[^>]* class="md-select__link"')
    for page in ("kpi/churn_rate/index.html", "glossar/index.html", "index.html"):
        root_links = {
            lang: href
            for href, lang in selector.findall((shipped_site / page).read_text(encoding="utf-8"))
        }
        en_links = {
            lang: href
            for href, lang in selector.findall(
                (shipped_site / "en" / page).read_text(encoding="utf-8")
            )
        }
        here, there = shipped_site / page, shipped_site / "en" / page
        assert (here.parent / root_links["en"]).resolve() == there.parent.resolve(), page
        assert (there.parent / en_links["de"]).resolve() == here.parent.resolve(), page


def test_search_index_per_language(shipped_site: Path) -> None:
    for folder, lang in (("", "de"), ("en/", "en")):
        index = json.loads((shipped_site / folder / "search/search_index.json").read_text())
        assert index["config"]["lang"] == [lang]
        titles = {doc["title"] for doc in index["docs"]}
        assert ("Steckbrief" in titles) == (lang == "de")


def test_english_site_shows_no_german(shipped_site: Path) -> None:
    found = leaks(shipped_site / "en", "en", GERMAN)
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)[:4000]


def test_german_site_shows_no_english(shipped_site: Path) -> None:
    site = shipped_site
    found = leaks(site, "de", ENGLISH)
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)[:4000]


@pytest.mark.parametrize(
    ("lang", "folder", "words"),
    [("de", "", PROSE_ENGLISH), ("en", "en", PROSE_GERMAN)],
    ids=["german-site", "english-site"],
)
def test_written_pages_without_the_other_language(
    shipped_site: Path, lang: str, folder: str, words: list[str]
) -> None:
    """The hand-written pages of docs/ and the built-in contributor pages, as each site
    shows them: prose in the site's language (code is what it is)."""
    site = shipped_site / folder if folder else shipped_site
    found = leaks(site, lang, words, folders=HAND_WRITTEN + CONTRIBUTING, home=False)
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)[:4000]


def test_every_hand_written_page_has_its_english_page() -> None:
    """docs/x.md is the German page, docs/x.en.md its English one: neither comes alone,
    and the language tests above read every one of them."""
    names = {page.name for page in (REPO / "docs").glob("*.md")}
    german = sorted(name for name in names if name.count(".") == 1)
    english = sorted(name for name in names if name.endswith(".en.md"))
    assert [name for name in german if name.replace(".md", ".en.md") not in names] == []
    assert [name for name in english if name.replace(".en.md", ".md") not in names] == []
    assert sorted(name.removesuffix(".md") for name in german) == sorted(HAND_WRITTEN)
    built_in = TEMPLATES / "contributing"
    for page in built_in.glob("*.md"):
        assert (built_in / "en" / page.name).is_file(), page.name


def test_every_phrase_the_templates_print_has_its_english_text() -> None:
    literal = re.compile(r'\bt\("((?:[^"\\]|\\.)*)"')
    phrases = set()
    for template in TEMPLATES.glob("*.j2"):
        phrases |= {m.replace('\\"', '"') for m in literal.findall(template.read_text())}
    for module in PAGES.glob("*.py"):
        phrases |= set(re.findall(r'site\.t\(\s*"([^"]+)"', module.read_text()))
    assert len(phrases) > 50
    missing = sorted(p for p in phrases if p not in labels.PHRASES)
    assert missing == []


def test_every_vocabulary_label_in_both_languages() -> None:
    tables = [v for k, v in vars(labels).items() if k.isupper() and isinstance(v, dict)]
    for table in tables:
        for value, forms in table.items():
            if isinstance(forms, dict) and set(forms) & {"de", "en"}:
                assert set(labels.SPOKEN) <= set(forms), (value, forms)


def test_units_plurals_numbers_and_dates_in_the_pages_language(tmp_path: Path) -> None:
    assert labels.unit_label("EUR/count", "de") == "€ je Anzahl"
    assert labels.unit_label("days/count", "en") == "days per count"
    assert labels.unit_label("FTE", "de") == "FTE"  # a unit of kpicat.yaml as it is
    assert [labels.plural(n, "Frühindikator", "de") for n in (1, 2)] == [
        "Frühindikator",
        "Frühindikatoren",
    ]
    assert labels.plural(1, "Befund", "en") == "finding"
    root = copy_fixture(tmp_path / "root", with_site_config=False)
    write_entries(
        root,
        {
            "kpis/grosser_wert.yaml": """
                id: grosser_wert
                name: {de: Großer Wert, en: Large value}
                definition: Nur auf Deutsch beschrieben.
                formula: kunden_verloren * 1000
                unit: count
                type: {indicator: input, nature: non_financial}
                category: customer
                kra: kundenbindung
                owner: kam_team
                status: active
                period: monthly
                last_reviewed: "2026-09-15"
                target: {value: 12000.5}
            """
        },
    )
    result = run_check(root)
    german = readable(render_pages(result, lang="de")["kpi/grosser_wert.md"])
    english = readable(render_pages(result, lang="en")["kpi/grosser_wert.md"])
    assert "12.000,5" in german and "12,000.5" in english
    assert "15.09.2026" in german and "Sep 15, 2026" in english
    assert "# Large value" in english and "# Großer Wert" in german
    # the German definition on the English page, marked as such
    assert "Nur auf Deutsch beschrieben." in english
    assert "German only" in english and "nur auf" not in german


def test_render_writes_one_project_per_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kpicat.export

    made: list[str] = []
    original = kpicat.export.export

    def counted(catalogue: Any, fmt: str, *args: Any, **kwargs: Any) -> bytes:
        made.append(fmt)
        return original(catalogue, fmt, *args, **kwargs)

    monkeypatch.setattr(kpicat.export, "export", counted)
    root = copy_fixture(tmp_path / "root")
    out = tmp_path / "out"
    code, output = run_kpicat("render", "--root", str(root), "--out", str(out))
    assert code == 0, output
    # the export files hold every language: made once, offered by both sites
    assert sorted(made) == ["csv", "json", "xlsx"]
    for name in ("katalog.xlsx", "katalog.csv", "katalog.json"):
        german = (out / "docs" / "export" / name).read_bytes()
        assert german and german == (out / "docs-en" / "export" / name).read_bytes(), name
    assert "mkdocs build -f mkdocs.en.yml" in output
    root_config = read_config(out / "mkdocs.yml")
    english = read_config(out / "mkdocs.en.yml")
    assert root_config["docs_dir"] == "docs" and root_config["theme"]["language"] == "de"
    assert english["docs_dir"] == "docs-en" and english["site_dir"] == "site/en"
    assert english["theme"]["language"] == "en"
    assert english["theme"]["custom_dir"] == "overrides"
    assert [a["lang"] for a in english["extra"]["alternate"]] == ["de", "en"]
    assert (out / "overrides" / "partials" / "alternate.html").is_file()
    assert "Fact sheet" in (out / "docs-en" / "kpi" / "churn_rate.md").read_text(encoding="utf-8")
    assert "Steckbrief" in (out / "docs" / "kpi" / "churn_rate.md").read_text(encoding="utf-8")


def test_a_translated_hand_written_page_replaces_its_page_in_that_language(
    tmp_path: Path,
) -> None:
    root = copy_fixture(tmp_path / "root")
    (root / "docs" / "notiz.md").write_text("# Notiz\n\nNur deutsch.\n", encoding="utf-8")
    (root / "docs" / "notiz.en.md").write_text("# Note\n\nEnglish.\n", encoding="utf-8")
    site = tmp_path / "site"
    code, output = build(root, site)
    assert code == 0, output
    assert "Nur deutsch." in (site / "notiz/index.html").read_text(encoding="utf-8")
    assert "English." in (site / "en/notiz/index.html").read_text(encoding="utf-8")
    assert not (site / "notiz.en").exists() and not (site / "en/notiz.en").exists()


@pytest.fixture(scope="module")
def findings_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture catalogue (it has warnings, so the health page lists findings), built
    while the tool speaks German: the English site must word them again."""
    root = copy_fixture(tmp_path_factory.mktemp("findings") / "root")
    site = root.parent / "site"
    code, output = build(root, site)
    assert code == 0, output
    return site


def test_health_page_words_the_findings_in_the_pages_language(findings_site: Path) -> None:
    root = findings_site.parent / "root"
    for lang, page in (("de", findings_site), ("en", findings_site / "en")):
        with speaking(lang):
            worded = run_check(root, today=dt.date.fromisoformat(TODAY)).diagnostics
        assert worded, "the fixture catalogue has warnings"
        shown = visible_text(page / "gesundheit" / "index.html", lang, "article")
        for diag in worded:
            assert diag.message in shown, (lang, diag.message)
            assert diag.hint is None or diag.hint in shown, (lang, diag.hint)


def test_findings_rules_and_health_without_the_other_language(findings_site: Path) -> None:
    for lang, site, words in (("de", findings_site, ENGLISH), ("en", findings_site / "en", GERMAN)):
        found = {}
        for page in ("gesundheit", "regeln"):
            text = visible_text(site / page / "index.html", lang, "article")
            text = re.sub(r"„[^“]*“|\"[^\"]{0,80}\"|“[^”]{0,80}”", " ", text)
            for word in words:
                if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
                    found.setdefault(word, []).append(page)
        assert found == {}, (lang, found)
