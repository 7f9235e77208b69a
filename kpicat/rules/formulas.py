"""Formula rules: syntax, ids, cycles, units, type consistency, worked examples.

Formulas are parsed by kpicat's own parser (kpicat/formula), never
evaluated as code. Positions point inside the formula, translated to the
YAML file's line and column, also for block scalars.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from kpicat import formula as fx
from kpicat.core.i18n import _, format_number
from kpicat.core.placeholders import is_placeholder
from kpicat.load.strict_yaml import MAX_NUMBER
from kpicat.model import Entry, Kpi
from kpicat.rules.context import Context, Finding, LocalContext
from kpicat.rules.loading import unknown_id_hint
from kpicat.rules.registry import document, rule

_FORMULA = ("formula",)


@rule("KC201", "formula-syntax", scope="entry", kinds=("kpi",), reads=("formula",))
def formula_syntax(entry: Kpi, ctx: Context) -> Iterator[Finding]:
    """A formula cannot be read.

    Formulas are arithmetic over ids: numbers, `+ - * /`, parentheses and
    `prev(x)`. The column points at the exact character inside the formula.
    Formulas longer than 2,000 characters or nested deeper than 50 levels
    are refused.

    Bad:
        formula: auftraege / / angebote

    Good:
        formula: auftraege / angebote * 100
    """
    error = ctx.formulas.errors.get(entry.id)
    if error is not None and ctx.catalogue.get(entry.id) is entry:
        yield Finding(
            entry,
            _FORMULA,
            _("formula: {message}").format(message=error.message),
            offset=error.offset,
        )


@rule("KC202", "formula-unknown-id", scope="entry", kinds=("kpi",), reads=("formula",))
def formula_unknown_id(entry: Kpi, ctx: Context) -> Iterator[Finding]:
    """A formula reads an id that is not a measure or KPI.

    Formulas may only read base measures (catalogue/measures) and other KPIs.
    A term, KRA or owner has no value; an unknown id is usually a typo.

    Bad:
        formula: umsatz_key_acounts / anzahl_key_accounts

    Good:
        formula: umsatz_key_accounts / anzahl_key_accounts
    """
    node = ctx.formulas.parsed.get(entry.id)
    if node is None or ctx.catalogue.get(entry.id) is not entry:
        return
    catalogue = ctx.catalogue
    for ref in ctx.formulas.refs[entry.id]:
        target = catalogue.get(ref.name)
        if target is None:
            hint = unknown_id_hint(ctx, ref.name, ("measure", "kpi"))
            yield Finding(
                entry,
                _FORMULA,
                _("formula reads '{name}', but there is no measure or KPI with that id").format(
                    name=ref.name
                ),
                hint=hint
                or _("create the measure with 'kpicat new measure {name}'").format(name=ref.name),
                offset=ref.span[0],
            )
        elif target.kind not in ("measure", "kpi"):
            yield Finding(
                entry,
                _FORMULA,
                _(
                    "formula reads '{name}', which is a {label}; formulas read only "
                    "measures and KPIs"
                ).format(name=ref.name, label=target.label),
                hint=unknown_id_hint(ctx, ref.name, ("measure", "kpi")),
                offset=ref.span[0],
                related=((target, ("id",)),),
            )


@rule("KC203", "formula-cycle", cost=4, reads=("formula",))
def formula_cycle(ctx: Context) -> Iterator[Finding]:
    """KPIs compute each other in a circle.

    A KPI that (through other KPIs) reads itself has no defined value. Each
    cycle is reported once, at the formula of each member, with its whole
    path. Reading the previous period, `prev(x)`, is not a cycle.

    Bad:
        # a.yaml
        formula: b * 2
        # b.yaml
        formula: a / 2

    Good: compute both from measures.
    """
    index = ctx.formulas
    for cycle in fx.find_cycles(index.current_deps):
        path = " -> ".join(cycle)
        members = [ctx.catalogue.get(i) for i in dict.fromkeys(cycle)]
        entries = [m for m in members if m is not None]
        for entry in entries:
            following = cycle[cycle.index(entry.id) + 1]
            offset = next((r.span[0] for r in index.refs[entry.id] if r.name == following), 0)
            others = tuple((o, _FORMULA) for o in entries if o is not entry)
            yield Finding(
                entry,
                _FORMULA,
                _("formula is part of a cycle: {path}").format(path=path),
                hint=_("compute one of these KPIs from measures, or read prev(x)"),
                offset=offset,
                related=others,
            )


document(
    "KC204",
    "unknown-unit",
    """A unit is not in the unit vocabulary.

    Units are checked against the formula, so they must be spelled from the
    vocabulary (EUR, count, percent, ratio, days, hours, minutes, score, and
    compounds such as EUR/count). Add units of your own under `units:` in
    kpicat.yaml.

    Bad:
        unit: Prozent

    Good:
        unit: percent
    """,
    group="formulas",
    emitted_by="kpicat.rules.formulas",
)


@rule("KC205", "unit-mismatch", scope="entry", kinds=("kpi", "measure"), reads=("formula", "unit"))
def unit_mismatch(entry: Entry, ctx: Context) -> Iterator[Finding]:
    """The unit a formula yields differs from the declared unit.

    kpicat infers the unit of every formula: `+` and `-` need equal units,
    division cancels (count/count is a ratio), a ratio times 100 is a
    percentage and `prev(x)` keeps x's unit. A KPI that declares `percent` but
    computes a ratio is off by a factor of 100 in every report.

    Bad:
        formula: auftraege / angebote
        unit: percent

    Good:
        formula: auftraege / angebote * 100
        unit: percent
    """
    index = ctx.formulas
    declared = index.declared_unit(entry)
    if isinstance(declared, fx.UnitError):
        yield Finding(entry, ("unit",), declared.message, code="KC204")
        return
    if entry.kind != "kpi" or ctx.catalogue.get(entry.id) is not entry:
        return
    node = index.parsed.get(entry.id)
    if node is None or declared is None:
        return
    try:
        inferred = fx.infer_unit(node, index.unit_of)
    except fx.UnitMismatch as error:
        yield Finding(
            entry,
            _FORMULA,
            _("formula: {message}").format(message=error.message),
            hint=_("add or subtract only values of the same unit"),
            offset=error.offset,
        )
        return
    except fx.FormulaError as error:
        yield Finding(
            entry,
            _FORMULA,
            _("formula: {message}").format(message=error.message),
            offset=error.offset,
            code="KC206",
        )
        return
    if inferred is None or fx.units_equal(inferred, declared):
        return
    hint = None
    if fx.units_equal(inferred, fx.RATIO) and fx.units_equal(declared, fx.PERCENT):
        hint = _("multiply the formula by 100, or declare unit: ratio")
    elif fx.units_equal(inferred, fx.PERCENT) and fx.units_equal(declared, fx.RATIO):
        hint = _("remove the '* 100', or declare unit: percent")
    else:
        hint = _("declare unit: {inferred}, or change the formula").format(inferred=inferred)
    yield Finding(
        entry,
        ("unit",),
        _("unit is '{declared}', but the formula yields '{inferred}'").format(
            declared=declared, inferred=inferred
        ),
        hint=hint,
    )


document(
    "KC206",
    "division-by-zero",
    """A formula divides by the number 0.

    A division by zero has no value: every report would show an error or a
    blank. Usually a measure id was meant, or a constant was typed wrongly.

    Bad:
        formula: auftraege / 0

    Good:
        formula: auftraege / angebote
    """,
    group="formulas",
    emitted_by="kpicat.rules.formulas",
)


@rule("KC207", "example-mismatch", scope="entry", kinds=("kpi",), cost=4, local=True)
def example_mismatch(entry: Kpi, ctx: LocalContext) -> Iterator[Finding]:
    """A worked example does not give the expected result.

    Examples are computed with exact fractions; results within 0.005 (or a
    relative 1e-9) of `expected` pass. An example that misses an input, or
    divides by zero, is reported too. Examples are the cheapest test that a
    formula means what its definition says.

    Bad:
        formula: auftraege / angebote * 100
        examples:
          - inputs: {auftraege: 12, angebote: 40}
            expected: 0.3

    Good:
            expected: 30
    """
    text = entry.formula  # its own formula: local, so the cache keeps it per file
    if text is None or is_placeholder(text) or not entry.examples:
        return
    try:
        node = fx.parse_shared(text)
    except fx.FormulaError:  # reported by KC201
        return
    for number, example in enumerate(entry.examples, start=1):
        index = number - 1
        inputs = example.get("inputs")
        expected = example.get("expected")
        if not isinstance(inputs, dict) or not isinstance(expected, int | float):
            continue
        try:
            values = {str(k): fx.to_fraction(v) for k, v in inputs.items()}
            actual = fx.evaluate(node, values)
        except ValueError:
            continue  # a non-number input is a schema error already
        except fx.EvaluationError as error:
            yield Finding(
                entry,
                ("examples", index, "inputs"),
                _("example {number}: {message}").format(number=number, message=error.message),
                hint=_("give a value for every id the formula reads"),
            )
            continue
        if not fx.matches(actual, fx.to_fraction(expected)):
            yield Finding(
                entry,
                ("examples", index, "expected"),
                _("example {number} expects {expected}, but the formula gives {show}").format(
                    number=number, expected=expected, show=_show(actual)
                ),
                hint=_("fix the expected value or the formula"),
            )


def _show(value: Fraction) -> str:
    """An evaluation result for a message; bounded inputs can still multiply past any float."""
    if abs(value) > MAX_NUMBER:
        limit = format_number(MAX_NUMBER)
        shown = _("less than -{limit}") if value < 0 else _("more than {limit}")
        return shown.format(limit=limit)
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):.6g}"


@rule(
    "KC208",
    "example-unused-input",
    level="warning",
    scope="entry",
    kinds=("kpi",),
    reads=("examples.inputs", "formula"),
)
def example_unused_input(entry: Kpi, ctx: Context) -> Iterator[Finding]:
    """A worked example gives a value the formula never reads.

    Usually the formula or the example was renamed and the two drifted apart.

    Bad:
        formula: auftraege / angebote * 100
        examples:
          - inputs: {auftraege: 12, angebote: 40, besuche: 7}

    Good:
        formula: auftraege / angebote * 100
        examples:
          - inputs: {auftraege: 12, angebote: 40}
    """
    node = ctx.formulas.parsed.get(entry.id)
    if node is None:
        return
    read = {r.name for r in ctx.formulas.refs[entry.id]}
    for index, example in enumerate(entry.examples):
        inputs = example.get("inputs")
        if not isinstance(inputs, dict):
            continue
        for key in inputs:
            name = str(key)
            base = name[5:-1] if name.startswith("prev(") and name.endswith(")") else name
            if base not in read:
                yield Finding(
                    entry,
                    ("examples", index, "inputs", key),
                    _("example {value} gives '{name}', which the formula does not read").format(
                        value=index + 1, name=name
                    ),
                    hint=_("remove it, or check the formula"),
                    at_key=True,
                )


@rule("KC209", "missing-example", level="warning", scope="entry", kinds=("kpi",), local=True)
def missing_example(entry: Kpi, ctx: LocalContext) -> Iterator[Finding]:
    """An active KPI has no worked example.

    One example with real-looking numbers shows readers how the KPI is
    computed and lets kpicat test the formula on every change.

    Bad:
        status: active
        formula: auftraege / angebote * 100
        (no examples)

    Good:
        examples:
          - inputs: {auftraege: 12, angebote: 40}
            expected: 30
    """
    if entry.status == "active" and not entry.examples and entry.formula:
        yield Finding(
            entry,
            ("formula",),
            _("active KPI without a worked example"),
            hint=_("add examples: [{inputs: {...}, expected: ...}]"),
        )


@rule(
    "KC210",
    "financial-without-money",
    level="warning",
    scope="entry",
    kinds=("kpi",),
    reads=("formula", "type", "unit"),
)
def financial_without_money(entry: Kpi, ctx: Context) -> Iterator[Finding]:
    """A KPI declared `financial` reads no money, or a `non_financial` one yields money.

    Financial KPIs are measured in money (revenue, cost, margin). A KPI whose
    formula reads no currency measure, directly or through other KPIs, is
    probably non-financial (a share of customers, a count of visits), and a
    KPI whose unit is a currency is financial. The distinction decides which
    reports and budgets the KPI belongs to.

    Bad:
        formula: key_accounts_mit_cross_selling / anzahl_key_accounts * 100
        type: {indicator: output, nature: financial}

    Good:
        type: {indicator: output, nature: non_financial}
    """
    index = ctx.formulas
    if entry.id not in index.parsed or ctx.catalogue.get(entry.id) is not entry:
        return
    declared = index.declared_unit(entry)
    if entry.nature == "non_financial":
        if isinstance(declared, fx.Unit) and index.is_currency(declared):
            yield Finding(
                entry,
                ("type", "nature"),
                _("KPI is non_financial, but its unit '{declared}' is money").format(
                    declared=declared
                ),
                hint=_("set type.nature: financial"),
            )
        return
    if entry.nature != "financial":
        return
    read = index.transitive_deps(entry.id)
    units = [index.unit_of(i) for i in read]
    if all(u is not None for u in units) and not any(index.is_currency(u) for u in units if u):
        yield Finding(
            entry,
            ("type", "nature"),
            _("KPI is financial, but its formula reads no amount of money"),
            hint=_("set type.nature: non_financial, or read a currency measure"),
        )


@rule(
    "KC211",
    "input-from-outputs",
    level="warning",
    scope="entry",
    kinds=("kpi",),
    reads=("formula", "type"),
)
def input_from_outputs(entry: Kpi, ctx: Context) -> Iterator[Finding]:
    """An `input` KPI is computed only from `output` KPIs.

    Input KPIs (Frühindikatoren) measure activities that drive results;
    output KPIs (Spätindikatoren) measure the results. A KPI computed only
    from results is itself a result, so it cannot warn early.

    Bad:
        formula: umsatzwachstum_key_accounts / churn_rate
        type: {indicator: input, nature: non_financial}

    Good:
        type: {indicator: output, nature: non_financial}
    """
    if entry.indicator != "input":
        return
    deps = ctx.formulas.deps.get(entry.id)
    if not deps:
        return
    catalogue = ctx.catalogue
    sources = [catalogue.get(i) for i in deps]
    if all(isinstance(s, Kpi) and s.indicator == "output" for s in sources):
        names = ", ".join(sorted(deps))
        yield Finding(
            entry,
            ("type", "indicator"),
            _("input KPI is computed only from output KPIs ({names})").format(names=names),
            hint=_("set type.indicator: output, or compute it from activity measures"),
            related=tuple((s, ("type", "indicator")) for s in sources if s is not None),
        )
