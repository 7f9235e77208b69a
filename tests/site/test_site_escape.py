"""Escaping of untrusted catalogue text: nothing a contributor writes becomes markup."""

from __future__ import annotations

import html
import re

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from kpicat.site import paths
from kpicat.site.escape import (
    abbreviation_key,
    block,
    element,
    inline,
    is_id,
    mermaid_label,
    reveal,
    safe_url,
    tooltip,
)

HOSTILE = [
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    '--8<-- "/etc/passwd"',
    "{{ config }}",
    "{% include 'x' %}",
    "# Überschrift",
    "1. Liste",
    "- Liste",
    "> Zitat",
    "`code` *fett* _kursiv_ **x** ~~y~~ ==z== ^^h^^",
    "a | b | c",
    "<img src=x onerror=alert(2)>",
    "{: .klasse onclick=alert(3) }",
    "*[KPI]: Überschreibung",
    "$$x$$ :smile: @user #123",
    "&lt;script&gt;",
]
MARKUP_CHARS = set("<>[]`*_{}|#!~^=$\\\"'")


def render(text: str) -> str:
    md = markdown.Markdown(
        extensions=["tables", "attr_list", "abbr", "admonition", "toc", "md_in_html"]
    )
    return md.convert(text)


def test_inline_leaves_no_markup_characters() -> None:
    for text in HOSTILE:
        escaped = inline(text)
        assert not MARKUP_CHARS & set(re.sub(r"&#\d+;|&amp;", "", escaped)), escaped
        assert html.unescape(escaped) == text


def test_markdown_renders_hostile_text_as_text() -> None:
    for text in HOSTILE:
        out = render(f"Text: {inline(text)}\n\n{block(text)}")
        assert "<script" not in out and "<img" not in out and "<a " not in out
        assert "<h1" not in out and "<li" not in out and "<code" not in out and "<em" not in out
        assert "onclick" not in out.replace("onclick&#61;", "")
        assert html.unescape(re.sub(r"<[^>]+>", "", out)).count(text) == 2


def test_block_keeps_paragraphs_and_escapes_each() -> None:
    text = 'Erster Absatz\nmit Umbruch.\n\n--8<-- "/etc/passwd"\n\n  # Kein Titel'
    out = render(block(text))
    assert out.count("<p>") == 3
    assert "&#45;-8&#60;--" in out
    assert "<h1" not in out


def test_block_start_markers_do_not_make_lists() -> None:
    for text in ["1. eins", "2) zwei", "- strich", "+ plus", "* stern"]:
        assert "<li" not in render(block(text))


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=80))
def test_any_text_round_trips_through_markdown(text: str) -> None:
    escaped = inline(text)
    assert "\n" not in escaped
    out = render(f"x {escaped}")
    assert out.startswith("<p>") and out.count("<") == 2, out


def test_mermaid_labels_only_keep_plain_characters() -> None:
    label = mermaid_label('A "B" <b>[c]</b> `d` ; click x href "javascript:alert(1)"')
    assert re.fullmatch(r"[A-Za-z0-9 äöüÄÖÜß.,/#;-]*", label)
    assert '"' not in label and "<" not in label and "`" not in label
    assert mermaid_label("Umsatz/Kunde, netto") == "Umsatz/Kunde, netto"


def test_safe_url_allows_http_only() -> None:
    assert safe_url("https://example.com/a?b=c") == "https://example.com/a?b=c"
    for bad in [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,x",
        "//x.org",
        'https://x.org/"onmouseover=alert(1)',
        "https://x.org/ a",
        None,
        3,
    ]:
        assert safe_url(bad) is None


def test_ids_never_form_paths_outside_their_section() -> None:
    assert is_id("churn_rate")
    for bad in ["../etc", "a/b", "A", "x", "", "churn-rate", "kpi.md", "/abs", "a\x00b"]:
        assert not is_id(bad)
        assert paths.entry_path("kpi", bad) is None
    assert paths.entry_path("kpi", "index") == "kpi/index-eintrag.md"
    assert paths.entry_path("nope", "churn_rate") is None


def test_abbreviation_keys() -> None:
    assert abbreviation_key("KPI") == "KPI"
    assert abbreviation_key("a]b") is None
    assert abbreviation_key("x\ny") is None
    assert abbreviation_key("...") is None
    assert abbreviation_key(["KPI"]) is None


def test_extension_block_syntax_is_escaped() -> None:
    """Issue 10.3: ``??? note`` (pymdownx.details) must not open a block."""
    md = markdown.Markdown(extensions=["pymdownx.details", "admonition", "attr_list", "tables"])
    for text in ["??? note", '???+ tip "Offen"\n    x', "!!! danger", "{: onclick=x }"]:
        out = md.reset().convert(block(text))
        assert "<details" not in out and "<div" not in out, out


def test_abbreviations_never_match_markdown_placeholders() -> None:
    """Issue 10.2: a key found inside ``\\x02wzxhzdk:12\\x03`` breaks a page's stored HTML."""
    for key in ["wzxhzdk", "klzzwxh", "amp", "hzzhzkh", "2", "12", "wzxhzdk:3", ":3"]:
        assert abbreviation_key(key) is None, key
    for key in ["KPI", "CR", "B2B", "wzx", "k:1"]:
        assert abbreviation_key(key) == key


def test_tooltips_lose_markdown_markers() -> None:
    assert tooltip("A: \x02wzxhzdk:3\x03 und\n\x02amp\x03") == "A: wzxhzdk:3 und amp"
    # Material's tooltips insert the title as HTML: it must hold no markup.
    assert tooltip('<img src=x onerror="alert(1)">') == (
        "&amp;lt;img src=x onerror=&amp;quot;alert(1)&amp;quot;&amp;gt;"
    )


def test_raw_html_is_restored_untouched_by_markdown() -> None:
    """Issue 10.1: kpicat's HTML passes Markdown as one stored block, however odd the URL."""
    url = "https://example.invalid/![autofocus/onfocus=alert(1)//](x)*a*_b_`c`"
    token = element("a", "Titel [x](y)", href=url, rel="nofollow")
    md = markdown.Markdown(extensions=["kpicat.site.mdext", "abbr", "attr_list", "tables"])
    out = md.convert(f"| a | b |\n| --- | --- |\n| {token} | x |\n\nText {token}")
    assert out.count("<a ") == 2 and "<img" not in out and "<em" not in out
    assert html.unescape(re.search(r'href="([^"]*)"', out)[1]) == url
    assert reveal(token) in out
