"""Dates and numbers in the reader's format (German: 15.09.2026, 1.234,5), from Babel's
CLDR data.

The one place the site turns a date or number into text, so every page writes them
the same way and a second language only needs another locale.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from babel.numbers import format_decimal

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
