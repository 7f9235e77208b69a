"""The catalogue's history from git (kpicat.diff.history) on real repositories."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpicat.check import load_config
from kpicat.diff.history import History, catalogue_history
from tests.gitrepo import git

KPI = "kpis/umsatz_pro_account.yaml"
KPI_FILE = f"catalogue/{KPI}"


def history(root: Path) -> History:
    return catalogue_history(root, load_config(root)[0])


def commit_as(repo, author: str, message: str) -> str:
    repo.git("add", "-A")
    repo.git("commit", "-q", "--author", author, "-m", message)
    return repo.git("rev-parse", "HEAD").strip()


def test_two_formula_changes_are_both_shown_newest_first(repo):
    repo.edit(KPI, "formula: umsatz / anzahl_accounts", "formula: umsatz / (anzahl_accounts + 1)")
    first = commit_as(repo, "Ana Muster <ana@example.com>", "Formel: Accounts plus eins")
    repo.edit(KPI, "formula: umsatz / (anzahl_accounts + 1)", "formula: umsatz * 2")
    second = commit_as(repo, "Ben Beispiel <ben@example.com>", "Formel verdoppelt")
    events = history(repo.root).of(KPI_FILE)
    assert [e.commit for e in events[:2]] == [second, first]
    assert [(e.author, e.subject) for e in events[:2]] == [
        ("Ben Beispiel", "Formel verdoppelt"),
        ("Ana Muster", "Formel: Accounts plus eins"),
    ]
    assert events[0].change.formula == ("umsatz / (anzahl_accounts + 1)", "umsatz * 2")
    assert events[1].change.formula == (
        "umsatz / anzahl_accounts",
        "umsatz / (anzahl_accounts + 1)",
    )
    assert events[0].change.breaking  # the diff engine's classification comes along
    assert events[-1].change.change == "added"  # the base catalogue's first commit
    assert events[0].date.tzinfo is not None


def test_semantic_fields_unit_status_owner_target(repo):
    repo.edit(KPI, "status: active", "status: deprecated")
    repo.edit(KPI, "target: {value: 250000}", "target: {value: 300000}")
    repo.commit("Zielwert und Status")
    (change,) = [e.change for e in history(repo.root).of(KPI_FILE) if e.change.change == "changed"]
    fields = {f.dotted: (f.before, f.after) for f in change.fields}
    assert fields["status"] == ("active", "deprecated")
    assert fields["target.value"] == (250000, 300000)
    assert change.status == ("active", "deprecated")


def test_formatting_only_commit_is_no_change(repo):
    path = repo.path(KPI)
    path.write_text("# a comment\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    repo.commit("Kommentar")
    assert [e.change.change for e in history(repo.root).of(KPI_FILE)] == ["added"]


def test_rename_keeps_the_older_history_under_the_new_file(repo):
    repo.edit(KPI, "formula: umsatz / anzahl_accounts", "formula: umsatz / anzahl_accounts * 1")
    repo.commit("vor dem Umbenennen")
    repo.git("mv", KPI_FILE, "catalogue/kpis/umsatz_je_account.yaml")
    repo.edit("kpis/umsatz_je_account.yaml", "id: umsatz_pro_account", "id: umsatz_je_account")
    repo.commit("umbenannt")
    found = history(repo.root)
    events = found.of("catalogue/kpis/umsatz_je_account.yaml")
    assert [e.subject for e in events] == ["umbenannt", "vor dem Umbenennen", "base catalogue"]
    assert events[0].change.change == "renamed"
    assert events[0].change.old_id == "umsatz_pro_account"
    assert found.of(KPI_FILE) == []


def test_deletion_is_an_event_with_the_last_name(repo):
    repo.git("rm", "-q", KPI_FILE)
    repo.commit("KPI entfernt")
    latest = history(repo.root).latest(1)
    assert latest[0].change.change == "removed"
    assert latest[0].change.name == "Umsatz pro Key Account"  # kpicat.yaml: languages [de, en]
    assert latest[0].file == KPI_FILE


def test_catalogue_in_a_subfolder(repo_factory):
    repo = repo_factory("mono", sub="kennzahlen")
    repo.edit(KPI, "unit: EUR/count", "unit: EUR")
    repo.commit("Einheit")
    events = history(repo.root).of(KPI_FILE)
    assert events[0].change.fields[0].dotted == "unit"


def test_shallow_clone_has_no_history(repo, tmp_path):
    repo.edit(KPI, "formula: umsatz / anzahl_accounts", "formula: umsatz * 2")
    repo.commit("zweiter Stand")
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo.top}", str(clone))
    found = history(clone)
    assert found.events == [] and "shallow" in (found.unavailable or "")


def test_no_repository_no_commits_no_git(tmp_path, monkeypatch):
    plain = tmp_path / "plain"
    (plain / "catalogue").mkdir(parents=True)
    assert history(plain).events == [] and history(plain).unavailable
    git(plain, "init", "-q")
    assert history(plain).events == [] and history(plain).unavailable  # no commit yet
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    found = history(plain)
    assert found.events == [] and "not installed" in (found.unavailable or "")


def test_one_log_and_one_cat_file_whatever_the_size(repo, request):
    for n in range(5):
        repo.edit(KPI, "target: {value: 25000" + str(n), "target: {value: 25000" + str(n + 1))
        repo.commit(f"Ziel {n}")
    git_calls = request.getfixturevalue("git_calls")  # counts from here on
    assert len(history(repo.root).of(KPI_FILE)) == 6
    assert git_calls.count("log") == 1 and git_calls.count("cat-file") == 1
    assert len(git_calls) <= 4, git_calls


@pytest.mark.parametrize(
    "subject", ["<img src=x onerror=alert(1)>", "a\x1fb\x1ec", "**fett** [x](y)"]
)
def test_commit_text_arrives_verbatim(repo, subject):
    repo.edit(KPI, "unit: EUR/count", "unit: EUR")
    commit_as(repo, "Eve <eve@example.com>", subject)
    assert history(repo.root).latest(1)[0].subject == subject
