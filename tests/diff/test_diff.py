"""kpicat diff against real git repositories: matching, classification, formats, exit codes."""

from __future__ import annotations

import json

import pytest

from tests.gitrepo import change, run_script

INDEX_KPI = """
    id: {id}
    name: {{de: {name}, en: {name}}}
    definition: {{de: Ein Index., en: An index.}}
    formula: {formula}
    unit: EUR/count
    type: {{indicator: output, nature: financial}}
    category: revenue
    kra: vertrieb
    owner: kam_team
    status: {status}
    period: quarterly
"""


def add_kpi(repo, entry_id, formula, status="active", name="Index"):
    repo.write(
        f"kpis/{entry_id}.yaml",
        INDEX_KPI.format(id=entry_id, formula=formula, status=status, name=name),
    )


@pytest.fixture
def chain(repo):
    """umsatz_pro_account <- index_a <- index_b: dependents two levels deep."""
    add_kpi(repo, "index_a", "umsatz_pro_account * 2")
    add_kpi(repo, "index_b", "index_a + 1")
    repo.commit("dependents")
    return repo


def test_no_changes(repo):
    result = repo.diff("main")
    assert result.exit_code == 0, result.output
    assert "no catalogue entries changed" in result.output


def test_new_proposed_kpi_is_not_breaking(repo):
    add_kpi(repo, "neu_kpi", "umsatz / anzahl_accounts", status="proposed")
    code, data = repo.diff_json("main")
    assert code == 0
    entry = change(data, "neu_kpi")
    assert entry["change"] == "added" and not entry["breaking"]
    assert entry["formula"] == {"before": None, "after": "umsatz / anzahl_accounts"}
    assert data["summary"]["added"] == 1


def test_wording_change_per_language(repo):
    repo.edit(
        "kpis/umsatz_pro_account.yaml",
        "en: Average revenue per key account.",
        "en: Mean revenue per account.",
    )
    code, data = repo.diff_json("main")
    assert code == 0
    entry = change(data, "umsatz_pro_account")
    assert entry["change"] == "changed" and not entry["breaking"]
    assert entry["fields"] == [
        {
            "field": "definition.en",
            "op": "changed",
            "before": "Average revenue per key account.",
            "after": "Mean revenue per account.",
        }
    ]


def test_plain_string_becomes_mapping_compares_per_language(repo):
    repo.edit("kras/vertrieb.yaml", "name: {de: Vertrieb, en: Sales}", "name: Vertrieb")
    repo.commit("plain name")
    repo.edit("kras/vertrieb.yaml", "name: Vertrieb", "name: {de: Vertrieb, en: Sales}")
    code, data = repo.diff_json("HEAD")
    assert code == 0
    assert change(data, "vertrieb")["fields"] == [
        {"field": "name.en", "op": "added", "after": "Sales"}
    ]


def test_formula_change_is_breaking_with_transitive_dependents(chain):
    chain.edit(
        "kpis/umsatz_pro_account.yaml",
        "formula: umsatz / anzahl_accounts",
        "formula: umsatz / (anzahl_accounts + 1)",
    )
    code, data = chain.diff_json("main")
    assert code == 1
    entry = change(data, "umsatz_pro_account")
    assert entry["breaking"] and not entry["acknowledged"]
    assert "formula" in entry["reasons"][0]
    assert entry["formula"] == {
        "before": "umsatz / anzahl_accounts",
        "after": "umsatz / (anzahl_accounts + 1)",
    }
    assert entry["dependents"] == ["index_a", "index_b"]
    assert "version: 2" in entry["hint"]
    assert data["summary"]["unacknowledged"] == 1


def test_same_meaning_formula_is_not_breaking(chain):
    chain.edit(
        "kpis/umsatz_pro_account.yaml",
        "formula: umsatz / anzahl_accounts",
        "formula: (umsatz) / anzahl_accounts",
    )
    code, data = chain.diff_json("main")
    assert code == 0
    entry = change(data, "umsatz_pro_account")
    assert not entry["breaking"]
    assert any("same meaning" in note for note in entry["notes"])


def test_version_bump_acknowledges(chain):
    path = "kpis/umsatz_pro_account.yaml"
    chain.edit(path, "formula: umsatz / anzahl_accounts", "formula: umsatz / (anzahl_accounts + 1)")
    chain.edit(path, "review_every: 6", "review_every: 6\nversion: 2")
    result = chain.diff("main")
    assert result.exit_code == 0, result.output
    assert "ACKNOWLEDGED" in result.output
    _code, data = chain.diff_json("main")
    entry = change(data, "umsatz_pro_account")
    assert entry["breaking"] and entry["acknowledged"]
    assert entry["version"] == {"before": None, "after": 2}
    assert data["summary"]["acknowledged"] == 1 and data["summary"]["unacknowledged"] == 0


