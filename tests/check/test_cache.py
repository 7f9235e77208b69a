"""The warm cache: a second check gives the diagnostics of a cold one, only faster.

Every comparison is against a check without the cache on the same tree, after
edits, renames and deletions, and with a damaged or foreign cache file.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from kpicat.check import run_check
from kpicat.check.cache import SHARDS, cache_file, shard_file
from kpicat.core.result import CheckResult
from tests.conftest import REPO, TODAY

KPICAT = str(Path(shutil.which("kpicat") or REPO / ".venv" / "bin" / "kpicat"))


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """The shipped catalogue, copied: real entries of every kind."""
    shutil.copytree(REPO / "catalogue", tmp_path / "catalogue")
    shutil.copy(REPO / "kpicat.yaml", tmp_path / "kpicat.yaml")
    return tmp_path


def cold(root: Path) -> CheckResult:
    return run_check(root, today=TODAY, cache=False)


def warm(root: Path) -> CheckResult:
    return run_check(root, today=TODAY, cache=True)


def same(root: Path) -> CheckResult:
    """A warm check whose diagnostics equal a cold check's, on the tree as it is now."""
    result = warm(root)
    assert result.diagnostics == cold(root).diagnostics
    assert len(result.catalogue.entries) == len(cold(root).catalogue.entries)
    return result


def note(result: CheckResult) -> str:
    return next(n for n in result.notes if n.startswith("cache "))


def test_unchanged_tree_reuses_everything(tree):
    first = same(tree)
    assert "0 files from the cache" in note(first)
    assert cache_file(tree).is_file()
    second = same(tree)
    assert "0 parsed" in note(second) and "diagnostics reused" in note(second)
    # a reused result still has the catalogue for reporters and the site
    assert {e.id for e in second.catalogue.entries} == {e.id for e in first.catalogue.entries}
    assert (tree / ".kpicat_cache" / ".gitignore").read_text().endswith("*\n")


def test_edits_renames_and_deletions(tree):
    same(tree)
    kpis = tree / "catalogue" / "kpis"
    churn = kpis / "churn_rate.yaml"
    churn.write_text(churn.read_text().replace("unit: percent", "unit: Prozent"))
    edited = same(tree)
    assert "1 parsed" in note(edited) and "rules ran" in note(edited)
    assert "KC204" in {d.code for d in edited.diagnostics}
    (kpis / "roas.yaml").rename(kpis / "roas_neu.yaml")  # id no longer matches the file
    renamed = same(tree)
    assert "KC016" in {d.code for d in renamed.diagnostics}
    measure = next((tree / "catalogue" / "measures").glob("*.yaml"))
    measure.unlink()  # whoever reads it now reads nothing
    deleted = same(tree)
    assert {"KC101", "KC202"} & {d.code for d in deleted.diagnostics}
    (tree / "catalogue" / "terms" / "broken.yaml").write_text("id: [unclosed\n")
    broken = same(tree)
    assert "KC001" in {d.code for d in broken.diagnostics}
    assert "KC001" in {d.code for d in same(tree).diagnostics}  # a load error, from the cache
    churn.write_text(churn.read_text().replace("unit: Prozent", "unit: percent"))
    assert "KC204" not in {d.code for d in same(tree).diagnostics}


def test_another_day_or_config_checks_again(tree):
    same(tree)
    later = run_check(tree, today=TODAY.replace(year=2028), cache=True)
    assert "rules ran" in note(later)
    assert later.diagnostics == run_check(tree, today=TODAY.replace(year=2028)).diagnostics
    config = tree / "kpicat.yaml"
    config.write_text(config.read_text() + "rules: {KC308: error}\n")
    changed = same(tree)
    assert "another kpicat" in note(changed)  # written for the old settings: not used


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: blob[: len(blob) // 2],  # truncated
        lambda blob: blob[:-10] + b"0123456789",  # flipped bytes: checksum fails
        lambda blob: b"garbage",
        lambda blob: b"",
    ],
)
def test_a_damaged_cache_is_ignored_and_rebuilt(tree, damage):
    same(tree)
    path = cache_file(tree)
    path.write_bytes(damage(path.read_bytes()))
    rebuilt = same(tree)
    assert "0 files from the cache" in note(rebuilt)
    assert "diagnostics reused" in note(same(tree))


