"""dbt Semantic Layer / MetricFlow YAML -> KPIs (metrics) and base measures.

``semantic_models[].measures`` become measures; ``metrics`` become KPIs:
simple -> the measure, ratio -> numerator / denominator, derived -> its
``expr`` over its input metrics (aliases resolved) when kpicat's formula
parser accepts it. Cumulative and conversion metrics, offset windows and
filters have no kpicat formula: they get a placeholder and a note.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from kpicat import formula as fx
from kpicat.authoring.scaffold import Field
from kpicat.core.config import Config
from kpicat.core.i18n import _
from kpicat.imports.plan import Formula, ImportFailure, Planned, read_yaml, text, todo

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _name_of(value: Any) -> str | None:
    """A metric or measure input: ``name`` or ``{name: name, ...}``."""
    if isinstance(value, dict):
        value = value.get("name")
    return text(value, 200)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _measures(data: dict[str, Any]) -> list[Planned]:
    out = []
    for model in _list(data.get("semantic_models")):
        model = _dict(model)
        model_name = text(model.get("name"), 200) or "semantic_model"
        for measure in _list(model.get("measures")):
            measure = _dict(measure)
            name = text(measure.get("name"), 200)
            if name is None:
                continue
            notes = [_("unit: dbt does not say; write the measure's unit")]
            out.append(
                Planned(
                    "measure",
                    name,
                    [
                        Field(("name",), text(measure.get("label")) or name),
                        Field(
                            ("definition",),
                            text(measure.get("description"))
                            or todo(_("what the measure counts or sums")),
                        ),
                        Field(("unit",), todo(_("unit, e.g. EUR or count"))),
                        Field(("source", "system"), "dbt"),
                        Field(("source", "object"), model_name),
                        Field(
                            ("source", "field"),
                            text(measure.get("expr"), 500) or name,
                        ),
                        Field(("owner",), "todo_owner", todo=_("id of an existing owner")),
                    ],
                    notes,
                    where=_("semantic model {model_name}").format(model_name=model_name),
                )
            )
    return out


def _formula(metric: dict[str, Any]) -> tuple[Formula | None, str | None]:
    """The KPI formula of a metric, or None with the reason it has none."""
    kind = text(metric.get("type")) or "simple"
    params = _dict(metric.get("type_params"))
    if kind == "simple":
        measure = _name_of(params.get("measure"))
        if measure is None:
            return None, _("simple metric without type_params.measure")
        if isinstance(params.get("measure"), dict) and params["measure"].get("filter"):
            return None, _("the measure has a filter, which a kpicat formula cannot express")
        return Formula(((measure,),)), None
    if kind == "ratio":
        numerator = _name_of(params.get("numerator"))
        denominator = _name_of(params.get("denominator"))
        if numerator is None or denominator is None:
            return None, _("ratio metric without numerator and denominator")
        return Formula(((numerator,), " / ", (denominator,))), None
    if kind == "derived":
        expr = text(params.get("expr"), fx.MAX_FORMULA_LENGTH)
        if expr is None:
            return None, _("derived metric without type_params.expr")
        aliases: dict[str, str] = {}
        for item in _list(params.get("metrics")):
            name = _name_of(item)
            if name is None:
                continue
            if isinstance(item, dict) and (
                item.get("offset_window") or item.get("offset_to_grain")
            ):
                return None, _(
                    "input metric '{name}' has an offset window (use prev() by hand)"
                ).format(name=name)
            alias = text(item.get("alias"), 200) if isinstance(item, dict) else None
            aliases[alias or name] = name
        try:
            fx.parse(expr)
        except fx.FormulaError as error:
            return None, _("expr '{expr}' is not a kpicat formula ({error})").format(
                expr=expr, error=error
            )
        parts: list[str | tuple[str]] = []
        pos = 0
        for match in _NAME.finditer(expr):
            word = match.group(0)
            if word in fx.FUNCTIONS:
                continue
            parts.append(expr[pos : match.start()])
            parts.append((aliases.get(word, word),))
            pos = match.end()
        parts.append(expr[pos:])
        return Formula(tuple(p for p in parts if p != "")), None
    return None, _("{kind} metrics have no kpicat formula").format(kind=kind)


def _kpis(data: dict[str, Any], config: Config) -> list[Planned]:
    out = []
    for metric in _list(data.get("metrics")):
        metric = _dict(metric)
        name = text(metric.get("name"), 200)
        if name is None:
            continue
        formula, why = _formula(metric)
        notes = [_("unit, type, category, kra and owner: dbt does not say; confirm them")]
        if formula is None:
            notes.append(_("formula: {why}").format(why=why))
        fields = [
            Field(("name",), text(metric.get("label")) or name),
            Field(
                ("definition",),
                text(metric.get("description")) or todo(_("what the KPI means")),
            ),
            Field(("formula",), formula or todo(_("formula of ids ({why})").format(why=why))),
            Field(("unit",), todo(_("unit, e.g. EUR, count or percent"))),
            Field(("type", "indicator"), "output", todo=_("input or output")),
            Field(("type", "nature"), "non_financial", todo=_("financial or non_financial")),
            Field(("category",), config.category_ids[0], todo=", ".join(config.category_ids)),
            Field(("kra",), "todo_kra", todo=_("id of an existing KRA")),
            Field(("owner",), "todo_owner", todo=_("id of an existing owner")),
            Field(("status",), "proposed"),
            Field(("period",), "monthly", todo=_("monthly, quarterly or yearly")),
        ]
        out.append(Planned("kpi", name, fields, notes, where=_("metric {name}").format(name=name)))
    return out


def plan(source: Path, config: Config) -> list[Planned]:
    data = read_yaml(source)
    if not isinstance(data, dict) or not (
        isinstance(data.get("metrics"), list) or isinstance(data.get("semantic_models"), list)
    ):
        raise ImportFailure(
            _(
                "{name} has no 'metrics:' or 'semantic_models:' list; is it a dbt "
                "semantic layer file?"
            ).format(name=source.name)
        )
    return _measures(data) + _kpis(data, config)


__all__ = ["plan"]
