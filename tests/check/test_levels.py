"""Every diagnostic obeys the rule levels in kpicat.yaml, loader and schema ones included."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kpicat.cli import cli
from tests.conftest import write_entry

BROKEN = {
    "KC013": ("terms/liste.yaml", "- a\n- b\n"),
    "KC001": ("terms/kaputt.yaml", "id: kaputt\nname: [offen\n"),
    "KC002": ("terms/doppelt.yaml", "id: doppelt\nid: doppelt\n"),
    "KC018": ("terms/notiz.txt", "nur eine Notiz\n"),
}


def _check(root, *args):
    return CliRunner().invoke(cli, ["check", "--root", str(root), "--format", "json", *args])


@pytest.mark.parametrize("code", sorted(BROKEN))
def test_a_rule_set_off_is_silent_even_for_files_that_never_became_entries(
    catalogue_root, code
) -> None:
    rel, text = BROKEN[code]
    write_entry(catalogue_root, rel, text)
    assert code in _check(catalogue_root).output
    (catalogue_root / "kpicat.yaml").write_text(f"rules: {{{code}: 'off'}}\n", encoding="utf-8")
    result = _check(catalogue_root)
    assert f'"{code}"' not in result.output
    assert result.exit_code == 0, result.output


def test_a_loader_error_lowered_to_a_warning_does_not_fail_the_check(catalogue_root) -> None:
    rel, text = BROKEN["KC013"]
    write_entry(catalogue_root, rel, text)
    (catalogue_root / "kpicat.yaml").write_text("rules: {wrong-type: warning}\n", encoding="utf-8")
    result = _check(catalogue_root)
    assert '"severity": "warning"' in result.output
    assert '"rule": "wrong-type"' in result.output
    assert result.exit_code == 0, result.output
