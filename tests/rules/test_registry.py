"""The rule contract: stable codes, one declaration per option, documentation for every rule."""

from __future__ import annotations

import pytest

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

        @rule(existing.code, "some-new-name")
        def again(ctx):  # pragma: no cover - never registered
            """Doc."""
            return iter(())

    assert REGISTRY[existing.code] is existing


def test_a_name_registered_twice_is_refused() -> None:
    existing = all_rules()[0]
    with pytest.raises(DuplicateRuleError, match=existing.name):

        @rule("KC999", existing.name)
        def again(ctx):  # pragma: no cover - never registered
            """Doc."""
            return iter(())

    assert "KC999" not in REGISTRY


def test_an_option_declared_by_two_rules_is_refused() -> None:
    taken = next(iter(declared_options().values()))
    copy = Option(taken.setting, taken.type, taken.default, taken.description)
    try:
        with pytest.raises(DuplicateRuleError, match=taken.setting):

            @rule("KC998", "second-reader", options=(copy,))
            def second(ctx):  # pragma: no cover - never registered
                """Doc."""
                return iter(())

        assert "KC998" not in REGISTRY
    finally:
        _unregister("KC998")
