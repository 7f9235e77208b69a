"""Every reporter renders the same findings in its own format."""

from __future__ import annotations

import json
import re

import click
import pytest

from kpicat.report import REPORTERS
from kpicat.report.github import escape_data, escape_property
from tests.conftest import write_entry


def broken(root):
    path = root / "catalogue/kpis/umsatzwachstum.yaml"
    path.write_text(path.read_text().replace("nature: financial", "nature: finanziell"))
    write_entry(root, "kpis/notiz.txt", "x")


def test_text_report_groups_by_file_with_summary(catalogue_root, check):
    broken(catalogue_root)
    text = click.unstyle(REPORTERS["text"](check(catalogue_root)))
    lines = text.splitlines()
    assert (
        lines[0]
        == "catalogue/kpis/notiz.txt:1:1: warning KC018 catalogue/kpis/notiz.txt is not a catalogue entry"
    )
    assert "catalogue/kpis/umsatzwachstum.yaml:6:35: error KC012 type.nature must be one of" in text
    assert "    hint: did you mean 'financial'?" in lines
    assert lines[-1] == "✗ 1 error, 1 warning in 2 files (9 entries checked)"


def test_text_report_clean(catalogue_root, check):
    assert (
        click.unstyle(REPORTERS["text"](check(catalogue_root)))
        == "✓ 9 entries checked, no problems"
    )


def test_json_report_shape(catalogue_root, check):
    broken(catalogue_root)
    data = json.loads(REPORTERS["json"](check(catalogue_root)))
    assert data["version"] == 1
    assert data["summary"] == {"files": 9, "entries": 9, "errors": 1, "warnings": 1, "infos": 0}
    diag = next(d for d in data["diagnostics"] if d["code"] == "KC012")
    assert diag == {
        "code": "KC012",
        "rule": "invalid-value",
        "severity": "error",
        "message": "type.nature must be one of financial, non_financial, got 'finanziell'",
        "file": "catalogue/kpis/umsatzwachstum.yaml",
        "line": 6,
        "column": 35,
        "entry": "umsatzwachstum",
        "hint": "did you mean 'financial'?",
    }


def test_github_escaping():
    assert escape_data("50% a\nb\r") == "50%25 a%0Ab%0D"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_github_annotations(catalogue_root, check):
    broken(catalogue_root)
    out = REPORTERS["github"](check(catalogue_root)).splitlines()
    assert out[0] == (
        "::error file=catalogue/kpis/umsatzwachstum.yaml,line=6,endLine=6,col=35,endColumn=45,title=KC012 invalid-value::"
        "type.nature must be one of financial, non_financial, got 'finanziell'%0Ahint: did you mean 'financial'?"
    )
    assert out[1].startswith("::warning file=catalogue/kpis/notiz.txt,line=1,endLine=1,col=1,")
    assert "::group::catalogue/kpis/umsatzwachstum.yaml" in out
    assert out[-1] == "kpicat: 1 error, 1 warning"


def test_github_caps_annotations_but_logs_everything(catalogue_root, check):
    for i in range(15):
        write_entry(
            catalogue_root,
            f"terms/t{i:02d}.yaml",
            f"id: t{i:02d}\nname: T\ndefinition: x\nkpi: nix\n",
        )
    result = check(catalogue_root)
    out = REPORTERS["github"](result).splitlines()
    assert sum(line.startswith("::error ") for line in out) == 10
    assert sum("KC101" in line and not line.startswith("::") for line in out) == 15
    hidden = result.errors + result.warnings - 10 - min(result.warnings, 10)
    assert f"{hidden} more in the log above" in out[-1]


# A file name is contributor text too: git allows escape sequences in it. These clear the
# screen, retitle the terminal window and fake a hyperlink if they reach a terminal.
TERMINAL_ESCAPES = "\x1b[2J\x1b]0;owned\x07\x1b]8;;https:evil.example\x1b\\"


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_terminal_escapes_in_file_names_never_reach_the_output(catalogue_root, check, fmt):
    write_entry(catalogue_root, f"kpis/notiz{TERMINAL_ESCAPES}.txt", "x")
    out = REPORTERS[fmt](check(catalogue_root))
    assert "KC018" in out
    # kpicat's own colour codes are the only escape sequences left (CSI ... m)
    leftovers = re.sub(r"\x1b\[[0-9;]*m", "", out).replace("\n", "")
    assert leftovers.isprintable(), repr(leftovers)
    assert "notiz[2J]0;owned]8;;https:evil.example\\.txt" in leftovers


def test_json_report_is_the_contracts_data_with_one_line_per_diagnostic(catalogue_root, check):
    """Quotes, backslashes, line breaks and umlauts in messages survive the line layout."""
    import dataclasses

    from kpicat.report.json_report import as_data, render

    broken(catalogue_root)
    result = check(catalogue_root)
    odd = dataclasses.replace(result.diagnostics[0], message='"a"\\b\nc ß \u2028 }, {')
    result = dataclasses.replace(result, diagnostics=[odd, *result.diagnostics[1:]])
    text = render(result)
    assert json.loads(text) == as_data(result)
    lines = text.split("\n")
    start = lines.index('  "diagnostics": [')
    assert lines[-2:] == ["  ]", "}"]
    assert len(lines[start + 1 : -2]) == len(result.diagnostics)
    empty = dataclasses.replace(result, diagnostics=[])
    assert json.loads(render(empty))["diagnostics"] == []
