"""MathML and text rendering; escaping of untrusted labels and links."""

import pytest

from kpicat.formula import parse, safe_href, to_mathml, to_text

GROWTH = parse(
    "(umsatz_key_accounts - prev(umsatz_key_accounts)) / prev(umsatz_key_accounts) * 100"
)
NAMES = {"umsatz_key_accounts": "Umsatz Key Accounts", "a": "A", "b": "B", "c": "C"}


def link(name):
    return NAMES.get(name, name), f"../{name}/"


def test_growth_as_mathml():
    ml = to_mathml(GROWTH, link)
    assert ml.startswith('<math display="block">') and ml.endswith("</math>")
    assert "<mfrac>" in ml
    assert "<mo>·</mo>" in ml
    assert "<mi>t</mi><mo>−</mo><mn>1</mn>" in ml
    assert '<a href="../umsatz_key_accounts/" title="umsatz_key_accounts">' in ml
    assert "Umsatz Key Accounts" in ml
    assert "<mn>100</mn>" in ml


def test_labels_and_hrefs_are_escaped():
    def hostile(name):
        return '<script>alert("x")</script>', '../a/?q="><img/src=x/onerror=1>'

    ml = to_mathml(parse("a"), hostile)
    assert "<script>" not in ml
    assert "&lt;script&gt;" in ml
    assert "<img" not in ml
    assert "&quot;&gt;&lt;img" in ml


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,x",
        "https://evil.example/",
        "//evil.example/",
        "\\\\evil",
        "",
        None,
    ],
)
def test_unsafe_hrefs_are_dropped(href):
    assert safe_href(href) is None
    ml = to_mathml(parse("a"), lambda name: ("A", href))
    assert "href" not in ml
    assert "<mtext>A</mtext>" in ml


@pytest.mark.parametrize("href", ["#a", "../kpis/a/", "a.html", "kpis/a/#x", "?q=a:b", "a/b:c"])
def test_relative_hrefs_are_kept(href):
    assert safe_href(href) == href


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("a - (b - c)", "<mo>−</mo><mrow><mo>(</mo>"),
        ("(a + b) * c", "<mrow><mo>(</mo><mrow><mtext>"),
        ("a * -b", "<mo>·</mo><mrow><mo>(</mo><mrow><mo>−</mo>"),
        ("a / 3", "<mfrac><mrow><mtext>"),
    ],
)
def test_mathml_parentheses(text, fragment):
    assert fragment in to_mathml(parse(text), link)


def test_mathml_drops_parentheses_that_change_nothing():
    assert "<mo>(</mo>" not in to_mathml(parse("a + (b - c)"), link)
    assert "<mo>(</mo>" not in to_mathml(parse("(a - b) / (a + c)"), link)


def test_text_with_names():
    text = to_text(GROWTH, NAMES.__getitem__)
    assert text == (
        "(Umsatz Key Accounts − Umsatz Key Accounts (Vorperiode)) "
        "/ Umsatz Key Accounts (Vorperiode) · 100"
    )


def test_text_prev_format_for_english():
    text = to_text(parse("prev(a)"), NAMES.__getitem__, prev_format="{name} (previous period)")
    assert text == "A (previous period)"
