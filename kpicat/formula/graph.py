"""Dependency graph over KPIs and measures: cycles and who is affected by a change.

Everything here is iterative, so a catalogue of 10,000 entries or a 10,000-long chain cannot hit
Python's recursion limit, and linear in the size of the graph.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping


def _adjacency(deps: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    """Sorted, de-duplicated edges, with every mentioned id as a node (for determinism)."""
    graph: dict[str, list[str]] = {node: sorted(set(targets)) for node, targets in deps.items()}
    for targets in list(graph.values()):
        for target in targets:
            graph.setdefault(target, [])
    return graph


def strongly_connected_components(deps: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Tarjan's algorithm without recursion; each component sorted, components in id order."""
    graph = _adjacency(deps)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(graph[root]))]
        while work:
            node, edges = work[-1]
            for target in edges:
                if target not in index:
                    index[target] = low[target] = counter
                    counter += 1
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(graph[target])))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component: list[str] = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    components.append(sorted(component))
    components.sort()
    return components


def _cycle_through(start: str, members: set[str], graph: Mapping[str, list[str]]) -> list[str]:
    """The shortest path start -> ... -> start inside one component (breadth first)."""
    parent: dict[str, str] = {}
    queue = deque([start])
    seen = {start}
    while queue:
        node = queue.popleft()
        for target in graph[node]:
            if target == start and node != start:
                path = [node]
                while path[-1] != start:
                    path.append(parent[path[-1]])
                path.reverse()
                return [*path, start]
            if target in members and target not in seen:
                seen.add(target)
                parent[target] = node
                queue.append(target)
    raise AssertionError("a strongly connected component always has a cycle")  # pragma: no cover


def find_cycles(deps: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Cycles as paths ``['a', 'b', 'a']``, each starting at its smallest id, sorted.

    Reports every self loop and, for every other group of mutually dependent ids, the shortest
    cycle through the group's smallest id (all members: :func:`strongly_connected_components`).
    """
    graph = _adjacency(deps)
    cycles = [[node, node] for node in sorted(graph) if node in graph[node]]
    for component in strongly_connected_components(deps):
        if len(component) > 1:
            cycles.append(_cycle_through(component[0], set(component), graph))
    cycles.sort()
    return cycles


def reverse_dependencies(deps: Mapping[str, Iterable[str]]) -> dict[str, set[str]]:
    """id -> the ids whose formula reads it directly (the site's 'used by')."""
    reverse: dict[str, set[str]] = {}
    for node, targets in deps.items():
        reverse.setdefault(node, set())
        for target in targets:
            reverse.setdefault(target, set()).add(node)
    return reverse


def reachable(edges: Mapping[str, Iterable[str]], start: Iterable[str]) -> set[str]:
    """Every node one or more edges away from ``start`` (a start node only on a cycle).

    Iterative breadth-first search: linear, and no recursion on long chains.
    """
    found: set[str] = set()
    queue = deque(start)
    while queue:
        node = queue.popleft()
        for target in edges.get(node, ()):
            if target not in found:
                found.add(target)
                queue.append(target)
    return found


def transitive_dependents(deps: Mapping[str, Iterable[str]], ids: Iterable[str]) -> set[str]:
    """Every id that reads any of ``ids`` directly or indirectly (not ``ids`` themselves)."""
    start = set(ids)
    return reachable(reverse_dependencies(deps), start) - start
