"""The pure renderer: catalogue in, Markdown pages out."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURE, HOSTILE, TODAY, copy_fixture, write_entries

from kpicat.check import run_check
from kpicat.site import paths
from kpicat.site.escape import reveal
from kpicat.site.pages import RuleDoc, doc_markdown, glossary, letter_of, number
from kpicat.site.pages import render_pages as render_tokens


def render_pages(*args: Any, **kwargs: Any) -> dict[str, str]:
    """The pages with kpicat's raw-HTML tokens shown as the HTML they carry."""
    return {path: reveal(text) for path, text in render_tokens(*args, **kwargs).items()}


RULES = [
    RuleDoc(
        "KC101",
        "unknown-reference",
        "error",
        "references",
        "A field names an id.",
        "A field names an id.\n\nBad:\n    kra: x\n",
    )
]


@pytest.fixture(scope="module")
def result():
    return run_check(FIXTURE, today=dt.date.fromisoformat(TODAY))


@pytest.fixture(scope="module")
def pages(result):
    assert result.exit_code == 0
    return render_pages(result, rules=RULES)


def test_every_section_and_entry_has_a_page(pages) -> None:
    for path in [
        "index.md",
        "glossar/index.md",
        "kpi/index.md",
        "kra/index.md",
        "verantwortliche/index.md",
        "basisgroessen/index.md",
        "gesundheit.md",
        "regeln.md",
        "kpi/churn_rate.md",
        "glossar/churn.md",
        "kra/kundenbindung.md",
        "verantwortliche/kam_team.md",
        "basisgroessen/kunden_bestand.md",
    ]:
        assert path in pages
    assert list(pages) == sorted(pages)


def test_kpi_page_shows_everything_a_reader_needs(pages) -> None:
    page = pages["kpi/churn_rate.md"]
    for text in [
        "# Churn Rate",
        "Abwanderungsrate",
        "**Abkürzung:** CR",
        "Churn rate",
        "## Formel",
        "## Steckbrief",
        "Prozent",
        "niedriger ist besser",
        "quartalsweise",
        "[Kundenbindung](../kra/kundenbindung.md)",
        "[Key Account Management](../verantwortliche/kam_team.md)",
        "kam&#64;example.com",
        "**Datenquellen**",
        "| CRM | Account |",
        "``` mermaid",
        "## Rechenbeispiele",
        "| 60 | 3 | 5&#160;&#37; |",
        "Zuletzt geprüft",
        "01.2025",  # 15.01.2025 (the dot after 15 escaped),
        "| Version | 2 |",
        "catalogue/kpis/churn&#95;rate.yaml",
        "kpicat-status-active",
    ]:
        assert text in page, text


def test_formula_is_mathml_with_links_or_escaped_code(pages) -> None:
    page = pages["kpi/churn_rate.md"]
    assert "<code>kunden&#95;verloren / kunden&#95;bestand &#42; 100</code>" in page
    if "<math" in page:
        assert 'href="../../basisgroessen/kunden_verloren/"' in page


def test_diagram_links_inputs_and_dependents(pages) -> None:
    page = pages["kpi/churn_rate.md"]
    diagram = page.split("``` mermaid\n", 1)[1].split("```", 1)[0]
    assert 'click n1 href "../../basisgroessen/kunden_bestand/"' in diagram
    assert 'href "../retention_rate/"' in diagram
    assert "-->" in diagram
    assert "**Fließt ein in:** [Kundenbindungsrate](retention_rate.md)" in page


def test_deprecated_kpi_has_banner_with_successor(pages) -> None:
    page = pages["kpi/retention_rate.md"]
    assert '!!! warning "Veraltet"' in page
    assert "Nachfolger: [Churn Rate](churn_rate.md)" in page


