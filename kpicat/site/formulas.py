"""Formulas on the site: MathML from ``kpicat.formula`` where it works, code otherwise.

The formula package is imported lazily and every call is guarded: a formula
the parser rejects (the check reports it) or a parser that is not there yet
must never break the site; the page then shows the formula as escaped text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from kpicat.site.escape import inline

Link = Callable[[str], tuple[str, str | None]]

_IDENT = re.compile(r"\b[a-z][a-z0-9_]{1,63}\b")
_MATH_OK = re.compile(r"^<math[\s>]")
_MATH_BAD = re.compile(
    r"<\s*/?\s*(script|iframe|object|embed|style|foreignobject)\b|\son\w+\s*=|javascript:", re.I
)


def _formula_module() -> Any | None:
    try:
        from kpicat import formula
    except Exception:
        return None
    return formula


@lru_cache(maxsize=16384)
def parse(text: str) -> Any | None:
    """The parse tree, or None when the parser is missing or rejects the text (cached: trees
    are immutable, and each KPI's formula is needed for dependencies, MathML and words)."""
    module = _formula_module()
    func = getattr(module, "parse", None)
    if func is None:
        return None
    try:
        return func(text)
    except Exception:
        return None


def dependencies(text: str, known: set[str]) -> list[str]:
    """Ids the formula reads, sorted; known ids only (functions such as prev are not)."""
    tree = parse(text)
    module = _formula_module()
    func = getattr(module, "dependencies", None)
    found: set[str] = set()
    if tree is not None and func is not None:
        try:
            found = {str(name) for name in func(tree)}
        except Exception:
            found = set()
    if not found:
        found = set(_IDENT.findall(text))
    return sorted(found & known)


def to_mathml(text: str, link: Link) -> Markup | None:
    """Block MathML for the formula, or None to fall back to code."""
    tree = parse(text)
    func = getattr(_formula_module(), "to_mathml", None)
    if tree is None or func is None:
        return None
    try:
        html = str(func(tree, link))
    except Exception:
        return None
    # The formula package escapes all text; this guards against a regression there.
    if not _MATH_OK.match(html) or _MATH_BAD.search(html):
        return None
    return Markup(html.replace("\n", " "))


def to_text(text: str, name_of: Callable[[str], str]) -> str | None:
    """The formula in words (names instead of ids), or None."""
    tree = parse(text)
    func = getattr(_formula_module(), "to_text", None)
    if tree is None or func is None:
        return None
    try:
        return str(func(tree, name_of))
    except Exception:
        return None


def as_code(text: str) -> Markup:
    """The formula as escaped inline code, the fallback that always works."""
    return Markup(f"<code>{inline(text)}</code>")
