"""One registry of rules, each with a stable code, a name and its documentation.

Shaped after yamllint and ruff: a rule is a small function plus metadata; its
docstring is its documentation page (``kpicat explain CODE`` and the site).
Codes never change meaning and the registry refuses to register one twice.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

from kpicat.core.i18n import translate_doc

if TYPE_CHECKING:
    from kpicat.core.config import Config
    from kpicat.rules.context import Finding

Level = Literal["error", "warning", "off"]
Scope = Literal["load", "entry", "catalogue"]
LEVELS: tuple[Level, ...] = ("error", "warning", "off")


@dataclass(frozen=True, slots=True)
class Option:
    """A setting in kpicat.yaml that a rule reads, declared by that rule (yamllint's CONF).

    ``setting`` is its dotted place in kpicat.yaml (``budgets.per_kra``). The type,
    default and bounds here are the source of truth: config.schema.json publishes
    them for editors and validates kpicat.yaml with them (a test keeps both equal),
    so an unknown option or a wrong type stops the check with exit 2.
    """

    setting: str
    type: type[int] | type[float]
    default: int | float
    description: str
    minimum: int | float | None = None
    maximum: int | float | None = None

    def value(self, config: Config) -> int | float:
        """The configured value, else the default (the config was validated on load)."""
        section, _, key = self.setting.partition(".")
        value = getattr(config, section, {}).get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            return self.default
        return self.type(value)

    def schema(self) -> dict[str, Any]:
        """The JSON Schema of this setting, as config.schema.json must publish it."""
        node: dict[str, Any] = {
            "description": self.description,
            "type": "integer" if self.type is int else "number",
            "default": self.default,
        }
        if self.minimum is not None:
            node["minimum"] = self.minimum
        if self.maximum is not None:
            node["maximum"] = self.maximum
        return node


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
    options: tuple[Option, ...] = ()
    emitter: str = ""  # the one module whose code reports this rule's findings
    # an entry rule that reads its entry, the settings and the day only (a LocalContext):
    # the warm cache keeps its findings per file and runs it on changed files only
    local: bool = False
    # a catalogue rule whose work falls into parts (``Context.part``): on two cores each
    # process does half of the parts, instead of one process doing all of them
    split: bool = False
    # the fields of an entry that a rule other than a local one reads ("formula", or
    # "target.value" for one key of a mapping): a lean check (``kpicat check`` without the
    # cache) keeps only these once the local rules have seen a file, so 10,000 KPIs' long
    # texts are not all held at once
    reads: tuple[str, ...] = ()

    def local_doc(self) -> str:
        """The documentation in the current language (English prose is the msgid)."""
        return translate_doc(self.doc)

    def local_summary(self) -> str:
        """The one-sentence summary in the current language."""
        return self.local_doc().split("\n", 1)[0].strip()


class DuplicateRuleError(Exception):
    """Two rules claim the same code or name: a programming error."""


REGISTRY: dict[str, Rule] = {}
_BY_NAME: dict[str, Rule] = {}


def _register(rule: Rule) -> Rule:
    if rule.code in REGISTRY:
        raise DuplicateRuleError(f"rule code {rule.code} is registered twice")
    if rule.name in _BY_NAME:
        raise DuplicateRuleError(f"rule name {rule.name} is registered twice")
    declared = {o.setting for r in REGISTRY.values() for o in r.options}
    for option in rule.options:
        if option.setting in declared:
            raise DuplicateRuleError(f"option {option.setting} is declared by two rules")
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
    options: tuple[Option, ...] = (),
    local: bool = False,
    split: bool = False,
    reads: tuple[str, ...] = (),
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a check. Entry rules get ``(entry, ctx)``; catalogue rules ``(ctx)``.

    ``options`` are the kpicat.yaml settings the rule reads; each is declared by
    exactly one rule (others that read it, like the health report, use the same
    :class:`Option`).
    ``local``: an entry rule gets a :class:`~kpicat.rules.context.LocalContext` instead
    (settings and the day, no catalogue), so its findings can be cached per file.
    ``split``: a catalogue rule that does only its share of the work, as
    :meth:`~kpicat.rules.context.Context.part` hands it out (both cores then run it).
    ``reads``: every field of an entry the rule reads (``"target.value"``: one key of a
    mapping, or of each mapping in a list), required of every rule that is not local;
    every rule test holds the lean check, which keeps only these, to the full one.
    """

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        summary, doc = _split_doc(func.__doc__ or "")
        group = func.__module__.rsplit(".", 1)[-1]
        found = Rule(code, name, level, scope, summary, doc, group, kinds, func, cost, options)
        if local and scope != "entry":
            raise ValueError(f"rule {code}: only an entry rule can be local")
        if split and scope != "catalogue":
            raise ValueError(f"rule {code}: only a catalogue rule can be split")
        if local and reads:
            raise ValueError(f"rule {code}: a local rule sees its whole entry; drop reads=")
        if not local and not reads:
            raise ValueError(f"rule {code}: name the entry fields it reads (reads=...)")
        _register(replace(found, emitter=func.__module__, local=local, split=split, reads=reads))
        return func

    return decorate


def document(
    code: str, name: str, doc: str, *, level: Level = "error", group: str, emitted_by: str
) -> Rule:
    """Register a code whose findings one other module makes: the loader, the schema
    translator, a formula rule that reports several codes, the engine.

    ``emitted_by`` names that module; a test reads kpicat's source and holds every
    code to exactly one emitting module, so no code is a stub.
    """
    summary, text = _split_doc(doc)
    return _register(Rule(code, name, level, "load", summary, text, group, emitter=emitted_by))


def lookup(code_or_name: str) -> Rule | None:
    """Find a rule by code (any case) or kebab-case name."""
    return REGISTRY.get(code_or_name.upper()) or _BY_NAME.get(code_or_name)


def declared_options() -> dict[str, Option]:
    """Every kpicat.yaml setting a rule reads, by its dotted name."""
    return {o.setting: o for r in all_rules() for o in r.options}


def all_rules() -> list[Rule]:
    """Every rule, sorted by code."""
    from kpicat import rules  # noqa: F401  (importing registers the rule modules)

    return sorted(REGISTRY.values(), key=lambda r: r.code)
