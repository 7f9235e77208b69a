"""Both language sites built at once, and kpicat serve's rebuild cache: the same site either way."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import pytest
from conftest import TODAY, copy_fixture
from test_site_build import tree

from kpicat.check import run_check
from kpicat.infra import parallel
from kpicat.site import page_memo
from kpicat.site.build import build_site

pytestmark = pytest.mark.slow

EDITED = Path("catalogue/kpis/churn_rate.yaml")


def site(root: Path, into: Path, **options: Any) -> dict[str, bytes]:
    result = run_check(root, today=dt.date.fromisoformat(TODAY))
    assert result.exit_code == 0
    build_site(root, result, into, strict=False, **options)
    return tree(into)


def count_calls(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[Any]:
    calls: list[Any] = []
    real: Callable[..., Any] = getattr(owner, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


def edit_definition(root: Path, words: str) -> None:
    path = root / EDITED
    text = path.read_text(encoding="utf-8")
    marker = "definition: |\n  "
    assert marker in text
    path.write_text(text.replace(marker, marker + words + " ", 1), encoding="utf-8")


def test_the_languages_built_side_by_side_give_the_site_built_one_after_the_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_fixture(tmp_path / "root", hostile=True)
    monkeypatch.setenv("KPICAT_JOBS", "1")
    serial = site(root, tmp_path / "serial")
    assert "en/index.html" in serial and "index.html" in serial
    monkeypatch.setenv("KPICAT_JOBS", "2")
    shared = count_calls(monkeypatch, parallel, "in_parallel")
    if not parallel.fork_is_safe():
        pytest.skip("this test process runs threads: no fork")
    forked = site(root, tmp_path / "forked")
    helped = site(root, tmp_path / "helped", helpers=parallel.Helpers(["kpicat.site.build"]))
    assert len(shared) == 2  # both builds shared their work with a second process
    assert parallel.take_failures() == []
    assert [k for k in serial.keys() | forked.keys() if serial.get(k) != forked.get(k)] == []
    assert [k for k in serial.keys() | helped.keys() if serial.get(k) != helped.get(k)] == []
    leftovers = sorted(p.name for p in tmp_path.iterdir())
    assert leftovers == ["forked", "helped", "root", "serial"]  # no staging folder left


def test_a_rebuild_from_the_cache_is_the_site_a_fresh_build_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KPICAT_JOBS", "1")  # every conversion in this process, to count them
    root = copy_fixture(tmp_path / "root", hostile=True)
    cache = tmp_path / "rebuild"
    served = tmp_path / "served"
    converted = count_calls(monkeypatch, page_memo, "_render")
    first = site(root, served, rebuild_cache=cache)
    pages = len(converted)
    assert pages > 50 and sorted(p.name for p in cache.glob("pages-*")) == [
        "pages-de.pickle",
        "pages-en.pickle",
    ]
    assert first == site(root, tmp_path / "fresh-0")

    converted.clear()
    assert site(root, served, rebuild_cache=cache) == first
    assert converted == []  # nothing changed: no page converted again

    edit_definition(root, "Wortlautpruefung42")
    again = site(root, served, rebuild_cache=cache)
    fresh = site(root, tmp_path / "fresh-1")
    assert [k for k in again.keys() | fresh.keys() if again.get(k) != fresh.get(k)] == []
    assert "Wortlautpruefung42" in again["kpi/churn_rate/index.html"].decode()
    # only the pages that show the changed definition were converted again
    changed = {args[0].file.src_uri for args in converted}
    assert "kpi/churn_rate.md" in changed
    assert 0 < len(converted) < pages / 4


def test_a_page_from_the_cache_gives_its_warnings_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KPICAT_JOBS", "1")
    root = copy_fixture(tmp_path / "root")
    (root / "docs" / "kaputt.md").write_text("# Kaputt\n\n[Hier](fehlt.md)\n", encoding="utf-8")
    cache = tmp_path / "rebuild"
    result = run_check(root, today=dt.date.fromisoformat(TODAY))
    converted = count_calls(monkeypatch, page_memo, "_render")
    for attempt in range(2):
        converted.clear()
        with pytest.raises(click.ClickException, match="strict mode"):
            build_site(root, result, tmp_path / "site", strict=True, rebuild_cache=cache)
        was_converted = "kaputt.md" in {args[0].file.src_uri for args in converted}
        assert was_converted == (attempt == 0)  # the second time from the cache


def test_other_link_checks_convert_the_pages_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page's warnings depend on mkdocs.yml's validation levels: they are part of the key."""
    monkeypatch.setenv("KPICAT_JOBS", "1")
    root = copy_fixture(tmp_path / "root")
    (root / "docs" / "kaputt.md").write_text("# Kaputt\n\n[Hier](fehlt.md)\n", encoding="utf-8")
    cache = tmp_path / "rebuild"
    result = run_check(root, today=dt.date.fromisoformat(TODAY))
    with pytest.raises(click.ClickException, match="strict mode"):
        build_site(root, result, tmp_path / "site", strict=True, rebuild_cache=cache)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    links = "  links:\n    not_found: warn\n"
    assert links in text
    config.write_text(text.replace(links, "  links:\n    not_found: info\n"), encoding="utf-8")
    build_site(root, result, tmp_path / "site", strict=True, rebuild_cache=cache)  # no warning
    assert (tmp_path / "site" / "kaputt" / "index.html").is_file()


def test_a_damaged_cache_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KPICAT_JOBS", "1")
    root = copy_fixture(tmp_path / "root")
    cache = tmp_path / "rebuild"
    first = site(root, tmp_path / "served", rebuild_cache=cache)
    (cache / "pages-de.pickle").write_bytes(b"\x80\x05not a pickle")
    (cache / "pages-en.pickle").write_bytes(b"")
    assert site(root, tmp_path / "served", rebuild_cache=cache) == first


def test_settings_that_cannot_be_compared_turn_the_cache_off() -> None:
    assert page_memo.stable({"a": [1, "x", None], "f": page_memo.stable}) is not None
    assert page_memo.stable({"a": object()}) is None
    assert page_memo.stable({"a": [1, {"b": object()}]}) is None
    assert page_memo.stable([1, object()]) is None
    from conftest import REPO
    from mkdocs.config import load_config

    validation = load_config(str(REPO / "mkdocs.yml")).validation  # mappings, not dicts
    assert page_memo.stable(validation) is not None
