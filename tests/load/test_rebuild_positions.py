"""The lean position walk gives exactly the positions the strict loader tracks.

A Document rebuilds its positions only when a finding needs them, with
``rebuild_positions``; every reported line and column comes from it, so it must
agree with ``_build(..., track=True)`` on every text that loads.
"""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kpicat.load import LoadError
from kpicat.load.strict_yaml import DEFAULT_LIMITS, _build, load_bytes, rebuild_positions
from tests.conftest import REPO

TEXTS = [
    "id: x\nname: {de: Umsatz, en: Revenue}\n",
    "a: &base {x: 1, y: [1, 2, {z: 3}]}\nb: *base\nc: [*base, *base]\n",
    "text: |\n  zwei\n  Zeilen\nfolded: >-\n  eins\n  zwei\nq: 'a''b'\nd: \"x\\ty\"\n",
    "- 1\n- [2, 3]\n- - 4\n  - {k: v}\n- ~\n- \n- true\n- 0x1F\n- 1.5e3\n- 017\n",
    "'quoted key': 1\n\"double\": 2\nplain key: [a, b]\nempty:\nnested:\n  - x: 1\n    y: 2\n",
    "# comment\n---\nkey: value # trailing\n...\n",
    "scalar at the root\n",
    "[1, [2, [3, [4]]]]\n",
]


def _agree(text: str) -> None:
    try:
        load_bytes(text.encode("utf-8"), "x.yaml")
    except LoadError:
        return  # only texts that loaded cleanly have their positions rebuilt
    assert rebuild_positions(text) == _build(text, DEFAULT_LIMITS, track=True)[1], text


def test_every_shipped_entry_and_odd_shape():
    files = sorted((REPO / "catalogue").rglob("*.yaml"))
    assert len(files) > 100
    for path in files:
        _agree(path.read_text(encoding="utf-8"))
    for text in TEXTS:
        _agree(text)


leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(alphabet="ab: -#'\"\n\täß{}[],&*!|>", max_size=8),
)
trees = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(alphabet="abcß _-", min_size=1, max_size=5), inner, max_size=4),
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(tree=trees, flow=st.sampled_from([None, True, False]), shared=st.booleans())
def test_agrees_on_generated_documents(tree, flow, shared):
    data = {"one": tree, "two": tree} if shared else tree  # the same object twice: an alias
    _agree(yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True))
