"""Two cores give the same result as one, and a failing child costs only time."""

from __future__ import annotations

import os
import threading
import time

import pytest

from benchmarks.generate import generate
from kpicat.check import run_check
from kpicat.infra import parallel
from tests.conftest import TODAY
from tests.hang import no_hang


def test_in_parallel_returns_both_results():
    mine, theirs = parallel.in_parallel(lambda: os.getpid(), lambda: os.getpid())
    assert mine == os.getpid()
    assert theirs != mine  # computed in the child


PARENT = os.getpid()


def fails_in_child() -> str:
    if os.getpid() != PARENT:
        raise RuntimeError("boom")
    return "redone"


def test_a_failing_child_is_redone_here_and_reported():
    parallel.take_failures()
    assert parallel.in_parallel(lambda: 1, fails_in_child) == (1, "redone")
    (failure,) = parallel.take_failures()
    assert "RuntimeError: boom" in failure and "done here" in failure
    assert parallel.take_failures() == []


def test_a_hung_child_is_stopped_and_its_share_done_here():
    parent = os.getpid()

    def hangs_in_child() -> str:
        if os.getpid() != parent:
            time.sleep(3600)
        return "redone"

    parallel.take_failures()
    with no_hang(30):
        assert parallel.in_parallel(lambda: 1, hangs_in_child, patience=0.5) == (1, "redone")
    (failure,) = parallel.take_failures()
    assert "had not finished" in failure
    with pytest.raises(ChildProcessError):  # the child was reaped, not left behind
        os.waitpid(-1, os.WNOHANG)


def test_no_fork_with_threads_or_small_input(monkeypatch):
    monkeypatch.setenv("KPICAT_JOBS", "2")
    assert not parallel.can_fork(10)
    event = threading.Event()
    thread = threading.Thread(target=event.wait)
    thread.start()
    try:
        assert not parallel.can_fork(100_000)
    finally:
        event.set()
        thread.join()


@pytest.mark.slow
def test_parallel_check_equals_serial_check(tmp_path, monkeypatch):
    generate(tmp_path, kpis=1_800, terms=400)
    kpis = tmp_path / "catalogue" / "kpis"
    for name, old, new in [
        ("kpi_00010.yaml", "unit: percent", "unit: Prozent"),
        ("kpi_01500.yaml", "status: active", "status: aktiv"),
        ("kpi_01700.yaml", "kra: kra_", "kra: krx_"),
    ]:
        path = kpis / name
        path.write_text(path.read_text().replace(old, new))
    (kpis / "kpi_01799.yaml").write_text("id: [unclosed\n")
    # near-duplicate names in both languages: KC303 is split over both processes
    for name, twin in [("kpi_00030.yaml", "Kundenbesuche je Monat"), ("kpi_00031.yaml", None)]:
        path = kpis / name
        text = "Kundenbesuch je Monat" if twin is None else twin
        english = "Customer visits per month" + ("" if twin else "s")
        lines = path.read_text().splitlines()
        lines[1] = f"name: {{de: {text}, en: {english}}}"
        path.write_text("\n".join(lines) + "\n")
    monkeypatch.setenv("KPICAT_JOBS", "1")
    serial = run_check(tmp_path, today=TODAY)
    monkeypatch.setenv("KPICAT_JOBS", "2")
    assert parallel.can_fork(len(serial.catalogue.entries))
    forked = run_check(tmp_path, today=TODAY)
    assert forked.diagnostics == serial.diagnostics
    assert {d.code for d in serial.diagnostics} >= {"KC001", "KC012", "KC101", "KC204"}
    similar = [d for d in serial.diagnostics if d.code == "KC303"]
    assert {d.file for d in similar} >= {"catalogue/kpis/kpi_00031.yaml"}
    assert len({d.message.split("'")[1] for d in similar}) >= 2  # the German and English names
    # with the warm cache, written and read by both processes
    monkeypatch.setenv("KPICAT_CACHE_DIR", str(tmp_path / "cache"))
    assert run_check(tmp_path, today=TODAY, cache=True).diagnostics == serial.diagnostics
    path = kpis / "kpi_00500.yaml"
    path.write_text(path.read_text() + "# edited\n")
    warm = run_check(tmp_path, today=TODAY, cache=True)
    monkeypatch.setenv("KPICAT_JOBS", "1")
    assert warm.diagnostics == run_check(tmp_path, today=TODAY).diagnostics


def test_interleave_restores_the_order_of_every_other_item():
    for size in range(6):
        items = list(range(size))
        assert parallel.interleave(items[::2], items[1::2]) == items
