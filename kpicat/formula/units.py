"""Units: the vocabulary, their spelling and their algebra.

A unit is a product of base units with integer exponents plus a scale: ``percent`` is the
dimensionless ratio times 100. Time units (days, hours, minutes) are separate base units on
purpose: the catalogue states values in one of them, and no formula should convert silently.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from kpicat.core.i18n import _

PERCENT_SCALE = Fraction(100)

DEFAULT_UNITS: dict[str, str] = {
    "EUR": "currency",
    "count": "base",
    "days": "base",
    "hours": "base",
    "minutes": "base",
    "score": "base",
    "ratio": "dimensionless",
    "percent": "ratio * 100",
}
"""The unit vocabulary: name -> kind. ``extra_units`` (from ``kpicat.yaml``) add to it."""

UNIT_ALIASES: dict[str, str] = {"%": "percent"}
"""Other spellings accepted by :func:`parse_unit`; ``str(unit)`` always gives the canonical one."""

EXTRA_KINDS = ("currency", "base")
_GERMAN_HINTS = {
    "euro": "EUR",
    "€": "EUR",
    "stück": "count",
    "stueck": "count",
    "anzahl": "count",
    "tage": "days",
    "stunden": "hours",
    "minuten": "minutes",
    "prozent": "percent",
    "quote": "ratio",
    "punkte": "score",
}
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_FACTOR_SPLIT = re.compile(r"\s*([*/])\s*")


class UnitError(ValueError):
    """A unit spelling that cannot be read; ``message`` says what to write instead."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True)
class Unit:
    """An immutable unit: ``dims`` are sorted ``(base unit, exponent)`` pairs, ``scale`` a factor.

    A value ``v`` in this unit stands for ``v / scale`` in the base units, so percent (scale 100)
    reads 50 where ratio reads 0.5.
    """

    dims: tuple[tuple[str, int], ...] = ()
    scale: Fraction = field(default=Fraction(1))

    @classmethod
    def of(cls, dims: Mapping[str, int], scale: Fraction | int = 1) -> Unit:
        """Build a unit from a mapping, dropping zero exponents and sorting."""
        clean = tuple(sorted((name, exp) for name, exp in dims.items() if exp))
        return cls(clean, Fraction(scale))

    @property
    def dimensionless(self) -> bool:
        """True for ratio, percent and plain numbers."""
        return not self.dims

    def __mul__(self, other: Unit) -> Unit:
        merged = dict(self.dims)
        for name, exp in other.dims:
            merged[name] = merged.get(name, 0) + exp
        return Unit.of(merged, self.scale * other.scale)

    def __truediv__(self, other: Unit) -> Unit:
        merged = dict(self.dims)
        for name, exp in other.dims:
            merged[name] = merged.get(name, 0) - exp
        return Unit.of(merged, self.scale / other.scale)

    def scaled(self, factor: Fraction) -> Unit:
        """The same dimensions with the scale multiplied (ratio scaled by 100 is percent)."""
        return Unit(self.dims, self.scale * factor)

    def __str__(self) -> str:
        num: list[str] = []
        den: list[str] = []
        for name, exp in sorted(self.dims, key=lambda d: (d[0].lower(), d[0])):
            (num if exp > 0 else den).extend([name] * abs(exp))
        power = _percent_power(self.scale)
        if power is None:
            num.append(str(self.scale))
        elif power > 0:
            num.extend(["percent"] * power)
        else:
            den.extend(["percent"] * -power)
        if not num:
            num = ["ratio"] if not den else ["1"]
        return "*".join(num) + "".join(f"/{d}" for d in den)


def _percent_power(scale: Fraction) -> int | None:
    """k when scale is 100**k, else None."""
    power = 0
    value = scale
    while value >= PERCENT_SCALE:
        value /= PERCENT_SCALE
        power += 1
    while value < 1 and value != 0:
        value *= PERCENT_SCALE
        power -= 1
    return power if value == 1 else None


RATIO = Unit()
PERCENT = Unit((), PERCENT_SCALE)


def units_equal(a: Unit, b: Unit) -> bool:
    """Same dimensions and same scale (percent and ratio differ)."""
    return a == b


