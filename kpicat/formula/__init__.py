"""The formula engine: parse KPI formulas safely, infer units, compare, evaluate and render them.

Pure by design (no YAML, no files, no other kpicat packages), so that rules, diff and site can
all use it and it can be tested on its own. See the formulas contributor page.
"""

from .canonical import canonical, canonical_hash
from .errors import EvaluationError, FormulaError
from .evaluate import TOLERANCE, Tolerance, evaluate, matches, to_fraction
from .functions import FUNCTIONS, FunctionSpec
from .graph import (
    find_cycles,
    reachable,
    reverse_dependencies,
    strongly_connected_components,
    transitive_dependents,
)
from .infer import UnitMismatch, infer_unit
from .nodes import (
    BinOp,
    Call,
    Neg,
    Node,
    Num,
    Ref,
    dependencies,
    from_plain,
    references,
    to_plain,
    walk,
)
from .parser import MAX_DEPTH, MAX_FORMULA_LENGTH, MAX_OPERANDS, parse, parse_shared, tokenize
from .render import safe_href, to_mathml, to_text
from .source import to_source
from .units import (
    DEFAULT_UNITS,
    PERCENT,
    RATIO,
    UNIT_ALIASES,
    Unit,
    UnitError,
    is_currency,
    parse_unit,
    units_equal,
)

__all__ = [
    "DEFAULT_UNITS",
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_FORMULA_LENGTH",
    "MAX_OPERANDS",
    "PERCENT",
    "RATIO",
    "TOLERANCE",
    "UNIT_ALIASES",
    "BinOp",
    "Call",
    "EvaluationError",
    "FormulaError",
    "FunctionSpec",
    "Neg",
    "Node",
    "Num",
    "Ref",
    "Tolerance",
    "Unit",
    "UnitError",
    "UnitMismatch",
    "canonical",
    "canonical_hash",
    "dependencies",
    "evaluate",
    "find_cycles",
    "from_plain",
    "infer_unit",
    "is_currency",
    "matches",
    "parse",
    "parse_shared",
    "parse_unit",
    "reachable",
    "references",
    "reverse_dependencies",
    "safe_href",
    "strongly_connected_components",
    "to_fraction",
    "to_mathml",
    "to_plain",
    "to_source",
    "to_text",
    "tokenize",
    "transitive_dependents",
    "units_equal",
    "walk",
]
