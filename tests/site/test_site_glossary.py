"""The glossary for readers (issue 14): whole-word summaries, cross-references in the A–Z,
and term names linked with their tooltip where other entries name them."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import pytest

from kpicat.site.pages.context import first_sentence
from kpicat.site.termlinks import TermIndex, TermLinks
from tests.site.conftest import build, copy_fixture, write_entries

LONG = (
    "Anteil der Key Accounts, deren vereinbarte Jahresziele im Geschäftsjahr vollständig "
    "erreicht wurden, gemessen an allen Key Accounts mit einem gültigen Account-Plan und "
    "einer unterschriebenen Zielvereinbarung. Zweiter Satz."
)


def test_summary_is_cut_after_a_whole_word() -> None:
    # the limit falls inside "erreicht": the summary ends before it, with "…"
    limit = LONG.index("erreicht") + 4
    summary = first_sentence(LONG, limit)
    assert summary == LONG[: LONG.index(" erreicht")] + "…"
    assert len(summary) <= limit
    # a first sentence that fits is kept whole, an abbreviation does not end it
    assert first_sentence("Umsatz z. B. aus Neugeschäft. Mehr.") == "Umsatz z. B. aus Neugeschäft."
    assert first_sentence("Kurz. Lang") == "Kurz."
    # a single word longer than the limit stays whole
    assert first_sentence("Kundenlebenszeitwertberechnung ist lang", 10) == (
        "Kundenlebenszeitwertberechnung…"
    )


LINKS = {
    "Churn Rate": ("glossar/churn_rate.md", "Churn Rate: Anteil."),
    "Churn": ("glossar/churn.md", "Churn: Abwanderung."),
    "Umsatz": ("glossar/umsatz.md", "Umsatz: Erlös."),
}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str, str]] = []  # (where, href, title, text)
        self._stack: list[str] = []
        self._link: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._stack.append(tag)
        values = {k: v or "" for k, v in attrs}
        if tag == "a" and values.get("class") == "kpicat-term":
            self._link = {**values, "text": "", "where": self._stack[-2]}

    def handle_endtag(self, tag: str) -> None:
        self._stack.pop()
        if tag == "a" and self._link is not None:
            link = self._link
            self.found.append((link["where"], link["href"], link["title"], link["text"]))
            self._link = None

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self._link["text"] += data


def term_links(html: str) -> list[tuple[str, str, str, str]]:
    parser = _Links()
    parser.feed(html)
    return parser.found


def render(text: str, page: str | None, links: dict[str, tuple[str, str]] = LINKS) -> str:
    ext = TermLinks(links)
    ext.page = page
    return markdown.Markdown(extensions=[ext]).convert(text)


def test_first_whole_word_occurrence_is_linked_outside_code_links_and_headings() -> None:
    html = render(
        "# Churn Rate und Umsatz\n\n"
        "`Umsatz` und [Umsatz](../kra/u.md), Umsatz-Ziel, Umsatzplan und Churned. "
        "Die Churn Rate steigt, die Churn Rate fällt.\n\n"
        "Dann *Umsatz* und wieder Umsatz.\n",
        "kpi/x.md",
    )
    assert term_links(html) == [
        ("p", "../glossar/churn_rate.md", "Churn Rate: Anteil.", "Churn Rate"),
        ("em", "../glossar/umsatz.md", "Umsatz: Erlös.", "Umsatz"),
    ]
    # the heading, the code and the link kept their text
    assert "<h1>Churn Rate und Umsatz</h1>" in html
    assert "<code>Umsatz</code>" in html and '<a href="../kra/u.md">Umsatz</a>' in html


def test_no_link_on_the_terms_own_page_or_where_the_page_links_it() -> None:
    text = "Umsatz und Churn sind Begriffe.\n"
    assert [link[3] for link in term_links(render(text, "glossar/umsatz.md"))] == ["Churn"]
    linked = "Siehe [Churn](../glossar/churn.md).\n\n" + text
    assert [link[3] for link in term_links(render(linked, "kpi/x.md"))] == ["Umsatz"]
    # pages that are not entries get no links
    assert term_links(render(text, None)) == []


def test_hostile_names_and_tooltips_stay_text() -> None:
    from kpicat.site.escape import tooltip

    links = {
        'Zielkunde" onmouseover="alert(1)': ("glossar/a.md", tooltip("x")),
        "Wunschkunde": ("glossar/b.md", tooltip('Wunschkunde: <img src=x onerror="alert(1)">')),
    }
    html = render('Ein Zielkunde" onmouseover="alert(1) ist ein Wunschkunde.\n', "kpi/x.md", links)
    found = term_links(html)
    assert found == [("p", "../glossar/b.md", found[0][2], "Wunschkunde")]
    assert "<" not in found[0][2] and "onerror" in found[0][2]
    assert "<img" not in html and "onmouseover=" not in html.replace('onmouseover="alert', "")


def test_term_lookup_is_linear_in_the_number_of_terms() -> None:
    """One dictionary look-up per word of the text, however many terms the catalogue has:
    linking costs the same with 10 terms as with 5,000 (counted, not timed)."""

    class Counting(dict):  # type: ignore[type-arg]
        calls = 0

        def get(self, key: Any, default: Any = None) -> Any:
            self.calls += 1
            return super().get(key, default)

    text = " ".join(f"Text{n} Begriff{n % 50} Wort{n % 50}" for n in range(2000))
    lookups = {}
    for count in (10, 5000):
        names = {f"Begriff{n} Wort{n}": (f"glossar/b{n}.md", "t") for n in range(count)}
        idx = TermIndex(names)
        counting = Counting(idx.first)
        idx.first = counting
        done: set[str] = set()

        def wanted(target: str, done: set[str] = done) -> bool:
            fresh = target not in done
            done.add(target)
            return fresh

        assert len(list(idx.matches(text, wanted))) == min(50, count)
        lookups[count] = counting.calls
    words = len(text.split())
    # at most one look-up per word, and none more for the larger catalogue (its longer
    # matches even skip the words inside them)
    assert lookups[5000] <= lookups[10] <= words


def test_the_index_is_built_once_per_links_setting() -> None:
    """Plain MkDocs makes the extension again for every page (the rendered mkdocs.yml names
    it): pages with the same ``links`` share one index, another setting gets its own."""
    setting = {name: list(link) for name, link in LINKS.items()}
    first, again = TermLinks(setting), TermLinks({k: list(v) for k, v in setting.items()})
    assert first.index is not None and again.index is first.index
    setting["Umsatz"][1] = "Umsatz: anders."  # changed in place: not the old index
    changed = TermLinks(setting)
    assert changed.index is not first.index
    assert changed.index is not None and changed.index.links["Umsatz"][1] == "Umsatz: anders."
    assert TermLinks({}).index is None


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_fixture(tmp_path_factory.mktemp("glossary") / "root")
    write_entries(
        root,
        {
            "terms/zielkunde.yaml": """
            id: zielkunde
            name: {de: Zielkunde, en: Target account}
            definition:
              de: '<img src=x onerror="alert(1)"> Kunde, den der Vertrieb gewinnen will.'
              en: An account sales wants to win.
            synonyms: {de: [Wunschkunde, '<b>Fett</b>kunde'], en: [dream account]}
            abbreviation: {de: ZK, en: TA}
            sources: [{title: KAM-Glossar}]
            """,
            "terms/wunschliste.yaml": f"""
            id: wunschliste
            name: {{de: Wunschliste, en: Wish list}}
            definition:
              de: 'Liste jedes Zielkunde-Projekts: der Zielkunde, dann noch ein Zielkunde
                und ein Wunschkunde; {LONG}'
              en: Every dream account of the year, and the Target account again.
            sources: [{{title: KAM-Glossar}}]
            """,
        },
    )
    site = root / "site"
    code, output = build(root, site)
    assert code == 0, output
    return site


def test_glossary_lists_synonyms_and_abbreviations_as_cross_references(site: Path) -> None:
    for folder, expected in (
        (site, {"Wunschkunde": "W", "ZK": "Z", "Abwanderungsrate": "A"}),
        (site / "en", {"dream account": "D", "TA": "T", "attrition": "A"}),
    ):
        html = (folder / "glossar" / "index.html").read_text(encoding="utf-8")
        letters = re.split(r'<h2 id="([a-z]+|sonstige)">', html)
        by_letter = dict(zip(letters[1::2], letters[2::2], strict=True))
        for name, letter in expected.items():
            # an abbreviation carries its tooltip (abbr) there too
            section = re.sub(r"</?abbr[^>]*>", "", by_letter[letter.lower()])
            item = re.search(rf"<li>{re.escape(name)} → <a href=\"([^\"]+)\">([^<]+)</a>", section)
            assert item, (folder, name)
            target = "churn/" if name in ("Abwanderungsrate", "attrition") else "zielkunde/"
            assert item[1] == target
        # a name that is markup stays text
        if folder == site:
            assert "&lt;b&gt;Fett&lt;/b&gt;kunde → " in html or "&#60;b&#62;Fett" in html
            assert "<b>Fett</b>" not in html


def test_summary_on_the_a_to_z_ends_with_a_whole_word(site: Path) -> None:
    html = (site / "glossar" / "index.html").read_text(encoding="utf-8")
    item = re.search(r'<a href="wunschliste/">Wunschliste</a> – ([^\n]*)</li>', html)
    assert item
    text = re.sub(r"<[^>]+>", "", item[1])
    assert text.endswith("…")
    word = text.removesuffix("…").split()[-1]
    assert re.search(rf"\b{re.escape(word)}\b", LONG + " Wunschkunde Zielkunde")


def test_entry_pages_link_the_first_occurrence_with_an_escaped_tooltip(site: Path) -> None:
    html = (site / "glossar" / "wunschliste" / "index.html").read_text(encoding="utf-8")
    article = html.split("<article", 1)[1].split("</article>", 1)[0]
    found = term_links(article)
    # "Zielkunde-Projekts" is a compound, not the word; the next "Zielkunde" is linked once,
    # and "Wunschkunde" (its synonym) is the same term: no second link
    assert [(href, text) for _, href, _, text in found] == [("../zielkunde/", "Zielkunde")]
    title = found[0][2]
    assert "<" not in title and "onerror" in title and title.startswith("Zielkunde: ")
    # the term's own page links nothing to itself
    own = (site / "glossar" / "zielkunde" / "index.html").read_text(encoding="utf-8")
    assert "../zielkunde/" not in [href for _, href, _, _ in term_links(own)]
    # English site: its own names, a lower-case first letter counts
    en = (site / "en" / "glossar" / "wunschliste" / "index.html").read_text(encoding="utf-8")
    assert [t for _, _, _, t in term_links(en)] == ["dream account"]
