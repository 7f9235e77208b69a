"""The lean check (``kpicat check``): the same diagnostics while holding far less.

The local rules run as each file loads; afterwards an entry keeps only the fields
that other rules declare they read, and its file's bytes only as a way to read them
again for a finding's position.
"""

from __future__ import annotations

import json

import pytest

from benchmarks.grow import grow
from kpicat.check import run_check
from kpicat.infra import parallel
from kpicat.load import load_bytes
from kpicat.rules.engine import ENGINE_READS, enabled_rules, rule_levels
from tests.conftest import TODAY
from tests.gitrepo import run_script


def kept_fields() -> set[str]:
    rules = enabled_rules(rule_levels({}))
    return {*ENGINE_READS, *(read.split(".")[0] for r in rules if not r.local for read in r.reads)}


@pytest.mark.slow
def test_lean_on_two_cores_equals_the_full_check_on_a_neglected_catalogue(tmp_path, monkeypatch):
    # shaped like the shipped entries, with findings on most of them (benchmarks/grow.py)
    grow(tmp_path, kpis=1_500, terms=700, findings=True)
    # and findings of rules that run after loading, positioned from bytes read again
    kpis = sorted((tmp_path / "catalogue" / "kpis").glob("*.yaml"))
    for path, prefix, new in [
        (kpis[0], "kra: ", "kra: gibt_es_nicht"),  # KC101
        (kpis[1], "formula: ", "formula: unbekannte_groesse * 2"),  # KC202
        (kpis[2], "  de: ", "  de: Umsatz je Kunde"),  # KC302 with the next one
        (kpis[3], "  de: ", "  de: Umsatz je Kunde"),
    ]:
        lines = path.read_text(encoding="utf-8").splitlines()
        at = next(n for n, line in enumerate(lines) if line.startswith(prefix))
        lines[at] = new
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("KPICAT_JOBS", "1")
    full = run_check(tmp_path, today=TODAY)
    monkeypatch.setenv("KPICAT_JOBS", "2")
    assert parallel.can_fork(len(full.catalogue.entries))
    lean = run_check(tmp_path, today=TODAY, lean=True)
    assert lean.diagnostics == full.diagnostics
    assert len(lean.diagnostics) > len(full.catalogue.entries)  # findings on most entries
    codes = {d.code for d in lean.diagnostics}
    # local rules (run while loading) and the others (run afterwards on kept fields)
    assert {"KC308", "KC103", "KC405"} <= codes  # local rules, run while loading
    assert {"KC101", "KC202", "KC302"} <= codes  # the others, run afterwards
    assert parallel.take_failures() == []
    keep = kept_fields()
    for entry in lean.catalogue.entries:
        assert set(entry.data) <= keep
        assert entry.data is entry.doc.data
        assert "note" not in (entry.data.get("target") or {})  # only target's numbers are read
    assert any("definition" in entry.data for entry in full.catalogue.entries)
    assert any("note" in (entry.data.get("target") or {}) for entry in full.catalogue.entries)
    # with the warm cache (what ``kpicat check`` runs by default): written, then read after
    # an edit, on two cores, and lean each time
    monkeypatch.setenv("KPICAT_CACHE_DIR", str(tmp_path / "cache"))
    first = run_check(tmp_path, today=TODAY, cache=True, lean=True)
    assert first.diagnostics == full.diagnostics
    edited = kpis[10]
    edited.write_text(edited.read_text(encoding="utf-8") + "unknown_field: 1\n", encoding="utf-8")
    warm = run_check(tmp_path, today=TODAY, cache=True, lean=True)
    assert "1 parsed" in " ".join(warm.notes)
    monkeypatch.setenv("KPICAT_JOBS", "1")
    assert warm.diagnostics == run_check(tmp_path, today=TODAY).diagnostics
    assert all(set(entry.data) <= keep for entry in warm.catalogue.entries)
    assert parallel.take_failures() == []


def test_slim_keeps_whole_fields_and_only_the_read_keys_of_others(tmp_path):
    from kpicat.model import Kpi, keep_plan

    data = {
        "id": "x",
        "definition": {"de": "Lang", "en": "Long"},
        "target": {"value": 4, "note": {"de": "Warum"}},
        "examples": [{"inputs": {"a": 1}, "expected": 1, "note": "Text"}, "odd"],
        "formula": "a",
    }
    path = tmp_path / "x.yaml"
    path.write_text("id: x\n", encoding="utf-8")
    entry = Kpi(id="x", data=data, doc=load_bytes(path.read_bytes(), "x.yaml"))
    plan = keep_plan(["id", "formula", "target.value", "examples.inputs", "examples.expected"])
    assert plan["formula"] is None and plan["target"] == {"value"}
    assert keep_plan(["target.value", "target"])["target"] is None  # one whole reader wins
    entry.slim(plan, path.read_bytes)
    assert entry.data == {
        "id": "x",
        "target": {"value": 4},
        "examples": [{"inputs": {"a": 1}, "expected": 1}, "odd"],
        "formula": "a",
    }
    assert entry.doc.data is entry.data and entry.doc.raw == b"id: x\n"


def test_a_released_document_reads_its_positions_again(tmp_path):
    path = tmp_path / "x.yaml"
    text = "id: x\nname:\n  de: Umsatz\n  en: Revenue\nformula: a + b\n"
    path.write_text(text, encoding="utf-8")
    doc = load_bytes(path.read_bytes(), "x.yaml")
    before = doc.positions
    doc.release({"id": "x", "formula": "a + b"}, path.read_bytes)
    assert doc.positions == before
    assert doc.raw == text.encode()
    assert doc.offset_position(("formula",), 4) == (5, 14)
    assert doc.data == {"id": "x", "formula": "a + b"}


@pytest.mark.parametrize(
    "afterwards",
    [None, b"id: [unclosed\n", b"\xff\xfe not utf-8", b"name: other\n"],
    ids=["deleted", "broken-yaml", "not-utf-8", "edited"],
)
def test_a_released_file_changed_during_the_check_never_fails_it(tmp_path, afterwards):
    path = tmp_path / "x.yaml"
    path.write_text("id: x\nformula: a + b\n", encoding="utf-8")
    doc = load_bytes(path.read_bytes(), "x.yaml")
    doc.release({"id": "x", "formula": "a + b"}, path.read_bytes)
    if afterwards is None:
        path.unlink()
    else:
        path.write_bytes(afterwards)
    line, column = doc.positions.value(("formula",))
    assert line >= 1 and column >= 1
    assert doc.offset_position(("formula",), 4) >= (1, 1)


def test_the_console_script_reports_what_the_full_check_finds(catalogue_root):
    """``kpicat check`` runs lean; its report equals the full check, positions included."""
    (catalogue_root / "catalogue" / "kpis" / "broken.yaml").write_text(
        "id: broken\nname: Kaputt\nkra: gibt_es_nicht\n", encoding="utf-8"
    )
    full = run_check(catalogue_root, today=TODAY)
    done = run_script(
        "check", "--format", "json", "--no-cache", "--today", TODAY.isoformat(), cwd=catalogue_root
    )
    assert done.returncode == 1, done.stderr
    reported = json.loads(done.stdout)["diagnostics"]
    assert [(d["file"], d["line"], d["column"], d["code"]) for d in reported] == [
        (d.file, d.line, d.column, d.code) for d in full.diagnostics
    ]
    assert {d["code"] for d in reported} >= {"KC101", "KC011"}  # run after and while loading
