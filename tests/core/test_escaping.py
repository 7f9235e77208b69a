"""The one home of text escaping: the site's and the reports' Markdown drop the same characters."""

from __future__ import annotations

import pytest

from kpicat.core.escaping import clean, inert, md_block, md_code, md_escape

HIDDEN = ["\x00", "\a", "\x1b", "\x7f", "\u202a", "\u202e", "\u2066", "\u2069"]


@pytest.mark.parametrize("char", HIDDEN, ids=[f"U+{ord(c):04X}" for c in HIDDEN])
def test_every_output_drops_control_and_bidi_characters(char: str) -> None:
    text = f"Umsatz{char} je Account"
    assert clean(text) == "Umsatz je Account"
    for escaped in (inert(text), md_escape(text), md_code(text), md_block(text)):
        assert char not in escaped


def test_lines_and_tabs_survive_where_they_mean_something() -> None:
    assert clean("a\tb\nc\r\n") == "a\tb\nc\r\n"
    assert md_block("a\n\u202eb") == "```text\na\nb\n```"
    assert md_escape("a\n\n  b") == inert("a\n\n  b") == "a b"


def test_report_markdown_is_inert_for_github() -> None:
    assert md_escape("<b>x</b> [l](javascript:x) @boss #1 | *y*") == (
        "&lt;b&gt;x&lt;/b&gt; \\[l\\]\\(javascript:x\\) &#64;boss \\#1 \\| \\*y\\*"
    )
    assert md_escape("x" * 10, limit=5) == "xxxx…"