@pytest.mark.parametrize(
    ("old", "new", "word"),
    [
        ("unit: EUR/count", "unit: EUR", "unit"),
        (
            "type: {indicator: output, nature: financial}",
            "type: {indicator: input, nature: financial}",
            "indicator",
        ),
        (
            "type: {indicator: output, nature: financial}",
            "type: {indicator: output, nature: non_financial}",
            "nature",
        ),
        ("kra: vertrieb", "kra: service", "Key Result Area"),
        ("status: active", "status: retired", "deprecated first"),
    ],
)
def test_meaning_changes_of_an_active_kpi_are_breaking(repo, old, new, word):
    repo.write(
        "kras/service.yaml",
        "id: service\nname: Service\ndefinition: Kunden betreuen.\nowner: kam_team\n",
    )
    repo.commit("second kra")
    repo.edit("kpis/umsatz_pro_account.yaml", old, new)
    code, data = repo.diff_json("main")
    assert code == 1
    entry = change(data, "umsatz_pro_account")
    assert any(word in reason for reason in entry["reasons"]), entry


def test_meaning_change_of_a_proposed_kpi_is_not_breaking(repo):
    add_kpi(repo, "idee", "umsatz / anzahl_accounts", status="proposed")
    repo.commit("proposal")
    repo.edit("kpis/idee.yaml", "unit: EUR/count", "unit: EUR")
    code, data = repo.diff_json("main")
    assert code == 0 and not change(data, "idee")["breaking"]


def test_promotion_is_not_breaking(repo):
    add_kpi(repo, "idee", "umsatz / anzahl_accounts", status="proposed")
    repo.commit("proposal")
    repo.edit("kpis/idee.yaml", "status: proposed", "status: active")
    code, data = repo.diff_json("main")
    assert code == 0
    assert "promoted from proposed to active" in change(data, "idee")["notes"]


def test_removing_an_active_kpi_is_breaking(chain):
    chain.path("kpis/index_b.yaml").unlink()
    code, data = chain.diff_json("main")
    assert code == 1
    entry = change(data, "index_b")
    assert entry["change"] == "removed" and "deprecated first" in entry["reasons"][0]


def test_deprecate_then_remove_is_not_breaking(chain):
    first = chain.git("rev-parse", "HEAD").strip()
    chain.edit("kpis/index_b.yaml", "status: active", "status: deprecated\nreplaced_by: index_a")
    second = chain.commit("deprecate index_b")
    code, data = chain.diff_json(first, second)
    assert code == 0
    assert "deprecated, replaced by index_a" in change(data, "index_b")["notes"]
    chain.path("kpis/index_b.yaml").unlink()
    third = chain.commit("remove index_b")
    code, data = chain.diff_json(second, third)
    assert code == 0
    assert change(data, "index_b")["change"] == "removed"


def test_rename_without_replaced_by_is_breaking(chain):
    chain.git("mv", "catalogue/kpis/index_b.yaml", "catalogue/kpis/index_zwei.yaml")
    chain.edit("kpis/index_zwei.yaml", "id: index_b", "id: index_zwei")
    code, data = chain.diff_json("main")
    assert code == 1
    entry = change(data, "index_zwei")
    assert entry["change"] == "renamed" and entry["old_id"] == "index_b"
    assert entry["old_file"] == "catalogue/kpis/index_b.yaml"
    assert "replaced_by" in entry["reasons"][0]
    assert entry["fields"] == []
    assert data["summary"] == {**data["summary"], "renamed": 1, "added": 0, "removed": 0}


def test_rename_with_changes_and_version_bump_is_acknowledged(chain):
    chain.git("mv", "catalogue/kpis/index_b.yaml", "catalogue/kpis/index_zwei.yaml")
    chain.edit("kpis/index_zwei.yaml", "id: index_b", "id: index_zwei\nversion: 2")
    code, data = chain.diff_json("main")
    assert code == 0
    entry = change(data, "index_zwei")
    assert entry["change"] == "renamed" and entry["acknowledged"]


def test_rename_keeping_the_old_entry_deprecated_is_not_breaking(chain):
    add_kpi(chain, "index_neu", "index_a + 1")
    chain.edit("kpis/index_b.yaml", "status: active", "status: deprecated\nreplaced_by: index_neu")
    code, data = chain.diff_json("main")
    assert code == 0, data
    assert "replaces index_b" in change(data, "index_neu")["notes"]


