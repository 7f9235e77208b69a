"""Dependency graph: cycles, components, dependents; large graphs without recursion."""

from kpicat.formula import (
    find_cycles,
    reverse_dependencies,
    strongly_connected_components,
    transitive_dependents,
)
from tests.hang import no_hang


def test_no_cycles():
    assert find_cycles({"a": ["b"], "b": ["c"], "c": []}) == []


def test_each_cycle_once_rotated_to_smallest_id():
    deps = {"c": ["a"], "a": ["b"], "b": ["c"], "x": ["y"], "y": ["x"]}
    assert find_cycles(deps) == [["a", "b", "c", "a"], ["x", "y", "x"]]


def test_self_loop():
    assert find_cycles({"a": ["a", "b"], "b": []}) == [["a", "a"]]


def test_self_loop_inside_a_larger_cycle():
    assert find_cycles({"a": ["b"], "b": ["a", "b"]}) == [["a", "b", "a"], ["b", "b"]]


def test_shortest_cycle_through_smallest_id():
    deps = {"a": ["b", "d"], "b": ["c"], "c": ["a"], "d": ["a"]}
    assert find_cycles(deps) == [["a", "d", "a"]]
    assert strongly_connected_components(deps) == [["a", "b", "c", "d"]]


def test_ids_without_entries_are_leaves():
    assert find_cycles({"a": ["measure"]}) == []
    assert strongly_connected_components({"a": ["m"]}) == [["a"], ["m"]]


def test_long_chain_and_ring_without_recursion():
    n = 10_000
    chain = {f"k{i:05d}": [f"k{i + 1:05d}"] for i in range(n)}
    ring = dict(chain)
    ring[f"k{n:05d}"] = ["k00000"]
    with no_hang():
        assert find_cycles(chain) == []
        cycles = find_cycles(ring)
    assert len(cycles) == 1
    assert cycles[0][0] == cycles[0][-1] == "k00000"
    assert len(cycles[0]) == n + 2


def test_many_small_cycles_are_linear():
    deps = {}
    for i in range(5000):
        deps[f"a{i}"] = [f"b{i}"]
        deps[f"b{i}"] = [f"a{i}"]
    with no_hang():
        assert len(find_cycles(deps)) == 5000


def test_dependents():
    deps = {"kpi1": ["m1"], "kpi2": ["kpi1", "m2"], "kpi3": ["m2"], "kpi4": ["kpi2"]}
    assert transitive_dependents(deps, ["m1"]) == {"kpi1", "kpi2", "kpi4"}
    assert transitive_dependents(deps, ["kpi1", "kpi2"]) == {"kpi4"}
    assert transitive_dependents(deps, ["nobody"]) == set()
    assert reverse_dependencies(deps)["m2"] == {"kpi2", "kpi3"}


def test_dependents_in_a_cycle_terminate():
    assert transitive_dependents({"a": ["b"], "b": ["a"]}, ["a"]) == {"b"}
