"""Numbers are bounded and finite when loading: a position and a hint, never a traceback.

A contributor can write a 5,000-digit integer, a hex number with thousands of digits or
``1e400`` (infinity) into any number field. Each must stop at the loader with the file,
line and column of the number, before any later step (schema, formula examples, site,
diff) sees it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kpicat.cli import cli
from kpicat.load import LoadError, load_bytes
from kpicat.load.strict_yaml import MAX_NUMBER
from tests.conftest import TODAY
from tests.hang import no_hang

KPI = "catalogue/kpis/umsatz_pro_account.yaml"
HUGE_INT = "9" * 5000
HUGE_HEX = "0x" + "f" * 4000

# (what the file gets instead of the clean value, the old text it replaces)
FIELDS = {
    "review_every": ("review_every: 6", "review_every: N"),
    "target.value": ("target: {value: 250000}", "target: {value: N}"),
    "examples.inputs": ("anzahl_accounts: 4}", "anzahl_accounts: N}"),
    "examples.expected": ("expected: 250000", "expected: N"),
}
HUGE = [
    HUGE_INT,
    "-" + HUGE_INT,
    HUGE_HEX,
    "0o" + "7" * 3000,
    "1e400",
    "1e309",
    "-1e400",
    ".inf",
    "-.inf",
    "+.Inf",
    ".NaN",
    ".nan",
    "1" + "0" * 16,
    "1.5e15",
]


def _edit(root: Path, field: str, number: str) -> tuple[int, int]:
    """Put ``number`` into ``field`` of the KPI; return the line and column it stands at."""
    old, new = FIELDS[field]
    path = root / KPI
    text = path.read_text(encoding="utf-8")
    assert old in text
    replacement = new.replace("N", number)
    text = text.replace(old, replacement, 1)
    path.write_text(text, encoding="utf-8")
    start = text.index(replacement) + replacement.index(number)
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return line, column


@pytest.mark.parametrize("field", list(FIELDS))
@pytest.mark.parametrize("number", HUGE, ids=lambda n: n if len(n) < 12 else f"{n[:6]}x{len(n)}")
def test_huge_or_non_finite_number_is_a_positioned_error(catalogue_root, field, number):
    line, column = _edit(catalogue_root, field, number)
    with no_hang():
        result = CliRunner().invoke(cli, ["check", "--root", str(catalogue_root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"{KPI}:{line}:{column}" in result.output
    assert "number" in result.output


def test_the_bound_itself_is_accepted(catalogue_root, check):
    """The largest allowed target loads and checks clean (no false alarm at the edge)."""
    _edit(catalogue_root, "target.value", str(MAX_NUMBER))
    result = check(catalogue_root)
    assert [d for d in result.diagnostics if d.file == KPI and d.severity.value == "error"] == []


@pytest.mark.parametrize(
    "text",
    ["value: " + HUGE_INT, "value: " + HUGE_HEX, "value: 1e400", "value: .nan", "? " + HUGE_INT],
)
def test_loader_never_converts_giant_text(text):
    """The loader rejects before int()/float() runs on the text (no 4,300-digit ValueError)."""
    with pytest.raises(LoadError) as caught:
        load_bytes(text.encode(), "x.yaml")
    assert caught.value.hint
    assert (caught.value.line, caught.value.column) in {(1, 8), (1, 3)}


@pytest.mark.parametrize("text", ["'1e400'", '"' + HUGE_INT + '"', "inf", "nan", "1_000"])
def test_quoted_and_word_values_stay_text(text):
    """Only what the loader would read as a number is bounded; text is text."""
    assert isinstance(load_bytes(f"value: {text}".encode(), "x.yaml").data["value"], str)


def test_config_numbers_are_bounded(catalogue_root):
    (catalogue_root / "kpicat.yaml").write_text(
        "languages: [de, en]\nthresholds: {review_every_default: 1e400}\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["check", "--root", str(catalogue_root)])
    assert result.exit_code in (1, 2), result.output
    assert re.search(r"kpicat\.yaml:2:\d+", result.output), result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_build_refuses_a_huge_target_and_shows_no_inf(catalogue_root, tmp_path):
    _edit(catalogue_root, "target.value", "1e400")
    site = tmp_path / "site"
    with no_hang(120):
        result = CliRunner().invoke(
            cli,
            [
                "build",
                "--root",
                str(catalogue_root),
                "--site-dir",
                str(site),
                "--today",
                TODAY.isoformat(),
            ],
        )
    assert result.exit_code == 1, result.output
    assert f"{KPI}:" in result.output
    assert not site.exists()


@pytest.mark.parametrize("tail", ["", " / 3"])
def test_a_huge_formula_result_is_reported_not_a_crash(catalogue_root, tail):
    """Bounded inputs can still multiply to 10^375: the example message must cope."""
    path = catalogue_root / KPI
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "formula: umsatz / anzahl_accounts", "formula: " + " * ".join(["umsatz"] * 25) + tail
    )
    text = text.replace("umsatz: 1000000,", f"umsatz: {MAX_NUMBER},")
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--root", str(catalogue_root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 1, result.output
    assert "example 1 expects 250000" in result.output
