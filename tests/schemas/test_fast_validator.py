"""The compiled fast path accepts exactly what jsonschema accepts.

Large catalogues skip jsonschema for entries the fast validator accepts, so
any disagreement would hide an error; this property test hunts for one.
"""

from __future__ import annotations

import copy
import textwrap

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpicat.core.config import DEFAULT_CATEGORIES
from kpicat.schemas import fast_validator_for, validator_for
from tests.conftest import MINIMAL

CATEGORIES = tuple(DEFAULT_CATEGORIES)
BASES = {
    rel.split("/")[0][:-1]: yaml.safe_load(textwrap.dedent(text)) for rel, text in MINIMAL.items()
}
BASES["kpi"] = yaml.safe_load(textwrap.dedent(MINIMAL["kpis/umsatzwachstum.yaml"]))

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 100),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from(
        [
            "",
            "x",
            "de",
            "EUR",
            "active",
            "financial",
            "KC401",
            "2026-10-01",
            "kam_team",
            "Prozent",
            "@org/team",
            "https://example.com",
            "prev(umsatz)",
        ]
    ),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from(["de", "en", "value", "x_1", "bad key", "inputs"]), inner, max_size=3
        ),
    ),
    max_leaves=6,
)


def paths(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from paths(value, (*prefix, index))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(sorted(BASES)),
    choice=st.integers(0, 10_000),
    value=values,
    extra_key=st.sampled_from([None, "fromula", "x_custom", "lint"]),
)
def test_fast_path_agrees_with_jsonschema(kind, choice, value, extra_key):
    data = copy.deepcopy(BASES[kind])
    all_paths = [p for p in paths(data) if p]
    path = all_paths[choice % len(all_paths)]
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    if extra_key:
        data[extra_key] = value
    slow_valid = not list(validator_for(kind, CATEGORIES).iter_errors(data))
    assert fast_validator_for(kind, CATEGORIES)(data) == slow_valid, (path, value)


def test_code_planted_in_the_cache_folder_never_runs(tmp_path, monkeypatch, catalogue_root):
    """Whoever can write to ~/.cache/kpicat must not run code in every check."""
    from kpicat import schemas
    from kpicat.check import run_check

    cache = tmp_path / "cache"
    marker = tmp_path / "pwned"
    monkeypatch.setenv("KPICAT_CACHE_DIR", str(cache))
    payload = f"open({str(marker)!r}, 'w').write('ran')\ndef validate(data):\n    return data\n"
    schemas.fast_validator_for.cache_clear()
    try:
        run_check(catalogue_root)
        planted = [p for p in cache.rglob("*") if p.is_file()] if cache.exists() else []
        for path in planted:
            path.write_text(payload, encoding="utf-8")
        # and where code would most likely be looked for
        (cache / "validators").mkdir(parents=True, exist_ok=True)
        (cache / "validators" / "validate.py").write_text(payload, encoding="utf-8")
        schemas.fast_validator_for.cache_clear()
        result = run_check(catalogue_root)
        assert not marker.exists()
        assert result.exit_code == 0
        assert not fast_validator_for("term", CATEGORIES)({"id": "x"})
        assert planted == [], "executable validator code was written to the cache"
    finally:
        schemas.fast_validator_for.cache_clear()


def test_text_alternatives_become_one_typed_branch():
    """Every localised text field is compiled without trying a branch that must fail."""
    from kpicat.schemas import _inline, file_name, merged_alternatives, schema_for

    schema = merged_alternatives(_inline(schema_for("kpi", CATEGORIES), file_name("kpi")))
    name = schema["properties"]["name"]
    assert "oneOf" not in name
    assert name["type"] == ["string", "object"]
    assert name["minLength"] == 1
    assert name["minProperties"] == 1
    assert "oneOf" not in schema["properties"]["pitfalls"]["items"]


def test_alternatives_that_overlap_are_left_alone():
    """Only branches of different types that use their own type's keywords are merged."""
    from kpicat.schemas import merged_alternatives

    overlapping = {"oneOf": [{"type": "string", "maxLength": 3}, {"type": "string"}]}
    mixed = {"oneOf": [{"type": "string", "minimum": 1}, {"type": "object"}]}
    numbers = {"oneOf": [{"type": "integer"}, {"type": "number", "minimum": 1}]}
    constrained = {"oneOf": [{"type": "string"}, {"type": "object"}], "maxLength": 2}
    for schema in (overlapping, mixed, numbers, constrained):
        assert merged_alternatives(schema) == schema


TEXTS = [
    "",
    "Umsatz",
    {},
    {"de": "Umsatz"},
    {"de": ""},
    {"de": "Umsatz", "EN": "Revenue"},
    {"de": 5},
    ["Umsatz"],
    5,
    None,
    True,
    "x" * 20_001,
]


def test_merged_text_field_gives_jsonschemas_verdict_on_every_shape():
    for text in TEXTS:
        data = copy.deepcopy(BASES["kpi"])
        data["name"] = text
        slow_valid = not list(validator_for("kpi", CATEGORIES).iter_errors(data))
        assert fast_validator_for("kpi", CATEGORIES)(data) == slow_valid, text
