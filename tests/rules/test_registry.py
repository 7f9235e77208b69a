"""The rule contract: stable codes, one declaration per option, documentation for every rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpicat.core.config import Config
from kpicat.rules.registry import (
    REGISTRY,
    DuplicateRuleError,
    Option,
    all_rules,
    declared_options,
    rule,
)
from kpicat.schemas import raw_schema


def _published_options() -> dict[str, dict]:
    properties = raw_schema("config")["properties"]
    return {
        f"{section}.{key}": node
        for section in ("budgets", "thresholds")
        for key, node in properties[section]["properties"].items()
    }


def test_every_option_is_published_exactly_as_its_rule_declares_it() -> None:
    declared = {setting: option.schema() for setting, option in declared_options().items()}
    assert declared == _published_options(), (
        "config.schema.json must publish the options the rules declare; "
        "copy Option.schema() of each into budgets/thresholds"
    )


def test_options_read_their_default_and_the_configured_value() -> None:
    from kpicat.core.config import Config

    option = declared_options()["budgets.per_kra"]
    assert option.value(Config()) == option.default
    assert option.value(Config(budgets={"per_kra": 3})) == 3
    similar = declared_options()["thresholds.similar_names"]
    assert similar.value(Config(thresholds={"similar_names": 1})) == 1.0
    assert isinstance(similar.value(Config(thresholds={"similar_names": 1})), float)


def _unregister(code: str) -> None:
    from kpicat.rules import registry

    removed = registry.REGISTRY.pop(code, None)
    if removed is not None:
        registry._BY_NAME.pop(removed.name, None)


def test_a_code_registered_twice_is_refused() -> None:
    existing = all_rules()[0]
    with pytest.raises(DuplicateRuleError, match=existing.code):

        @rule(existing.code, "some-new-name", reads=("id",))
        def again(ctx):  # pragma: no cover - never registered
            """Doc."""
            return iter(())

    assert REGISTRY[existing.code] is existing


def test_a_name_registered_twice_is_refused() -> None:
    existing = all_rules()[0]
    with pytest.raises(DuplicateRuleError, match=existing.name):

        @rule("KC999", existing.name, reads=("id",))
        def again(ctx):  # pragma: no cover - never registered
            """Doc."""
            return iter(())

    assert "KC999" not in REGISTRY


def test_an_option_declared_by_two_rules_is_refused() -> None:
    taken = next(iter(declared_options().values()))
    copy = Option(taken.setting, taken.type, taken.default, taken.description)
    try:
        with pytest.raises(DuplicateRuleError, match=taken.setting):

            @rule("KC998", "second-reader", options=(copy,), reads=("id",))
            def second(ctx):  # pragma: no cover - never registered
                """Doc."""
                return iter(())

        assert "KC998" not in REGISTRY
    finally:
        _unregister("KC998")


def test_every_emitted_code_is_registered_and_each_code_has_exactly_one_emitter() -> None:
    from tests.rules.emitters import emission_sites

    sites, handmade = emission_sites()
    assert not handmade, f"diagnostics built by hand, bypassing levels: {handmade}"
    unregistered = sorted(set(sites) - set(REGISTRY))
    assert not unregistered, f"emitted but not registered: {unregistered}"
    for found in all_rules():
        emitters = sites.get(found.code, set())
        if found.func is not None:
            # the engine stamps a rule function's own code; nobody else may emit it
            assert emitters <= {found.emitter}, f"{found.code} is also emitted by {emitters}"
        else:
            assert emitters == {found.emitter}, (
                f"{found.code} declares {found.emitter} as its emitter, the source has {emitters}"
            )


def _sections(doc: str) -> tuple[str, list[str], str, str]:
    """Summary, the paragraphs that say why, and the Bad and Good examples."""
    paragraphs = [p for p in doc.split("\n\n") if p.strip()]
    bad = next((p for p in paragraphs if p.lstrip().startswith("Bad")), "")
    good = next((p for p in paragraphs if p.lstrip().startswith("Good")), "")
    first_example = min(
        (i for i, p in enumerate(paragraphs) if p.lstrip().startswith(("Bad", "Good"))),
        default=len(paragraphs),
    )
    return paragraphs[0], paragraphs[1:first_example], bad, good


@pytest.mark.parametrize("found", all_rules(), ids=lambda r: r.code)
def test_every_rule_is_documented_with_why_bad_and_good(found) -> None:
    summary, why, bad, good = _sections(found.doc)
    assert summary.endswith("."), f"{found.code}: the summary is one sentence"
    assert why and sum(len(p) for p in why) >= 60, f"{found.code}: say why it matters"
    assert bad, f"{found.code}: show a Bad example"
    assert good, f"{found.code}: show a Good example"


def test_split_parts_are_done_once_each_across_processes():
    from kpicat.model import Catalogue
    from kpicat.rules.context import Context

    weights = [15_000, 15_000, 40, 38, 7, 7, 1]
    catalogue = Catalogue(root=Path(), config=Config())
    alone = Context(catalogue).part(weights)
    assert alone == list(range(len(weights)))
    first = Context(catalogue, share=(0, 2)).part(weights)
    second = Context(catalogue, share=(1, 2)).part(weights)
    assert sorted(first + second) == alone
    assert not set(first) & set(second)
    # the two heavy parts go to different processes
    assert (0 in first) != (1 in first)


def test_only_catalogue_rules_can_be_split():
    with pytest.raises(ValueError, match="only a catalogue rule can be split"):
        rule("KC999", "split-entry-rule", scope="entry", split=True)(lambda entry, ctx: iter(()))


def test_a_rule_that_is_not_local_must_name_the_fields_it_reads():
    """A lean check keeps only the declared fields after the local rules (Rule.reads)."""
    with pytest.raises(ValueError, match="name the entry fields it reads"):
        rule("KC999", "reads-nothing", scope="entry")(lambda entry, ctx: iter(()))
    with pytest.raises(ValueError, match="local rule sees its whole entry"):
        rule("KC999", "local-reader", scope="entry", local=True, reads=("name",))(
            lambda entry, ctx: iter(())
        )
    assert "KC999" not in REGISTRY


def test_every_rule_that_is_not_local_declares_real_fields():
    """Declared fields exist in some entry schema, so a typo cannot drop a field silently."""
    from kpicat.core.kinds import KIND_FOLDERS
    from kpicat.rules.engine import ENGINE_READS

    known = {name for kind in KIND_FOLDERS.values() for name in raw_schema(kind)["properties"]}
    for found in all_rules():
        if found.func is not None and not found.local:
            assert found.reads, found.code
            named = {read.split(".")[0] for read in found.reads}
            assert named <= known, (found.code, named - known)
    assert set(ENGINE_READS) <= known