def test_overview_table_lists_every_kpi(pages) -> None:
    html = reveal(pages["kpi/index.md"])
    names = re.findall(r'<a href="[^"]*" class="kpicat-kpi-name">([^<]*)</a>', html)
    assert names == ["Churn Rate", "Kundenbindungsrate", "Umsatzwachstum Key Accounts"]
    rows = re.findall(r"<tr (data-kra=[^>]*)>", html)
    assert len(rows) == 3
    assert 'data-kra="kundenbindung"' in rows[0] and 'data-status="active"' in rows[0]
    assert 'data-indicator="output"' in rows[0] and 'data-owner="kam&#95;team"' in rows[0]
    # a short definition under every name, and the filters hidden until the script runs
    assert html.count('class="kpicat-definition"') == 3
    assert '<form class="kpicat-filters" hidden data-kpicat-filters>' in html


def test_glossary_letters_and_umlauts(pages) -> None:
    page = pages["glossar/index.md"]
    # the letters of the terms and of their synonyms (cross-references, issue 14)
    assert "[A](#a) · [C](#c) · [G](#g) · [K](#k) · [L](#l) · [S](#s)" in page
    assert "## G { #g }\n\n- Großkunde → [Key Account](key_account.md)\n" in page
    assert "## A { #a }" in page and "Äußerer Wert" in page
    assert letter_of("Äußerer Wert") == "A" and letter_of("3-Tage-Regel") == "#"


def test_kra_page_shows_budget_and_balance(pages) -> None:
    page = pages["kra/kundenbindung.md"]
    assert "**Budget:** 1 von 5 aktiven KPIs" in page
    assert "0 Frühindikatoren, 1 Spätindikator\n" in page  # the plural the number needs


def test_rules_page_has_one_section_per_rule(pages) -> None:
    page = pages["regeln.md"]
    assert "## KC101 unknown-reference { #kc101 }" in page
    assert "```yaml\nkra: x\n```" in page


def test_rule_docs_cannot_open_headings_or_html() -> None:
    out = doc_markdown("# Titel\n<script>x</script>\n--8<-- 'a'")
    assert "\\# Titel" in out and "&lt;script&gt;" in out and "\\--8" in out


def test_real_rule_registry_renders() -> None:
    pages = render_pages(run_check(FIXTURE))
    assert "## KC001 yaml-syntax { #kc001 }" in pages["regeln.md"]


def test_health_page_groups_diagnostics(result) -> None:
    from kpicat.core.diagnostics import Diagnostic, Severity

    diags = [
        Diagnostic(
            "KC401",
            Severity.WARNING,
            "<b>zu viele</b> KPIs",
            "catalogue/kras/umsatz.yaml",
            1,
            1,
            entry="umsatz",
            hint="weniger",
            rule="kra-budget",
        ),
        Diagnostic(
            "KC401",
            Severity.WARNING,
            "zweiter",
            "catalogue/kras/kundenbindung.yaml",
            2,
            3,
            entry="kundenbindung",
            rule="kra-budget",
        ),
    ]
    page = render_pages(replace(result, diagnostics=diags), rules=RULES)["gesundheit.md"]
    assert "### KC401 kra-budget { #befund-kc401 }" in page
    assert "2 Befunde" in page
    assert "&#60;b&#62;zu viele&#60;/b&#62;" in page
    assert "catalogue/kras/kundenbindung.yaml&#58;2&#58;3" in page


def test_glossary_for_abbr_extension(result) -> None:
    terms = glossary(result.catalogue)
    assert list(terms) == ["CR", "KA", "KPI"]
    assert terms["CR"].startswith("Churn: Abwanderung")


def test_directory_urls_off(result) -> None:
    page = render_pages(result, rules=RULES, directory_urls=False)["kpi/churn_rate.md"]
    assert 'href "../basisgroessen/kunden_bestand.html"' in page


def test_relative_urls() -> None:
    assert paths.relative_url("kpi/a.md", "kpi/b.md", True) == "../b/"
    assert paths.relative_url("kpi/a.md", "glossar/c.md", True) == "../../glossar/c/"
    assert paths.relative_url("kpi/index.md", "kpi/b.md", True) == "b/"
    assert paths.relative_url("index.md", "kpi/b.md", True) == "kpi/b/"
    assert paths.relative_url("kpi/a.md", "index.md", True) == "../../"
    assert paths.relative_url("kpi/a.md", "kpi/b.md", False) == "b.html"
    assert paths.relative_url("kpi/a.md", "glossar/c.md", False) == "../glossar/c.html"


