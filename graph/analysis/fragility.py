"""Fragility of the tie network: bridges, articulation points, isolates, components, k-cores.

Examples
--------
>>> import networkx as nx
>>> g = nx.Graph([(1, 2), (2, 3), (3, 1), (3, 4)]); g.add_node(5)
>>> f = fragility(g)
>>> f.bridges, f.articulation_points, f.isolates, f.component_sizes
([(3, 4)], [3], [5], [4, 1])
>>> f.bridge_sides[(3, 4)]
(3, 1)

References
----------
Tarjan, R. E. (1974). A note on finding the bridges of a graph. *Information Processing
Letters* 2(6), 160-161. Seidman, S. B. (1983). Network structure and minimum degree. *Social
Networks* 5(3), 269-287 (k-cores).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

import networkx as nx

__all__ = ["Fragility", "cut_off_by", "fragility"]


@dataclass
class Fragility:
    """Where the network would fall apart, and where it is dense."""

    bridges: list[tuple[Hashable, Hashable]]
    articulation_points: list[Hashable]
    isolates: list[Hashable]
    component_sizes: list[int]
    core_number: dict[Hashable, int]
    #: for each bridge, the sizes of the two parts its removal leaves (larger first)
    bridge_sides: dict[tuple[Hashable, Hashable], tuple[int, int]] = field(default_factory=dict)
    #: for each articulation point, how many actors its removal separates from the largest part
    cut_off: dict[Hashable, int] = field(default_factory=dict)

    @property
    def max_core(self) -> int:
        return max(self.core_number.values(), default=0)


def _ordered(u: Hashable, v: Hashable) -> tuple[Hashable, Hashable]:
    return (u, v) if str(u) <= str(v) else (v, u)


def cut_off_by(graph: nx.Graph, node: Hashable) -> int:
    """Actors separated from the largest remaining part of ``node``'s component if it leaves.

    Examples
    --------
    >>> import networkx as nx
    >>> cut_off_by(nx.path_graph(5), 1)   # removing 1 separates 0 from 2-3-4
    1
    """
    component = nx.node_connected_component(graph, node) - {node}
    parts = [len(c) for c in nx.connected_components(graph.subgraph(component))]
    return sum(parts) - max(parts, default=0)


def _dfs_tree(graph: nx.Graph, root: Hashable, disc: dict[Hashable, int],
              low: dict[Hashable, int], size: dict[Hashable, int],
              children: dict[Hashable, list[Hashable]], clock: int) -> int:
    """Iterative Tarjan DFS from ``root``: discovery times, low-links, subtree sizes."""
    disc[root] = low[root] = clock
    size[root] = 1
    clock += 1
    stack = [(root, None, iter(graph[root]))]
    while stack:
        v, parent, neighbours = stack[-1]
        for w in neighbours:
            if w == parent:
                continue
            if w not in disc:
                disc[w] = low[w] = clock
                clock += 1
                size[w] = 1
                children.setdefault(v, []).append(w)
                stack.append((w, v, iter(graph[w])))
                break
            low[v] = min(low[v], disc[w])
        else:
            stack.pop()
            if parent is not None:
                low[parent] = min(low[parent], low[v])
                size[parent] += size[v]
    return clock


def fragility(graph: nx.Graph) -> Fragility:
    """Bridges, articulation points, isolates, component sizes and core numbers of ``graph``.

    One depth-first search (Tarjan) gives every bridge with the sizes of the two parts it
    separates and every articulation point with the actors it cuts off, in O(N + M). Lists are
    sorted (bridges by their ends as text, components largest first) so reports are
    deterministic.
    """
    simple = nx.Graph()
    simple.add_nodes_from(graph)
    simple.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    disc: dict[Hashable, int] = {}
    low: dict[Hashable, int] = {}
    size: dict[Hashable, int] = {}
    children: dict[Hashable, list[Hashable]] = {}
    sides: dict[tuple[Hashable, Hashable], tuple[int, int]] = {}
    cut_off: dict[Hashable, int] = {}
    components = []
    clock = 0
    for root in simple:
        if root in disc:
            continue
        clock = _dfs_tree(simple, root, disc, low, size, children, clock)
        total = size[root]
        components.append(total)
        stack = [root]
        while stack:
            v = stack.pop()
            kids = children.get(v, [])
            stack.extend(kids)
            separated = [size[c] for c in kids if v == root or low[c] >= disc[v]]
            for c in kids:
                if low[c] > disc[v]:
                    sides[_ordered(v, c)] = (max(size[c], total - size[c]),
                                             min(size[c], total - size[c]))
            is_point = len(kids) > 1 if v == root else bool(separated)
            if is_point:
                parts = separated + ([total - 1 - sum(separated)] if v != root else [])
                cut_off[v] = (total - 1) - max(parts)
    bridges = sorted(sides, key=str)
    return Fragility(
        bridges=bridges,
        articulation_points=sorted(cut_off, key=str),
        isolates=sorted((n for n in simple if simple.degree(n) == 0), key=str),
        component_sizes=sorted(components, reverse=True),
        core_number=nx.core_number(simple),
        bridge_sides={b: sides[b] for b in bridges},
        cut_off={p: cut_off[p] for p in sorted(cut_off, key=str)},
    )
