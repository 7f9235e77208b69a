"""KC022 leading-zero-number: `017` is 17 here but 15 (octal) to PyYAML and YAML 1.1 tools."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kpicat.cli import cli
from kpicat.load import load_bytes
from tests.conftest import TODAY

KPI = "catalogue/kpis/umsatz_pro_account.yaml"


def _edit(root, old: str, new: str) -> tuple[int, int]:
    path = root / KPI
    text = path.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    start = text.index(new) + new.rindex(" ") + 1
    line = text.count("\n", 0, start) + 1
    return line, start - (text.rfind("\n", 0, start) + 1) + 1


@pytest.mark.parametrize("text", ["017", "-017", "+017", "09", "00"])
def test_the_loader_reads_the_number_and_notes_its_place(text):
    doc = load_bytes(f"id: x\nreview_every: {text}\n".encode(), "x.yaml")
    assert doc.data["review_every"] == int(text)  # YAML 1.2: decimal, never an error
    (note,) = doc.notes
    assert (note.line, note.column) == (2, 15)
    assert note.path == ("review_every",)
    assert text in note.message


@pytest.mark.parametrize("text", ["0", "17", "0o17", "0x1F", "0.5", "017.5", "'017'", "1_000"])
def test_other_numbers_and_quoted_text_are_not_noted(text):
    assert load_bytes(f"value: {text}\n".encode(), "x.yaml").notes == ()


def test_check_warns_at_the_number_with_both_readings(catalogue_root):
    line, column = _edit(catalogue_root, "review_every: 6", "review_every: 010")
    args = ["check", "--root", str(catalogue_root), "--today", TODAY.isoformat()]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output  # a warning: the value itself is valid
    assert f"{KPI}:{line}:{column}" in result.output
    assert "KC022" in result.output
    assert "10" in result.output and "8" in result.output  # kpicat's reading and YAML 1.1's
    assert "Traceback" not in result.output


def test_a_leading_zero_in_a_worked_example_is_found_too(catalogue_root):
    line, column = _edit(catalogue_root, "anzahl_accounts: 4}", "anzahl_accounts: 04}")
    args = ["check", "--root", str(catalogue_root), "--today", TODAY.isoformat()]
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    import json

    found = [d for d in json.loads(result.output)["diagnostics"] if d["code"] == "KC022"]
    assert [(d["file"], d["line"], d["column"], d["severity"]) for d in found] == [
        (KPI, line, column, "warning")
    ]


def test_leading_zero_in_kpicat_yaml_is_reported(catalogue_root):
    (catalogue_root / "kpicat.yaml").write_text(
        "languages: [de, en]\nbudgets: {per_kra: 08}\n", encoding="utf-8"
    )
    args = ["check", "--root", str(catalogue_root), "--today", TODAY.isoformat()]
    result = CliRunner().invoke(cli, args)
    assert "kpicat.yaml:2:" in result.output and "KC022" in result.output, result.output
    assert "Traceback" not in result.output
    # a warning about kpicat.yaml does not stop the check of the catalogue (exit 2 would)
    assert result.exit_code == 0, result.output
    assert "entries checked" in result.output


def test_suppressed_like_every_entry_finding(catalogue_root):
    _edit(catalogue_root, "review_every: 6", "review_every: 010")
    path = catalogue_root / KPI
    path.write_text(
        path.read_text(encoding="utf-8") + "lint: {ignore: {KC022: 'Zehn Monate, dezimal'}}\n",
        encoding="utf-8",
    )
    args = ["check", "--root", str(catalogue_root), "--format", "json"]
    result = CliRunner().invoke(cli, args)
    assert "KC022" not in result.output
