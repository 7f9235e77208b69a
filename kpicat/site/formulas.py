"""Formulas on the site: MathML and words from the catalogue's parsed formulas.

The parse trees come from ``catalogue.formulas`` (the check already built
them). A formula without a tree (the parser rejected it, or it is still a
`kpicat new` placeholder) is shown as escaped code, and its inputs are found
by their id pattern, so a page never breaks on a bad formula.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from kpicat import formula as fx
from kpicat.site.escape import element, raw_html

Link = Callable[[str], tuple[str, str | None]]

_IDENT = re.compile(r"\b[a-z][a-z0-9_]{1,63}\b")
_MATH_OK = re.compile(r"^<math[\s>]")
_MATH_BAD = re.compile(
    r"<\s*/?\s*(script|iframe|object|embed|style|foreignobject)\b|\son\w+\s*=|javascript:", re.I
)


def inputs(tree: Any | None, text: str, known: set[str]) -> list[str]:
    """Ids the formula reads, sorted; known ids only (functions such as prev are not)."""
    found = fx.dependencies(tree) if tree is not None else set()
    if not found:
        found = set(_IDENT.findall(text))
    return sorted(found & known)


def to_mathml(tree: Any | None, link: Link) -> Markup | None:
    """Block MathML for the formula, or None to fall back to code."""
    if tree is None:
        return None
    html = str(fx.to_mathml(tree, link))
    # The formula package escapes all text; this guards against a regression there.
    if not _MATH_OK.match(html) or _MATH_BAD.search(html):
        return None
    return raw_html(f'<div class="kpicat-formula">{html.replace(chr(10), " ")}</div>')


def to_text(
    tree: Any | None, name_of: Callable[[str], str], previous: str = "Vorperiode"
) -> str | None:
    """The formula in words (names instead of ids), or None; ``previous`` is the page's
    word for the previous period."""
    if tree is None:
        return None
    return str(
        fx.to_text(
            tree, name_of, prev_format="{name} (" + previous.replace("{", "").replace("}", "") + ")"
        )
    )


def as_code(text: str) -> Markup:
    """The formula as escaped inline code, the fallback that always works."""
    return element("code", text)