def test_renamed_measure_lists_dependents(repo):
    repo.git("mv", "catalogue/measures/umsatz.yaml", "catalogue/measures/nettoumsatz.yaml")
    repo.edit("measures/nettoumsatz.yaml", "id: umsatz", "id: nettoumsatz")
    code, data = repo.diff_json("main")
    entry = change(data, "nettoumsatz")
    assert entry["change"] == "renamed" and not entry["breaking"]
    assert entry["dependents"] == ["umsatz_pro_account", "umsatzwachstum"]
    assert code == 0


def test_working_tree_includes_uncommitted_files(repo):
    add_kpi(repo, "unversioniert", "umsatz / anzahl_accounts", status="proposed")
    assert change(repo.diff_json("main")[1], "unversioniert")["change"] == "added"
    # between two commits the untracked file does not count
    assert repo.diff_json("main", "main")[1]["changes"] == []


def test_two_revisions(repo):
    base = repo.git("rev-parse", "HEAD").strip()
    repo.edit(
        "terms/key_account.yaml",
        "Ein besonders wichtiger Kunde.",
        "Ein strategisch wichtiger Kunde.",
    )
    head = repo.commit("wording")
    repo.edit("terms/key_account.yaml", "Ein strategisch wichtiger Kunde.", "uncommitted")
    code, data = repo.diff_json(base, head)
    assert code == 0
    assert change(data, "key_account")["fields"][0]["after"] == "Ein strategisch wichtiger Kunde."
    assert data["summary"]["base_commit"] == base and data["summary"]["head_commit"] == head


def test_catalogue_in_a_subfolder(repo_factory):
    sub = repo_factory("mono", sub="kpi-katalog")
    sub.edit("kpis/umsatz_pro_account.yaml", "unit: EUR/count", "unit: EUR")
    code, data = sub.diff_json("main")
    assert code == 1
    assert change(data, "umsatz_pro_account")["file"] == "catalogue/kpis/umsatz_pro_account.yaml"


