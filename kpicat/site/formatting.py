"""Dates in the reader's format (German: 15.09.2026), from Babel's CLDR data.

The one place the site turns a date into text, so every page writes dates
the same way and a second language only needs another locale.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

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
