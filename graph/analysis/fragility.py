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

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import networkx as nx
import numpy as np

from sekg.graph.analysis.arrays import graph_csr

__all__ = ["Fragility", "csr_fragility", "cut_off_by", "fragility"]

#: A node: the results name the nodes they were given, of the same type.
N = TypeVar("N", bound=Hashable)


@dataclass
class Fragility(Generic[N]):
    """Where the network would fall apart, and where it is dense."""

    bridges: list[tuple[N, N]]
    articulation_points: list[N]
    isolates: list[N]
    component_sizes: list[int]
    core_number: dict[N, int]
    #: for each bridge, the sizes of the two parts its removal leaves (larger first)
    bridge_sides: dict[tuple[N, N], tuple[int, int]] = field(default_factory=dict)
    #: for each articulation point, how many actors its removal separates from the largest part
    cut_off: dict[N, int] = field(default_factory=dict)

    @property
    def max_core(self) -> int:
        return max(self.core_number.values(), default=0)


def _ordered(u: N, v: N) -> tuple[N, N]:
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


#: children of each virtual node above the components' roots (see :func:`_depth_first`)
VIRTUAL_FAN_OUT = 16


def _virtual_tree(roots: np.ndarray, first: int) -> tuple[list[np.ndarray], int]:
    """Virtual nodes numbered from ``first`` above ``roots``, each with at most
    :data:`VIRTUAL_FAN_OUT` children in order: the children array of each virtual node, in
    the order of their numbers, and the number of virtual nodes (the last one is the top).

    >>> children, count = _virtual_tree(np.arange(40), 100)
    >>> count, [c.tolist() for c in children][-1]
    (4, [100, 101, 102])
    """
    children: list[np.ndarray] = []
    level, number = roots, first
    while True:
        groups = -(-len(level) // VIRTUAL_FAN_OUT)
        children += np.array_split(level, np.arange(VIRTUAL_FAN_OUT, len(level),
                                                    VIRTUAL_FAN_OUT))
        level = np.arange(number, number + groups)
        number += groups
        if groups == 1:
            return children, number - first


def _depth_first(indptr: np.ndarray, indices: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Preorder, parent (``n`` for a component's root) and component label of every node,
    from one depth-first search (scipy, in C) started at a virtual node above one node of
    each component.

    scipy's search rescans a node's ties from the first each time it comes back to the node,
    so one virtual node tied to every root costs the square of the number of components: 5 s
    for 100,000 organisations without ties (the synthetic ones of the national benchmark),
    and 16 times more for four times as many. Virtual nodes of at most
    :data:`VIRTUAL_FAN_OUT` children each, in a tree above the roots, keep it linear (same
    components, same preorder of the real nodes)."""
    from scipy.sparse import csr_array
    from scipy.sparse.csgraph import connected_components, depth_first_order

    n = len(indptr) - 1
    matrix = csr_array((np.ones(len(indices)), indices, indptr), shape=(n, n))
    _, label = connected_components(matrix, directed=False)
    _, roots = np.unique(label, return_index=True)
    children, virtual = _virtual_tree(roots.astype(np.int64), n)
    sizes = np.array([len(c) for c in children], dtype=np.int64)
    size = n + virtual
    augmented = csr_array(
        (np.ones(len(indices) + int(sizes.sum())),
         np.concatenate([indices, *children]),
         np.concatenate([indptr, indptr[-1] + np.cumsum(sizes)])), shape=(size, size))
    order, parent = depth_first_order(augmented, size - 1, directed=True,
                                      return_predecessors=True)
    parent = parent[:n].copy()
    parent[parent >= n] = n
    return order[order < n], parent, label


def csr_fragility(indptr: np.ndarray, indices: np.ndarray, names: Sequence[N],
                  core: np.ndarray | None = None) -> Fragility[N]:
    """:func:`fragility` of a simple undirected graph in CSR form (``names[i]`` is node i).

    One depth-first search gives preorder numbers, low-links and subtree sizes (Tarjan); the
    tests below are then array operations, so the cost is the DFS's O(N + M) in C plus one
    Python pass over the nodes. ``core`` holds the core numbers if already known.

    Examples
    --------
    >>> f = csr_fragility(np.array([0, 1, 3, 4]), np.array([1, 0, 2, 1]), ["a", "b", "c"])
    >>> f.bridges, f.articulation_points, f.cut_off
    ([('a', 'b'), ('b', 'c')], ['b'], {'b': 1})
    """
    n = len(names)
    degree = np.diff(indptr)
    if n == 0:
        return Fragility([], [], [], [], {})
    order, parent, label = _depth_first(indptr, indices)
    pre = np.empty(n, dtype=np.int64)
    pre[order] = np.arange(n)
    # low-link seed: the earliest node reached by a non-tree tie (ties to the parent excluded)
    owner = np.repeat(np.arange(n), degree)
    reach = np.where(indices != parent[owner], pre[indices], n)
    low = pre.copy()
    tied = degree > 0
    if tied.any():
        low[tied] = np.minimum(low[tied], np.minimum.reduceat(reach, indptr[:-1][tied]))
    lows, sizes, parents = low.tolist(), [1] * n, parent.tolist()
    for v in reversed(order.tolist()):       # children before parents
        p = parents[v]
        if p != n:
            lows[p] = min(lows[p], lows[v])
            sizes[p] += sizes[v]
    low, size = np.array(lows, dtype=np.int64), np.array(sizes, dtype=np.int64)
    roots = np.flatnonzero(parent == n)
    total = np.zeros(n, dtype=np.int64)
    total[label[roots]] = size[roots]
    total = total[label]                      # size of each node's component
    child = np.flatnonzero(parent != n)
    up = parent[child]
    bridge = low[child] > pre[up]
    sides: dict[tuple[N, N], tuple[int, int]] = {}
    for c, p in zip(child[bridge].tolist(), up[bridge].tolist(), strict=True):
        rest = int(total[c] - size[c])
        sides[_ordered(names[p], names[c])] = (max(int(size[c]), rest), min(int(size[c]), rest))
    is_root = parent == n
    separates = is_root[up] | (low[child] >= pre[up])
    kids = np.bincount(up, minlength=n)
    seps = np.bincount(up, weights=separates, minlength=n)
    sep_sum = np.bincount(up, weights=np.where(separates, size[child], 0), minlength=n)
    sep_max = np.zeros(n, dtype=np.int64)
    np.maximum.at(sep_max, up[separates], size[child][separates])
    point = np.where(is_root, kids > 1, seps > 0)
    largest = np.where(is_root, sep_max, np.maximum(sep_max, total - 1 - sep_sum))
    cut = (total - 1) - largest
    cut_off = {names[v]: int(cut[v]) for v in np.flatnonzero(point).tolist()}
    bridges = sorted(sides, key=str)
    if core is None:
        graph = nx.Graph()
        graph.add_nodes_from(range(n))
        graph.add_edges_from(zip(np.repeat(np.arange(n), degree).tolist(), indices.tolist(),
                                 strict=True))
        numbers = nx.core_number(graph)
        core = np.array([numbers[i] for i in range(n)], dtype=np.int64)
    return Fragility(
        bridges=bridges,
        articulation_points=sorted(cut_off, key=str),
        isolates=sorted((names[i] for i in np.flatnonzero(degree == 0).tolist()), key=str),
        component_sizes=sorted(np.bincount(label).tolist(), reverse=True),
        core_number=dict(zip(names, core.tolist(), strict=True)),
        bridge_sides={b: sides[b] for b in bridges},
        cut_off={p: cut_off[p] for p in sorted(cut_off, key=str)},
    )


def fragility(graph: nx.Graph) -> Fragility[Hashable]:
    """Bridges, articulation points, isolates, component sizes and core numbers of ``graph``.

    One depth-first search (Tarjan) gives every bridge with the sizes of the two parts it
    separates and every articulation point with the actors it cuts off, in O(N + M)
    (:func:`csr_fragility`). Lists are sorted (bridges by their ends as text, components
    largest first) so reports are deterministic.
    """
    names, indptr, indices = graph_csr(graph)
    simple = nx.Graph()
    simple.add_nodes_from(graph)
    simple.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    core = nx.core_number(simple)
    return csr_fragility(indptr, indices, names, np.array([core[v] for v in names],
                                                          dtype=np.int64))