def test_links_in_kpicat_html_are_root_paths_under_site_url(result) -> None:
    # Zensical rewrites relative links inside raw HTML, MkDocs does not; root paths
    # are the form both leave alone (issue 18).
    assert paths.site_path(None) is None and paths.site_path("") is None
    assert paths.site_path("https://example.org") == "/"
    assert paths.site_path("https://example.org/katalog") == "/katalog/"
    assert paths.site_path("https://example.org/mein katalog/") == "/mein%20katalog/"
    root = paths.site_path("https://example.org/katalog/")
    assert paths.html_url("kpi/a.md", "glossar/c.md", True, root) == "/katalog/glossar/c/"
    assert paths.html_url("kpi/a.md", "index.md", True, root) == "/katalog/"
    assert paths.html_url("kpi/a.md", "kpi/index.md", False, root) == "/katalog/kpi/index.html"
    assert paths.html_url("kpi/a.md", "glossar/c.md", True, None) == "../../glossar/c/"
    page = render_pages(result, rules=RULES, site_path=root)["kpi/churn_rate.md"]
    assert 'href "/katalog/basisgroessen/kunden_bestand/"' in page
    assert "/katalog/basisgroessen/kunden_bestand/" in page.split("kpicat-formula")[1]


def test_numbers_the_german_way() -> None:
    assert number(1234567) == "1.234.567"
    assert number(0.05) == "0,05"
    assert number(5.0) == "5"
    assert number(-1234.5) == "-1.234,5"


def test_rendering_is_deterministic(result) -> None:
    first = render_pages(result, rules=RULES)
    second = render_pages(result, rules=RULES)
    assert first == second


def test_hostile_entries_render_as_text(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path / "root", hostile=True, with_site_config=False)
    result = run_check(root, today=dt.date.fromisoformat(TODAY))
    assert result.exit_code == 0, [d.message for d in result.diagnostics]
    pages = render_pages(result, rules=RULES)
    text = "\n".join(pages.values())
    assert "<script" not in text and "<img" not in text and "<svg" not in text
    assert "javascript:" not in text and "](javascript" not in text
    assert "{{" not in text and "{%" not in text
    assert not re.search(r"^\s*--8<--", text, re.M)
    assert (
        "example.com/&#34;onmouseover" not in text
        and 'href="https://example.com/"onmouseover' not in text
    )
    assert (
        '<a href="https&#58;//example.com/ok" rel="nofollow noopener">Sauber</a>'
        in pages["glossar/hostile.md"]
    )
    # The page title (front matter) is escaped, so Material's title tag stays text.
    assert pages["glossar/hostile.md"].startswith('---\ntitle: "&#60;/title&#62;&#60;script&#62;')


def test_invalid_ids_get_no_page(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path / "root", with_site_config=False)
    result = run_check(root)
    result.catalogue.entries[0].id = "../../etc/passwd"
    result.catalogue.__dict__.pop("by_id", None)
    pages = render_pages(result, rules=RULES)
    assert all(".." not in p and not p.startswith("/") for p in pages)


def test_entry_named_index_does_not_replace_the_section(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path / "root", with_site_config=False)
    write_entries(
        root, {"terms/index.yaml": "id: index\nname: Index\ndefinition: Ein Verzeichnis.\n"}
    )
    result = run_check(root)
    assert result.exit_code == 0
    pages = render_pages(result, rules=RULES)
    assert pages["glossar/index.md"].startswith("# Glossar A–Z")
    assert "# Index" in pages["glossar/index-eintrag.md"]
    assert "[Index](index-eintrag.md)" in pages["glossar/index.md"]


def test_hostile_fixture_is_used() -> None:
    assert "terms/hostile.yaml" in HOSTILE