def test_unreadable_file_is_a_problem_not_a_removal(repo):
    repo.path("kpis/umsatzwachstum.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    code, data = repo.diff_json("main")
    assert code == 0
    assert data["changes"] == []
    assert "umsatzwachstum.yaml could not be read" in data["problems"][0]


def test_unknown_revision_exits_2(repo):
    result = repo.diff("no-such-branch")
    assert result.exit_code == 2
    assert "unknown revision 'no-such-branch'" in result.output


@pytest.mark.parametrize("name", ["--output=/tmp/x", "-h", "main\nHEAD"])
def test_option_like_revisions_are_refused(repo, name):
    from click.testing import CliRunner

    from kpicat.cli import cli

    result = CliRunner().invoke(cli, ["diff", "--root", str(repo.root), "--", name])
    assert result.exit_code == 2
    assert "revision" in result.output


def test_not_a_git_repository_exits_2(tmp_path, catalogue_root):
    result = run_script("diff", "main", cwd=catalogue_root)
    assert result.returncode == 2
    assert "not inside a git repository" in result.stderr


def test_console_script_exit_codes(chain):
    chain.edit(
        "kpis/index_a.yaml", "formula: umsatz_pro_account * 2", "formula: umsatz_pro_account * 3"
    )
    proc = run_script("diff", "main", cwd=chain.root)
    assert proc.returncode == 1, proc.stderr
    assert "BREAKING  KPI index_a changed" in proc.stdout
    assert "affects (transitively): index_b (Index)" in proc.stdout
    proc = run_script("diff", "main", "main", cwd=chain.root)
    assert proc.returncode == 0
    proc = run_script("diff", "nope", cwd=chain.root)
    assert proc.returncode == 2 and "unknown revision" in proc.stderr


def test_markdown_report(chain):
    chain.edit(
        "kpis/index_a.yaml", "formula: umsatz_pro_account * 2", "formula: umsatz_pro_account * 3"
    )
    add_kpi(chain, "neu", "umsatz / anzahl_accounts", status="proposed", name="Neu")
    result = chain.diff("main", "--format", "markdown")
    assert result.exit_code == 1
    text = result.output
    table = text.index("| | Entry | Kind | Change | What changed |")
    assert table < text.index("<details")
    assert text.index("`index_a`") < text.index("`neu`")  # breaking first
    assert "```text\numsatz_pro_account * 2\n```" in text
    assert "```text\numsatz_pro_account * 3\n```" in text
    assert "Affected KPIs" in text and "`index_b`" in text


def test_markdown_escapes_catalogue_text(repo):
    evil = '"<script>alert(1)</script> [x](javascript:alert(1)) @boss #1 | ``` **b**"'
    add_kpi(repo, "evil", "umsatz / anzahl_accounts", status="proposed", name=evil)
    repo.edit("kpis/evil.yaml", "formula: umsatz / anzahl_accounts", 'formula: "a ``` b"')
    text = repo.diff("main", "--format", "markdown").output
    assert "<script>" not in text
    assert "](javascript" not in text
    assert "@boss" not in text
    assert "**b**" not in text
    assert "````text\na ``` b\n````" in text
    for line in text.splitlines():
        if line.startswith("| 🟢"):
            assert line.count("|") - line.count("\\|") == 6, line


def test_markdown_strips_control_and_bidi_characters(repo):
    # an entry name with a right-to-left override, an isolate and a bell: the pull-request
    # comment must show the name as it reads, not reordered or with hidden characters
    trojan = '"Umsatz \\u202eznasmU\\u2066 je \\a Account"'
    add_kpi(repo, "trojan", "umsatz / anzahl_accounts", status="proposed", name=trojan)
    repo.edit(
        "kpis/trojan.yaml", "formula: umsatz / anzahl_accounts", 'formula: "umsatz\\u202e / 2"'
    )
    text = repo.diff("main", "--format", "markdown").output
    assert "trojan" in text and "Umsatz" in text
    for char in ("\u202e", "\u2066", "\a"):
        assert char not in text, repr(char)


def test_markdown_stays_within_comment_size(repo):
    for number in range(400):
        add_kpi(
            repo, f"kpi_{number:03d}", "umsatz / anzahl_accounts", status="proposed", name="x" * 150
        )
    text = repo.diff("main", "--format", "markdown").output
    assert len(text) < 65_536
    assert "not shown to stay within" in text


def test_json_shape(repo):
    repo.edit("kpis/umsatzwachstum.yaml", "period: quarterly", "period: monthly")
    _code, data = repo.diff_json("main")
    assert data["version"] == 1
    assert set(data) == {"version", "kpicat_version", "summary", "changes", "problems"}
    assert {"added", "removed", "renamed", "changed", "breaking", "unacknowledged"} <= set(
        data["summary"]
    )
    json.dumps(data)


def test_one_ls_tree_and_one_cat_file_per_revision(repo, request):
    for number in range(60):
        add_kpi(repo, f"kpi_{number:03d}", "umsatz / anzahl_accounts", status="proposed")
    base = repo.commit("many")
    for number in range(0, 60, 2):
        repo.edit(f"kpis/kpi_{number:03d}.yaml", "name: {de: Index", "name: {de: Kennzahl")
    head = repo.commit("wording")
    git_calls = request.getfixturevalue("git_calls")  # counts from here on
    from kpicat.diff import compare

    result = compare(repo.root, base, head)
    assert len(result.changes) == 30
    assert git_calls.count("ls-tree") == 2
    assert git_calls.count("cat-file") == 2
    assert len(git_calls) <= 7, git_calls


def test_rename_with_a_changed_field_is_still_a_rename(chain):
    chain.git("mv", "catalogue/kpis/index_b.yaml", "catalogue/kpis/index_zwei.yaml")
    chain.edit("kpis/index_zwei.yaml", "id: index_b", "id: index_zwei")
    chain.edit("kpis/index_zwei.yaml", "period: quarterly", "period: monthly")
    _code, data = chain.diff_json("main")
    entry = change(data, "index_zwei")
    assert entry["change"] == "renamed" and entry["old_id"] == "index_b"
    assert entry["fields"] == [
        {"field": "period", "op": "changed", "before": "quarterly", "after": "monthly"}
    ]


def test_granularity_of_an_active_kpi_first_stated_is_not_breaking_then_changed_is(repo):
    repo.edit(
        "kpis/umsatz_pro_account.yaml",
        "period: quarterly",
        "period: quarterly\ngranularity: account",
    )
    code, data = repo.diff_json("main")
    assert code == 0 and not change(data, "umsatz_pro_account")["breaking"]
    repo.commit("granularity stated")
    repo.edit("kpis/umsatz_pro_account.yaml", "granularity: account", "granularity: portfolio")
    code, data = repo.diff_json("HEAD")
    entry = change(data, "umsatz_pro_account")
    assert code == 1 and entry["breaking"]
    assert any("granularity" in reason and "portfolio" in reason for reason in entry["reasons"])
