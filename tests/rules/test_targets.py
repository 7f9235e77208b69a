"""KC312 implausible-target: targets a share, a direction or a scale rules out."""

from __future__ import annotations

import pytest

from tests.rules.conftest import Kat, line_of


def value_position(kat: Kat, entry_id: str, key: str) -> tuple[int, int]:
    path = kat.path("kpi", entry_id)
    line = line_of(path, f"{key}:")
    text = path.read_text(encoding="utf-8").splitlines()[line - 1]
    return line, text.index(f"{key}:") + len(key) + 3


def quote(kat: Kat, target: dict, **fields: object) -> None:
    kat.kpi(
        "quote",
        formula="besuche / besuche * 100",
        unit="percent",
        target=target,
        examples=[{"inputs": {"besuche": 4}, "expected": 100}],
        **fields,
    )


@pytest.mark.parametrize("bad", [120, -5])
def test_a_share_in_percent_targets_outside_0_to_100(kat, bad):
    quote(kat, {"value": bad})
    (diag,) = kat.found("KC312")
    assert diag.severity.value == "error"
    assert (diag.line, diag.column) == value_position(kat, "quote", "value")
    assert str(bad) in diag.message and "0 to 100" in diag.message
    assert diag.hint


def test_a_share_range_bound_outside_0_to_100(kat):
    quote(kat, {"min": 20, "max": 130}, direction="target_range")
    (diag,) = kat.found("KC312")
    assert (diag.line, diag.column) == value_position(kat, "quote", "max")


def test_a_growth_rate_in_percent_may_exceed_100(kat):
    kat.kpi(
        "wachstum",
        formula="(umsatz - prev(umsatz)) / prev(umsatz) * 100",
        unit="percent",
        target={"value": 150, "baseline": 90},
        examples=[{"inputs": {"umsatz": 110, "prev(umsatz)": 100}, "expected": 10}],
    )
    assert kat.found("KC312") == []


@pytest.mark.parametrize("scale", [{"min": 0, "max": 200}, {"min": 0}])
def test_a_percent_that_may_exceed_100_says_so_with_a_scale(kat, scale):
    quote(kat, {"value": 105, "min": 95, "max": 180}, scale=scale, direction="target_range")
    assert kat.found("KC312") == []


def test_an_open_scale_still_has_its_stated_bound(kat):
    quote(kat, {"value": -3}, scale={"min": 0})
    (diag,) = kat.found("KC312")
    assert "at least 0" in diag.message


def test_a_scale_with_no_bound_is_a_schema_error(kat):
    quote(kat, {"value": 50}, scale={})
    (diag,) = kat.found("KC015")
    assert "scale" in diag.message


def test_target_against_direction_relative_to_baseline(kat):
    quote(kat, {"value": 20, "baseline": 30}, direction="higher_is_better")
    (diag,) = kat.found("KC312")
    assert (diag.line, diag.column) == value_position(kat, "quote", "value")
    assert "higher_is_better" in diag.message and "30" in diag.message
    assert "baseline" in diag.hint


def test_lower_is_better_target_above_baseline(kat):
    quote(kat, {"value": 9, "baseline": 8}, direction="lower_is_better")
    (diag,) = kat.found("KC312")
    assert "lower_is_better" in diag.message


def test_targets_that_follow_the_direction_are_fine(kat):
    quote(kat, {"value": 40, "baseline": 30}, direction="higher_is_better")
    kat.kpi("weniger", target={"value": 80, "baseline": 100}, direction="lower_is_better")
    kat.kpi("halten", target={"value": 100, "baseline": 100})
    kat.kpi("korridor", target={"value": 50, "baseline": 90}, direction="target_range")
    assert kat.found("KC312") == []


def test_a_score_target_outside_its_scale(kat):
    kat.kpi(
        "nps",
        formula="besuche / besuche",
        unit="score",
        target={"value": 140},
        scale={"min": -100, "max": 100},
        examples=[{"inputs": {"besuche": 4}, "expected": 1}],
    )
    (diag,) = kat.found("KC312")
    assert (diag.line, diag.column) == value_position(kat, "nps", "value")
    assert "-100" in diag.message and "100" in diag.message


def test_a_score_target_inside_its_scale_is_fine(kat):
    kat.kpi(
        "nps",
        formula="besuche / besuche",
        unit="score",
        target={"value": -20, "baseline": -30},
        scale={"min": -100, "max": 100},
        examples=[{"inputs": {"besuche": 4}, "expected": 1}],
    )
    assert kat.found("KC312") == []
