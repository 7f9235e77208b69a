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
        "## Datenquellen",
        "| CRM | Account |",
        "``` mermaid",
        "## Rechenbeispiele",
        "| 60 | 3 | 5 |",
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