def test_a_formula_without_a_parse_tree_falls_back_to_code(tmp_path) -> None:
    root = copy_fixture(tmp_path / "catalogue-repo", with_site_config=False)
    kpi = root / "catalogue" / "kpis" / "churn_rate.yaml"
    text = kpi.read_text(encoding="utf-8")
    kpi.write_text(text.replace("* 100", "* 100 +"), encoding="utf-8")
    result = run_check(root)
    assert "churn_rate" in result.catalogue.formulas.errors  # the parser rejects it
    page = render_pages(result, rules=RULES)["kpi/churn_rate.md"]
    assert "<math" not in page
    assert "<code>kunden&#95;verloren / kunden&#95;bestand &#42; 100 &#43;</code>" in page
    # its inputs are still found by their ids, so the diagram keeps its links
    assert 'click n1 href "../../basisgroessen/kunden_bestand/"' in page


def test_a_formula_the_parser_rejects_is_shown_as_escaped_code() -> None:
    from kpicat.site import formulas

    assert formulas.to_mathml(None, lambda i: (i, None)) is None
    assert formulas.to_text(None, str) is None
    assert reveal(formulas.as_code("a < b `x`")) == "<code>a &#60; b &#96;x&#96;</code>"


def test_health_page_shows_score_and_default_budgets(result) -> None:
    from kpicat.core.result import CheckResult
    from kpicat.health import compute_health

    page = render_pages(result, rules=RULES)["gesundheit.md"]
    score = compute_health(CheckResult(result.root, result.catalogue, result.diagnostics)).score
    assert f"**Gesundheitswert:** {score} von 100" in page
    # owners without max_kpis show the default budget the bloat rules use, not a dash
    from kpicat.rules.bloat import PER_OWNER

    assert f"| {PER_OWNER.default} |" in page


def test_the_page_registry_is_the_whole_list(result, monkeypatch) -> None:
    from kpicat.site import pages as site_pages
    from kpicat.site.pages.context import Page

    extra = Page("extra.md", lambda site: f"# {len(site.entries)} Einträge\n")
    monkeypatch.setattr(site_pages, "PAGES", (*site_pages.PAGES, extra))
    rendered = render_pages(result, rules=RULES)
    assert rendered["extra.md"] == f"# {len(result.catalogue.by_id)} Einträge\n"
    monkeypatch.setattr(site_pages, "PAGES", (*site_pages.PAGES, extra))
    with pytest.raises(ValueError, match=r"two pages claim extra\.md"):
        render_pages(result, rules=RULES)


def _section(page: str, heading: str) -> str:
    """The Markdown of one ``## heading`` section, up to the next heading."""
    return page.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]


def test_kpi_page_leads_with_what_a_reader_needs(pages) -> None:
    """Definition, why, how to read it, target with baseline and unit, granularity,
    pitfalls and levers come first; the fact sheet and formula follow; the technical
    block (catalogue formula, symbols, data sources, id, file) is collapsed at the end."""
    page = pages["kpi/churn_rate.md"]
    order = [
        "## Definition",
        "## Wozu",
        "## So lesen Sie den Wert",
        "## Auf einen Blick",
        "## Fallstricke",
        "## Hebel",
        "## Formel",
        "## Steckbrief",
        '??? info "Technische Angaben"',
    ]
    places = [page.index(heading) for heading in order]
    assert places == sorted(places), dict(zip(order, places, strict=True))
    assert "Zeigt früh, welche Key Accounts verloren gehen." in _section(page, "Wozu")
    assert "- Verkleinerte Accounts zählen als gehalten." in _section(page, "Fallstricke")
    assert "- Quartalsgespräche mit jedem Key Account." in _section(page, "Hebel")
    glance = _section(page, "Auf einen Blick")
    assert "| Zielwert | 5&#160;&#37; – Branchenüblicher Wert |" in glance
    assert "| Ausgangswert | 8&#160;&#37; |" in glance
    assert "| Granularität | alle Key Accounts zusammen |" in glance
    technical = page.split('??? info "Technische Angaben"\n', 1)[1].split("\n---\n", 1)[0]
    # everything in the collapsed block is indented into it
    assert all(not line or line.startswith("    ") for line in technical.splitlines()[:-1])
    for text in ["Formel im Katalog", "<code>kunden&#95;verloren", "| CRM | Account |"]:
        assert text in technical and page.index(text) > page.index("??? info"), text
    assert "**Datei:** <code>catalogue/kpis/churn&#95;rate.yaml</code>" in technical
    assert "**Kennung:** <code>churn&#95;rate</code>" in technical


