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


def fragility(graph: nx.Graph) -> Fragility:
    """Bridges, articulation points, isolates, component sizes and core numbers of ``graph``.

    Lists are sorted (bridges by their ends as text, components largest first) so reports are
    deterministic.
    """
    simple = nx.Graph(graph)
    simple.remove_edges_from(nx.selfloop_edges(simple))
    bridges = sorted((_ordered(u, v) for u, v in nx.bridges(simple)), key=str)
    sides = {}
    for u, v in bridges:
        simple.remove_edge(u, v)
        a = len(nx.node_connected_component(simple, u))
        b = len(nx.node_connected_component(simple, v))
        simple.add_edge(u, v)
        sides[(u, v)] = (max(a, b), min(a, b))
    points = sorted(nx.articulation_points(simple), key=str)
    return Fragility(
        bridges=bridges,
        articulation_points=points,
        isolates=sorted(nx.isolates(simple), key=str),
        component_sizes=sorted((len(c) for c in nx.connected_components(simple)), reverse=True),
        core_number=nx.core_number(simple),
        bridge_sides=sides,
        cut_off={p: cut_off_by(simple, p) for p in points},
    )
