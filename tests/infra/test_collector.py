"""The cycle collector is paused during a check and comes back after it."""

from __future__ import annotations

import gc

import pytest

from kpicat.check import run_check
from kpicat.infra.collector import collector_paused
from tests.conftest import TODAY


def test_the_collector_is_back_after_the_block_even_when_it_fails():
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("a rule failed")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_check_leaves_the_collector_as_it_found_it(catalogue_root, monkeypatch):
    seen: list[bool] = []
    from kpicat.check import pipeline

    original = pipeline.run_rules

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return original(*args, **kwargs)

    monkeypatch.setattr(pipeline, "run_rules", spy)
    result = run_check(catalogue_root, today=TODAY)
    assert result.exit_code == 0
    assert seen == [False]
    assert gc.isenabled()


def test_only_a_process_that_ends_freezes_what_a_command_built(monkeypatch):
    from kpicat.infra import collector

    monkeypatch.setattr(collector, "_ending", False)
    frozen = gc.get_freeze_count()
    with collector_paused(then_freeze=True):
        built = [{"n": n} for n in range(1000)]
    assert gc.get_freeze_count() == frozen  # tests and API callers: nothing frozen
    monkeypatch.setattr(collector, "_ending", True)
    try:
        with collector_paused(then_freeze=True):
            built = [{"n": n} for n in range(1000)]
        assert gc.isenabled()
        assert gc.get_freeze_count() >= frozen + len(built)
    finally:
        gc.unfreeze()