def test_kpi_page_in_english_values_with_units(result) -> None:
    page = render_pages(result, rules=RULES, lang="en")["kpi/churn_rate.md"]
    for heading in ["Purpose", "How to read it", "At a glance", "Pitfalls", "Levers"]:
        assert f"## {heading}\n" in page, heading
    assert '??? info "Technical details"' in page
    assert "| Target | 5&#37; – Branchenüblicher Wert" in page  # the note has no English
    assert "| Baseline | 8&#37; |" in page
    assert "| Granularity | all key accounts together |" in page
    assert "Shows early which key accounts are lost." in page
    assert "| 60 | 3 | 5&#37; |" in page
    assert "Jan 15, 2025" in page
    growth = render_pages(result, rules=RULES, lang="en")["kpi/umsatzwachstum.md"]
    words = growth.split("**In words:**", 1)[1].split("\n", 1)[0]
    assert "&#40;previous period&#41;" in words and "Vorperiode" not in words


def test_diagram_only_where_it_shows_more_than_the_lists(pages) -> None:
    """A diagram for a KPI with dependents (churn_rate) or one that reads another KPI
    (retention_rate); none for a KPI computed from measures alone that nothing reads."""
    assert "``` mermaid" in pages["kpi/churn_rate.md"]
    assert "``` mermaid" in pages["kpi/retention_rate.md"]
    growth = pages["kpi/umsatzwachstum.md"]
    assert "``` mermaid" not in growth
    assert "**Berechnet aus:** [Umsatz mit Key Accounts]" in growth


def test_hostile_reader_fields_stay_text(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path / "root", hostile=True, with_site_config=False)
    result = run_check(root, today=dt.date.fromisoformat(TODAY))
    page = render_pages(result, rules=RULES)["kpi/hostile_kpi.md"]
    for heading in ["Wozu", "So lesen Sie den Wert", "Fallstricke", "Hebel"]:
        section = _section(page, heading)
        assert "<" not in section and "{{" not in section and "{%" not in section, section
        assert "](javascript" not in section and "??? note" not in section, section
        assert not re.search(r"^\s*--8<--", section, re.M), section
    assert "&#60;script&#62;alert&#40;11&#41;" in _section(page, "Wozu")


def _map_edges(page: str) -> tuple[set[tuple[str, str]], dict[str, str], str]:
    """The KPI map's edges as (link, link) pairs, node labels by link, and its source."""
    source = page.split("## KPI-Landkarte\n", 1)[1].split("``` mermaid\n", 1)[1]
    source = source.split("```", 1)[0]
    href = dict(re.findall(r'^\s*click (n\d+) href "([^"]+)"$', source, re.M))
    names = {
        href.get(n, n): label for n, label in re.findall(r'^\s*(n\d+)\["(.*)"\]$', source, re.M)
    }
    edges = {
        (href.get(a, a), href.get(b, b))
        for a, b in re.findall(r"^\s*(n\d+) --> (n\d+)$", source, re.M)
    }
    return edges, names, source


def test_kra_page_maps_measures_to_input_and_output_kpis(pages) -> None:
    page = pages["kra/kundenbindung.md"]
    edges, names, source = _map_edges(page)
    assert edges == {
        ("../../basisgroessen/kunden_bestand/", "../../kpi/churn_rate/"),
        ("../../basisgroessen/kunden_verloren/", "../../kpi/churn_rate/"),
        ("../../kpi/churn_rate/", "../../kpi/retention_rate/"),
    }
    assert names["../../kpi/churn_rate/"] == "Churn Rate"
    # columns from left to right: measures, then lagging indicators (no leading ones here)
    assert source.index('["Basisgrößen"]') < source.index('["Spätindikatoren #40;Output#41;"]')
    assert "Frühindikatoren" not in source
    assert page.index("## KPI-Landkarte") < page.index("## KPIs dieser KRA")


