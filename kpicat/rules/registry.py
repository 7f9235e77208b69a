"""One registry of rules, each with a stable code, a name and its documentation.

Shaped after yamllint and ruff: a rule is a small function plus metadata; its
docstring is its documentation page (``kpicat explain CODE`` and the site).
Codes never change meaning and the registry refuses to register one twice.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from kpicat.rules.context import Finding

Level = Literal["error", "warning", "off"]
Scope = Literal["load", "entry", "catalogue"]
LEVELS: tuple[Level, ...] = ("error", "warning", "off")


@dataclass(frozen=True, slots=True)
class Rule:
    """Metadata of one rule; ``func`` is None for codes emitted while loading."""

    code: str
    name: str
    level: Level
    scope: Scope
    summary: str
    doc: str
    group: str
    kinds: tuple[str, ...] = ()
    func: Callable[..., Iterable[Finding]] | None = None
    cost: int = 1  # relative run time on a large catalogue, to balance two cores


class DuplicateRuleError(Exception):
    """Two rules claim the same code or name: a programming error."""


REGISTRY: dict[str, Rule] = {}
_BY_NAME: dict[str, Rule] = {}


def _register(rule: Rule) -> Rule:
    if rule.code in REGISTRY:
        raise DuplicateRuleError(f"rule code {rule.code} is registered twice")
    if rule.name in _BY_NAME:
        raise DuplicateRuleError(f"rule name {rule.name} is registered twice")
    REGISTRY[rule.code] = rule
    _BY_NAME[rule.name] = rule
    return rule


def _split_doc(doc: str) -> tuple[str, str]:
    doc = inspect.cleandoc(doc or "")
    summary = doc.split("\n", 1)[0].strip()
    return summary, doc


def rule(
    code: str,
    name: str,
    *,
    level: Level = "error",
    scope: Scope = "catalogue",
    kinds: tuple[str, ...] = (),
    cost: int = 1,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a check. Entry rules get ``(entry, ctx)``; catalogue rules ``(ctx)``."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        summary, doc = _split_doc(func.__doc__ or "")
        group = func.__module__.rsplit(".", 1)[-1]
        _register(Rule(code, name, level, scope, summary, doc, group, kinds, func, cost))
        return func

    return decorate


def document(code: str, name: str, doc: str, *, level: Level = "error", group: str) -> Rule:
    """Register a code that the loader or a multi-code check emits."""
    summary, text = _split_doc(doc)
    return _register(Rule(code, name, level, "load", summary, text, group))


def lookup(code_or_name: str) -> Rule | None:
    """Find a rule by code (any case) or kebab-case name."""
    return REGISTRY.get(code_or_name.upper()) or _BY_NAME.get(code_or_name)


def all_rules() -> list[Rule]:
    """Every rule, sorted by code."""
    from kpicat import rules  # noqa: F401  (importing registers the rule modules)

    return sorted(REGISTRY.values(), key=lambda r: r.code)