def test_a_cache_that_cannot_be_written_changes_nothing(tree):
    (tree / ".kpicat_cache").write_text("a file where the folder should be")
    result = same(tree)
    assert any(n.startswith("cache not written") for n in result.notes)


def test_cli_no_cache_and_cache_dir(tree, tmp_path_factory):
    args = [KPICAT, "check", "--root", str(tree), "--today", TODAY.isoformat(), "--verbose"]
    off = subprocess.run([*args, "--no-cache"], capture_output=True, text=True, check=False)
    assert off.returncode == 0, off.stderr
    assert not (tree / ".kpicat_cache").exists()
    assert "cache" not in off.stderr
    elsewhere = tmp_path_factory.mktemp("cache")
    env = {"PATH": "/usr/bin:/bin", "KPICAT_CACHE_DIR": str(elsewhere), "KPICAT_LANG": "en"}
    for _ in range(2):
        on = subprocess.run(args, capture_output=True, text=True, check=False, env=env)
        assert on.returncode == 0, on.stderr
        assert on.stdout == off.stdout
    assert "diagnostics reused" in on.stderr
    assert not (tree / ".kpicat_cache").exists()
    heads = [p for p in elsewhere.glob("check-*.marshal") if ".files-" not in p.name]
    assert len(heads) == 1  # one catalogue, one cache (and its shards beside it)
    assert {p.name for p in elsewhere.iterdir()} <= {heads[0].name} | {
        shard_file(heads[0], n).name for n in range(SHARDS)
    }


def codes(result: CheckResult) -> set[str]:
    return {d.code for d in result.diagnostics}


def test_kept_rule_findings_follow_edits_renames_and_deletions(tree):
    """Findings of rules that read one file (KC308, KC405) are kept per file, and KC303
    compares only new names with the others: after each change below, a warm check
    reports exactly what a cold one does, including suppressions (KC502)."""
    kpis = tree / "catalogue" / "kpis"
    churn = kpis / "churn_rate.yaml"
    text = churn.read_text()
    same(tree)
    twin = kpis / "churn_rate_neu.yaml"  # a near-duplicate name without English texts
    twin.write_text(
        text.replace("id: churn_rate", "id: churn_rate_neu")
        .replace("de: Churn-Rate", "de: Churn-Rathe")
        .replace("en: Churn rate", "de_at: x")
    )
    added = same(tree)
    assert "1 parsed" in note(added)
    assert {"KC303", "KC308"} <= codes(added)
    assert any(
        d.code == "KC303" and d.file.endswith("churn_rate_neu.yaml") for d in added.diagnostics
    )
    twin.write_text(twin.read_text().replace("Churn-Rathe", "Churn-Quote Neu"))  # no twin now
    renamed_name = same(tree)
    assert not any(d.code == "KC303" and "Churn" in d.message for d in renamed_name.diagnostics)
    twin.write_text(
        twin.read_text() + "lint:\n  ignore:\n    KC308: English follows\n    KC405: n/a\n"
    )
    suppressed = same(tree)
    assert any(
        d.code == "KC502" and d.file.endswith("churn_rate_neu.yaml") for d in suppressed.diagnostics
    )
    assert not any(
        d.code == "KC308" and d.file.endswith("churn_rate_neu.yaml") for d in suppressed.diagnostics
    )
    moved = kpis / "churn_rate_zwei.yaml"
    twin.rename(moved)  # same bytes, another file: kept findings are keyed by the path too
    after_move = same(tree)
    assert "KC016" in codes(after_move)
    assert not any(d.file.endswith("churn_rate_neu.yaml") for d in after_move.diagnostics)
    churn.write_text(text.replace("last_reviewed: '2026-11-20'", "last_reviewed: '2020-01-01'"))
    assert "KC405" in codes(same(tree))
    moved.unlink()
    churn.write_text(text)
    assert same(tree).diagnostics == cold(tree).diagnostics


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: blob[: len(blob) // 2],
        lambda blob: blob[:-10] + b"0123456789",
        lambda blob: None,  # deleted
    ],
)
def test_a_damaged_shard_costs_only_its_own_files_a_parse(tree, damage):
    same(tree)
    shard = shard_file(cache_file(tree), 3)
    blob = damage(shard.read_bytes())
    if blob is None:
        shard.unlink()
    else:
        shard.write_bytes(blob)
    result = same(tree)
    hits, parsed = (
        int(n) for n in re.findall(r"(\d+) (?:files from the cache|parsed)", note(result))
    )
    assert 0 < parsed < hits
    assert shard.is_file() and "0 parsed" in note(same(tree))


