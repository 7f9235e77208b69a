"""Dates and numbers in the reader's format (German: 15.09.2026, 1.234,5), from Babel's
CLDR data.

The one place the site turns a date or number into text, so every page writes them
the same way and a second language only needs another locale.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent, is_currency

from kpicat.site import labels

SITE_LOCALE = "de"  # the site's language (theme.language in mkdocs.default.yml)


def date(value: dt.date | dt.datetime, locale: str = SITE_LOCALE) -> str:
    """A calendar date as readers of ``locale`` write it (de: 15.09.2026, en: Sep 15, 2026)."""
    day = value.date() if isinstance(value, dt.datetime) else value
    return format_date(day, "medium", locale=locale)


def date_text(value: object, locale: str = SITE_LOCALE) -> str | None:
    """An ISO date from a catalogue field ('2026-09-15') in the reader's format; text that
    is no ISO date is returned unchanged, so a free-form value is never lost."""
    if isinstance(value, dt.date):
        return date(value, locale)
    if not isinstance(value, str):
        return None
    try:
        return date(dt.date.fromisoformat(value.strip()), locale)
    except ValueError:
        return value


def _plain(value: int | float) -> int | float:
    """A float as the number it was written as (0.1 + 0.2 is 0.3; 3.0 is 3)."""
    if isinstance(value, float):
        value = float(f"{value:.10g}")
        if value.is_integer() and abs(value) < 1e15:
            return int(value)
    return value


# Units whose values read as "12 Tage" / "12 days" (the noun in labels.COUNTED).
_COUNTED_UNITS = {"days": "Tag", "hours": "Stunde", "score": "Punkt"}
# Units that need no word after the number: a count is just the number.
_BARE_UNITS = {"count", "ratio"}


def quantity(value: object, unit: str | None, locale: str = SITE_LOCALE) -> str:
    """A value with its unit as readers of ``locale`` write it: 8 % and 50.000 € (de),
    8% and €50,000 (en), 12 Tage, 250.000 € je Anzahl; a count is the bare number, a unit
    added in kpicat.yaml follows the number as it is written."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    plain = _plain(value)
    parts = [part.strip() for part in unit.split("/")] if unit else []
    head, rest = (parts[0], parts[1:]) if parts else (None, [])
    if head == "percent":
        shown = format_percent(Decimal(str(plain)) / 100, locale=locale, decimal_quantization=False)
    elif head is not None and len(head) == 3 and head.isupper() and is_currency(head):
        if isinstance(plain, int):  # whole amounts without ",00"
            pattern = Locale.parse(locale).currency_formats["standard"].pattern
            shown = format_currency(
                plain, head, pattern.replace(".00", ""), locale=locale, currency_digits=False
            )
        else:
            shown = format_currency(plain, head, locale=locale)
    elif head is None or head in _BARE_UNITS:
        shown = number(plain, locale)
    elif head in _COUNTED_UNITS:
        count = plain if isinstance(plain, int) else 2  # 1,5 Tage: the plural
        shown = f"{number(plain, locale)} {labels.plural(count, _COUNTED_UNITS[head], locale)}"
    else:
        shown = f"{number(plain, locale)} {head}"
    if rest:
        per = labels.UNIT_PER[labels.spoken(locale)]
        shown += per + per.join(labels.label(labels.UNIT, part, locale) or part for part in rest)
    return shown


def number(value: object, locale: str = SITE_LOCALE) -> str:
    """A number as readers of ``locale`` write it (de: 250.000 and 12,5), every digit kept;
    anything that is not a number is shown as it is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, float):
        value = float(f"{value:.10g}")  # 0.1 + 0.2 is shown as 0,3
        if value.is_integer() and abs(value) < 1e15:
            value = int(value)
    return format_decimal(value, locale=locale, decimal_quantization=False)