def test_kpi_map_links_resolve_to_pages(pages) -> None:
    for kra in ("kra/kundenbindung.md", "kra/umsatz.md"):
        _edges, names, _source = _map_edges(pages[kra])
        for href in names:
            target = href.removeprefix("../../").rstrip("/") + ".md"
            assert target in pages, (kra, href)


def test_kpi_map_other_kras_column_and_caps(tmp_path: Path) -> None:
    """KPIs of another KRA that a KRA's KPIs read stand in their own column; a large KRA
    shows MAP_KPIS KPIs, active first, says how many are left out, and groups its
    measures into one box when there are more than MAP_MEASURES."""
    from kpicat.site.pages.entries import MAP_KPIS, MAP_MEASURES

    root = copy_fixture(tmp_path / "root", with_site_config=False)
    files = {}
    for i in range(MAP_MEASURES + 1):
        files[f"measures/m_{i:02d}.yaml"] = (
            f"id: m_{i:02d}\nname: Messgröße {i}\ndefinition: Gezählt.\nunit: count\n"
            "source: {system: CRM, object: A, field: B}\nowner: kam_team\n"
        )
    for i in range(MAP_KPIS + 2):
        status = "proposed" if i < 2 else "active"
        formula = f"m_{i % (MAP_MEASURES + 1):02d} + churn_rate"
        files[f"kpis/k_{i:02d}.yaml"] = (
            f"id: k_{i:02d}\nname: Gross {i:02d}\ndefinition: Eine Zahl.\nformula: {formula}\n"
            "unit: count\ntype: {indicator: input, nature: non_financial}\ncategory: customer\n"
            f"kra: umsatz\nowner: kam_team\nstatus: {status}\nperiod: monthly\n"
        )
    write_entries(root, files)
    result = run_check(root, today=dt.date.fromisoformat(TODAY))
    page = render_pages(result, rules=RULES)["kra/umsatz.md"]
    edges, names, source = _map_edges(page)
    assert '["Aus anderen KRAs"]' in source and '["Frühindikatoren #40;Input#41;"]' in source
    assert names["../../kpi/churn_rate/"] == "Churn Rate"
    assert ("../../kpi/churn_rate/", "../../kpi/k_05/") in edges
    shown = [h for h in names if h.startswith(("../../kpi/k_", "../../kpi/umsatzwachstum/"))]
    assert len(shown) == MAP_KPIS  # of 27: active first, then by name
    assert "../../kpi/k_00/" not in names and "../../kpi/k_01/" not in names  # proposed
    assert "3 weitere KPIs sind nicht im Bild" in page
    grouped = [label for href, label in names.items() if not href.startswith("../")]
    assert grouped == [f"{MAP_MEASURES + 1} Basisgrößen"]
    assert not any(h.startswith("../../basisgroessen/m_") for h in names)


def test_kpi_map_labels_of_hostile_names_are_inert(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path / "root", hostile=True, with_site_config=False)
    result = run_check(root, today=dt.date.fromisoformat(TODAY))
    page = render_pages(result, rules=RULES)["kra/kundenbindung.md"]
    _edges, names, source = _map_edges(page)
    assert names["../../kpi/hostile_kpi/"] == "#60;img src#61;x onerror#61;alert#40;5#41;#62;"
    assert "<" not in source.replace("-->", "") and '"]"' not in source


def test_no_map_without_the_diagram_script(result) -> None:
    page = render_pages(result, rules=RULES, diagrams=False)["kra/kundenbindung.md"]
    assert "KPI-Landkarte" not in page and "``` mermaid" not in page
    assert "## KPIs dieser KRA" in page