def test_one_edited_file_rewrites_at_most_two_shards(tree):
    """The shard its old bytes were in, and the one its new bytes land in."""
    same(tree)
    head = cache_file(tree)
    before = {n: shard_file(head, n).stat().st_mtime_ns for n in range(SHARDS)}
    path = tree / "catalogue/kpis/churn_rate.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    time.sleep(0.01)
    assert "1 parsed" in note(same(tree))
    after = {n: shard_file(head, n).stat().st_mtime_ns for n in range(SHARDS)}
    assert 1 <= sum(before[n] != after[n] for n in range(SHARDS)) <= 2


def test_a_formula_rewritten_to_anothers_meaning_is_found_warm_as_cold(tree):
    """Canonical spellings are kept by formula text: a new text is spelled anew."""
    same(tree)
    path = tree / "catalogue/kpis/anzahl_beschwerden.yaml"
    text = path.read_text(encoding="utf-8")
    old = "formula: beschwerden / anzahl_key_accounts"
    assert old in text
    path.write_text(text.replace(old, "formula: angebote * (1 / anzahl_key_accounts)"))
    result = same(tree)
    assert "KC301" in codes(result)


def test_kept_spellings_of_another_shape_are_ignored():
    from kpicat.rules.engine import _known_canonical

    assert _known_canonical({"a / b": "a/b", "c": None}) == {"a / b": "a/b", "c": None}
    for junk in (None, [], {"a": 1}, {1: "x"}, "a/b"):
        assert _known_canonical(junk) == {}


def test_kept_parse_trees_spare_the_parse_of_unchanged_formulas(tree, monkeypatch):
    """Parse trees are kept by formula text: after one formula changed, only it is parsed."""
    import kpicat.formula as fx

    same(tree)
    path = tree / "catalogue/kpis/anzahl_beschwerden.yaml"
    text = path.read_text(encoding="utf-8")
    old = "formula: beschwerden / anzahl_key_accounts"
    path.write_text(text.replace(old, "formula: beschwerden / anzahl_key_accounts * 1"))
    parsed: list[str] = []
    real = fx.parse_shared

    def counted(formula: str):
        parsed.append(formula)
        return real(formula)

    monkeypatch.setattr(fx, "parse_shared", counted)
    result = warm(root=tree)
    assert result.catalogue.formulas.parsed["anzahl_beschwerden"] == fx.parse(
        "beschwerden / anzahl_key_accounts * 1"
    )
    assert len(result.catalogue.formulas.parsed) > 20
    assert set(parsed) == {"beschwerden / anzahl_key_accounts * 1"}
    monkeypatch.undo()
    assert result.diagnostics == cold(tree).diagnostics


def test_kept_trees_of_another_shape_are_ignored():
    from kpicat.formula import parse, to_plain
    from kpicat.rules.engine import _known_trees

    good = {"a / b": to_plain(parse("a / b"))}
    assert _known_trees(good) == {"a / b": parse("a / b")}
    for junk in (None, [], {"a": 1}, {"a / b": (9, "x")}, {**good, "c": (1, "c")}):
        assert _known_trees(junk) == {}
