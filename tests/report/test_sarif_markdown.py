"""kpicat check --format sarif and --format markdown."""

from __future__ import annotations

import json

from click.testing import CliRunner

from kpicat.cli import cli
from kpicat.rules.registry import all_rules
from tests.conftest import write_entry
from tests.gitrepo import make_repo


def broken(root):
    path = root / "catalogue/kpis/umsatzwachstum.yaml"
    text = (
        path.read_text()
        .replace("kra: vertrieb", "kra: nix")
        .replace("owner: kam_team", "owner: umsatz")
    )
    path.write_text(text)
    write_entry(
        root,
        "terms/evil.yaml",
        """
        id: evil
        name: "<img src=x onerror=alert(1)> | @boss"
        definition: "[klick](javascript:alert(1))"
        relatedd: []
        """,
    )


def run(root, fmt):
    return CliRunner().invoke(
        cli, ["check", "--root", str(root), "--format", fmt, "--today", "2026-11-23"]
    )


def test_sarif_structure(tmp_path):
    repo = make_repo(tmp_path / "mono", sub="katalog")
    broken(repo.root)
    result = run(repo.root, "sarif")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["version"] == "2.1.0" and data["$schema"].endswith("sarif-2.1.0.json")
    (run_,) = data["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "kpicat" and driver["version"]
    rules = driver["rules"]
    assert [r["id"] for r in rules] == [r.code for r in all_rules()]
    for rule in rules:
        assert {
            "id",
            "name",
            "shortDescription",
            "fullDescription",
            "help",
            "defaultConfiguration",
        } <= set(rule)
        assert rule["shortDescription"]["text"] and rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note", "none")
    ids = [r["id"] for r in rules]
    results = run_["results"]
    assert results
    for res in results:
        assert res["ruleId"] in ids
        assert ids[res["ruleIndex"]] == res["ruleId"]
        assert res["level"] in ("error", "warning", "note")
        assert res["message"]["text"]
        loc = res["locations"][0]["physicalLocation"]
        # repository-relative, although the catalogue sits in a subfolder
        assert loc["artifactLocation"]["uri"].startswith("katalog/catalogue/")
        assert loc["artifactLocation"]["uriBaseId"] == "SRCROOT"
        assert loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] >= 1
    wrong_kind = [r for r in results if r["ruleId"] == "KC102"]
    assert wrong_kind and wrong_kind[0]["relatedLocations"][0]["physicalLocation"][
        "artifactLocation"
    ]["uri"].startswith("katalog/catalogue/measures/umsatz.yaml")


def test_sarif_clean_catalogue_has_rules_and_no_results(catalogue_root):
    result = run(catalogue_root, "sarif")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["runs"][0]["results"] == []
    assert len(data["runs"][0]["tool"]["driver"]["rules"]) == len(all_rules())


def test_markdown_report(catalogue_root):
    broken(catalogue_root)
    result = run(catalogue_root, "markdown")
    assert result.exit_code == 1
    text = result.output
    assert text.startswith("### kpicat check\n\n**🔴")
    assert "#### `catalogue/kpis/umsatzwachstum.yaml`" in text
    assert "| Line | Level | Rule | Message |" in text
    assert "<img" not in text and "](javascript" not in text and "@boss" not in text


def test_markdown_clean(catalogue_root):
    result = run(catalogue_root, "markdown")
    assert result.exit_code == 0
    assert "no problems" in result.output


def test_markdown_report_carries_no_control_or_bidi_characters(catalogue_root):
    # a field name that is reported as written, with a right-to-left override, an
    # isolate and a bell in it: a review comment must not read differently from the file
    write_entry(
        catalogue_root,
        "terms/trojan.yaml",
        """
        id: trojan
        name: Trojaner
        definition: Ein Begriff.
        "sou\\u202erces\\u2066\\a": []
        """,
    )
    result = run(catalogue_root, "markdown")
    assert result.exit_code == 1
    assert "terms/trojan.yaml" in result.output
    assert "sou" in result.output
    for char in ("\u202e", "\u2066", "\a"):
        assert char not in result.output, repr(char)