def _vocabulary(extra_units: Mapping[str, str] | None) -> tuple[dict[str, Unit], set[str]]:
    """Known names -> units, and the set of currency base units."""
    known: dict[str, Unit] = {}
    currencies: set[str] = set()
    for name, kind in DEFAULT_UNITS.items():
        if kind in EXTRA_KINDS:
            known[name] = Unit(((name, 1),))
            if kind == "currency":
                currencies.add(name)
    known["ratio"] = RATIO
    known["percent"] = PERCENT
    aliases: list[tuple[str, str]] = []
    for name, kind in (extra_units or {}).items():
        if not isinstance(name, str) or not _NAME.match(name):
            raise UnitError(
                _(
                    "unit name {name!r} is not allowed; use letters, digits and _ (e.g. 'USD')"
                ).format(name=name)
            )
        if name in known or name in UNIT_ALIASES:
            raise UnitError(
                _("unit '{name}' is already defined; choose another name").format(name=name)
            )
        if not isinstance(kind, str):
            raise UnitError(
                _("unit '{name}': write 'currency', 'base' or a unit such as 'count'").format(
                    name=name
                )
            )
        if kind in EXTRA_KINDS:
            known[name] = Unit(((name, 1),))
            if kind == "currency":
                currencies.add(name)
        else:
            aliases.append((name, kind))
    base_known = dict(known)
    for name, expression in aliases:
        try:
            known[name] = _parse_with(expression, base_known)
        except UnitError as exc:
            raise UnitError(
                _("unit '{name}' = '{expression}': {message}").format(
                    name=name, expression=expression, message=exc.message
                )
            ) from None
    return known, currencies


def _suggest(name: str, known: Mapping[str, Unit]) -> str:
    """A 'did you mean' hint: German words, then case-insensitive, then by similarity."""
    german = _GERMAN_HINTS.get(name.lower())
    if german in known:
        return _(" (did you mean '{german}'?)").format(german=german)
    for candidate in known:
        if candidate.lower() == name.lower():
            return _(" (did you mean '{candidate}'?)").format(candidate=candidate)
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    if close:
        return _(" (did you mean '{close}'?)").format(close=close[0])
    return ""


def _parse_with(text: str, known: Mapping[str, Unit]) -> Unit:
    """Parse ``a*b/c`` left to right against a vocabulary."""
    if not isinstance(text, str) or not text.strip():
        raise UnitError(_("the unit is empty; write e.g. 'EUR', 'count' or 'percent'"))
    parts = _FACTOR_SPLIT.split(text.strip())
    result = RATIO
    op = "*"
    for index, part in enumerate(parts):
        if index % 2 == 1:
            op = part
            continue
        name = UNIT_ALIASES.get(part, part)
        if name == "1" and op == "*":
            unit = RATIO
        elif name in known:
            unit = known[name]
        elif not part:
            raise UnitError(
                _("'{text}' is missing a unit name next to '*' or '/'").format(text=text)
            )
        else:
            names = ", ".join(sorted(known, key=str.lower))
            raise UnitError(
                _("unknown unit '{part}'{suggest}; known units: {names}").format(
                    part=part, suggest=_suggest(part, known), names=names
                )
            )
        result = result * unit if op == "*" else result / unit
    return result


def parse_unit(text: str, extra_units: Mapping[str, str] | None = None) -> Unit:
    """Read a unit such as ``EUR``, ``percent`` or ``EUR/count``.

    ``extra_units`` maps new names to ``'currency'`` (a currency of its own, e.g. USD),
    ``'base'`` (a new independent unit) or a unit expression over known units (an alias, e.g.
    ``{'visits': 'count'}``).
    """
    known, _currencies = _vocabulary(extra_units)
    return _parse_with(text, known)


def is_currency(unit: Unit, extra_units: Mapping[str, str] | None = None) -> bool:
    """True when the unit involves a currency (for 'financial KPI without money' checks)."""
    _known, currencies = _vocabulary(extra_units)
    return any(name in currencies for name, _power in unit.dims)
