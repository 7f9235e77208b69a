"""Dates in the reader's format (kpicat.site.formatting)."""

from __future__ import annotations

import datetime as dt

from kpicat.site.formatting import date, date_text, number


def test_german_dates_are_day_month_year_with_dots() -> None:
    assert date(dt.date(2026, 9, 15)) == "15.09.2026"
    assert date(dt.datetime(2026, 1, 2, 23, 59, tzinfo=dt.UTC)) == "02.01.2026"


def test_another_locale_uses_its_own_format() -> None:
    assert date(dt.date(2026, 9, 15), "en") == "Sep 15, 2026"


def test_iso_text_from_a_catalogue_field_is_formatted_other_text_kept() -> None:
    assert date_text("2026-09-15") == "15.09.2026"
    assert date_text(dt.date(2026, 9, 15)) == "15.09.2026"
    assert date_text("Q3 2026") == "Q3 2026"
    assert date_text(None) is None


def test_numbers_group_thousands_and_keep_every_decimal() -> None:
    assert number(250000) == "250.000"
    assert number(12.5) == "12,5"
    assert number(0.123456) == "0,123456"
    assert number(3.0) == "3"
    assert number(1234.5, "en") == "1,234.5"
    assert number(True) == "True" and number("viel") == "viel"
