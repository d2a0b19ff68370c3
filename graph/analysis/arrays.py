"""The tie projection as integer-indexed arrays: the form the gap analysis computes on at scale.

A networkx graph with a dict per edge costs about a kilobyte per tie and a Python call per
visit; at the national scale (≈400,000 actors, ≈2,000,000 ties) that alone is minutes and
gigabytes. :class:`TieArrays` keeps the same graph as numpy arrays — actors numbered in the
order of ``Projections.actors``, each undirected tie once (in order of first appearance, as
:meth:`Projections.tie_graph` adds them), its weight (number of records) and a bit mask of
its kinds — plus a symmetric CSR adjacency for the algorithms. :meth:`TieArrays.to_networkx`
rebuilds the same graph (nodes numbered, same node and edge order) for the networkx backend.

Example
-------
>>> t = TieArrays.from_edges(["a", "b", "c"], ["x", "x", "y"], [("a", "b", "membership"),
...                           ("b", "a", "partnership"), ("b", "c", "membership")])
>>> t.src.tolist(), t.dst.tolist(), t.weight.tolist(), t.degree.tolist()
([0, 1], [1, 2], [2.0, 1.0], [1, 2, 1])
>>> t.kinds_of(0)
['membership', 'partnership']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np

from sekg.graph.analysis.projection import DECLARED, INDUCED, UNKNOWN, Projections

__all__ = ["KINDS", "TieArrays", "graph_csr", "tie_arrays"]

#: every kind of tie, in bit order of :attr:`TieArrays.kinds`
KINDS = DECLARED + INDUCED


@dataclass
class TieArrays:
    """Actors and their undirected ties as arrays (see the module docstring)."""

    nodes: list[str]
    #: code of each actor's helix in ``group_names`` (``unknown`` included as a code)
    groups: np.ndarray
    group_names: list[str]
    src: np.ndarray
    dst: np.ndarray
    weight: np.ndarray
    kinds: np.ndarray
    index: dict[str, int] = field(init=False, repr=False)
    indptr: np.ndarray = field(init=False, repr=False)
    indices: np.ndarray = field(init=False, repr=False)
    degree: np.ndarray = field(init=False, repr=False)
    #: derived forms built on demand (a backend's graph), kept for the next algorithm
    cache: dict[str, object] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.index = {iri: i for i, iri in enumerate(self.nodes)}
        n = len(self.nodes)
        ends = np.concatenate([self.src, self.dst])
        other = np.concatenate([self.dst, self.src])
        order = np.argsort(ends, kind="stable")
        self.indices = other[order].astype(np.int64)
        self.degree = np.bincount(ends, minlength=n).astype(np.int64)
        self.indptr = np.concatenate([[0], np.cumsum(self.degree)]).astype(np.int64)
        self._sets: dict[int, frozenset[int]] = {}

    # ------------------------------------------------------------------ building
    @classmethod
    def from_edges(cls, nodes: Sequence[str], helices: Sequence[str],
                   records: Iterable[tuple[str, str, str]]) -> TieArrays:
        """From ``(source, target, kind)`` records; loops and unknown actors are dropped and
        repeated pairs merged (weight = records, kinds = union), keeping first-seen order."""
        index = {iri: i for i, iri in enumerate(nodes)}
        bit = {kind: 1 << i for i, kind in enumerate(KINDS)}
        rows = [(index.get(s, -1), index.get(t, -1), bit[k]) for s, t, k in records]
        rows = [r for r in rows if r[0] >= 0 and r[1] >= 0 and r[0] != r[1]]
        us = [r[0] for r in rows]
        vs = [r[1] for r in rows]
        bits = [r[2] for r in rows]
        names = sorted(set(helices) | {UNKNOWN})
        code = {name: i for i, name in enumerate(names)}
        groups = np.array([code[h] for h in helices], dtype=np.int64)
        if not us:
            empty = np.zeros(0, dtype=np.int64)
            return cls(list(nodes), groups, names, empty, empty, np.zeros(0), empty.copy())
        u_arr, v_arr = np.array(us, dtype=np.int64), np.array(vs, dtype=np.int64)
        low, high = np.minimum(u_arr, v_arr), np.maximum(u_arr, v_arr)
        key = low * len(nodes) + high
        by_key = np.argsort(key, kind="stable")
        starts = np.concatenate([[True], np.diff(key[by_key]) != 0])
        first = by_key[starts]                           # first record of each pair
        inverse = np.empty(len(key), dtype=np.int64)
        inverse[by_key] = np.cumsum(starts) - 1
        order = np.argsort(first, kind="stable")       # unique pairs in first-seen order
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        edge = rank[inverse]
        weight = np.bincount(edge, minlength=len(order)).astype(np.float64)
        kinds = np.zeros(len(order), dtype=np.int64)
        np.bitwise_or.at(kinds, edge, np.array(bits, dtype=np.int64))
        # each pair keeps the direction of its first record, as networkx's add_edge does
        return cls(list(nodes), groups, names, u_arr[first[order]], v_arr[first[order]],
                   weight, kinds)

    # ------------------------------------------------------------------- queries
    @property
    def edges(self) -> int:
        return len(self.src)

    def code(self, helix: str) -> int:
        """Code of ``helix`` in :attr:`groups` (-1 if no actor has it)."""
        return self.group_names.index(helix) if helix in self.group_names else -1

    @property
    def unknown(self) -> int:
        return self.group_names.index(UNKNOWN)

    def neighbours(self, i: int) -> np.ndarray:
        return self.indices[self.indptr[i]:self.indptr[i + 1]]

    def neighbour_set(self, i: int) -> frozenset[int]:
        """Neighbours of ``i`` as a (cached) set, for intersections."""
        found = self._sets.get(i)
        if found is None:
            found = self._sets[i] = frozenset(self.neighbours(i).tolist())
        return found

    def components(self) -> np.ndarray:
        """Connected-component label of every actor (scipy, in C)."""
        from scipy.sparse import csr_array
        from scipy.sparse.csgraph import connected_components

        n = len(self.nodes)
        matrix = csr_array((np.ones(len(self.indices)), self.indices, self.indptr),
                           shape=(n, n))
        return connected_components(matrix, directed=False)[1]

    def kinds_of(self, edge: int) -> list[str]:
        return [kind for i, kind in enumerate(KINDS) if self.kinds[edge] >> i & 1]

    def kind_counts(self) -> dict[str, int]:
        """Ties carrying each kind (a tie with two kinds counts for both)."""
        counts = {kind: int(np.count_nonzero(self.kinds >> i & 1)) for i, kind in
                  enumerate(KINDS)}
        return {kind: n for kind, n in counts.items() if n}

    def to_networkx(self, nodes: Sequence[int] | np.ndarray | None = None,
                    weight: bool = False) -> nx.Graph:
        """The same graph in networkx, nodes numbered (only ``nodes`` if given), nodes and
        edges in the order :meth:`Projections.tie_graph` has them."""
        graph = nx.Graph()
        if nodes is None:
            graph.add_nodes_from(range(len(self.nodes)))
            keep = np.ones(self.edges, dtype=bool)
        else:
            graph.add_nodes_from(int(i) for i in nodes)
            inside = np.zeros(len(self.nodes), dtype=bool)
            inside[np.asarray(nodes, dtype=np.int64)] = True
            keep = inside[self.src] & inside[self.dst]
        pairs = zip(self.src[keep].tolist(), self.dst[keep].tolist(), strict=True)
        if weight:
            graph.add_weighted_edges_from((u, v, w) for (u, v), w in
                                          zip(pairs, self.weight[keep].tolist(), strict=True))
        else:
            graph.add_edges_from(pairs)
        return graph


def graph_csr(graph: nx.Graph) -> tuple[list[Any], np.ndarray, np.ndarray]:
    """The nodes of ``graph`` (in its order; networkx nodes are untyped, hence ``Any``) and its
    adjacency as CSR arrays, self-loops left out: the neighbours of node ``i`` are
    ``indices[indptr[i]:indptr[i + 1]]``.

    >>> names, indptr, indices = graph_csr(nx.Graph([("a", "b"), ("b", "b")]))
    >>> names, indptr.tolist(), indices.tolist()
    (['a', 'b'], [0, 1, 2], [1, 0])
    """
    names = list(graph.nodes())
    at = {v: i for i, v in enumerate(names)}
    neighbours = [[at[w] for w in graph[v] if w != v] for v in names]
    indptr = np.zeros(len(names) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(x) for x in neighbours])
    indices = np.array([w for x in neighbours for w in x], dtype=np.int64)
    return names, indptr, indices


def tie_arrays(projections: Projections, kinds: Iterable[str] = DECLARED) -> TieArrays:
    """:meth:`Projections.tie_graph` as :class:`TieArrays` (same ties, weights and kinds).

    Examples
    --------
    >>> from sekg.graph.analysis.projection import Actor
    >>> actors = {i: Actor(i, i, None, h, h, "", "", "", ()) for i, h in [("a", "x"), ("b", "y")]}
    >>> p = Projections(actors, [{"source": "a", "target": "b", "kind": "membership"}],
    ...                 nx.Graph(), nx.Graph(), ["x", "y"], {}, {}, {}, {})
    >>> tie_arrays(p).edges
    1
    """
    kinds = tuple(kinds)
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise ValueError(f"unknown tie kind(s) {', '.join(unknown)}: use {', '.join(KINDS)}")
    nodes = list(projections.actors)
    helices = [projections.actors[iri].helix for iri in nodes]

    def records() -> Iterable[tuple[str, str, str]]:
        yield from [(row["source"], row["target"], row["kind"]) for row in projections.declared
                    if row["kind"] in kinds]
        for kind, targets in (("co-proposal", ("proposal",)),
                              ("shared-theme", ("theme", "objective"))):
            if kind in kinds:
                yield from _shared(projections.actor_targets, targets, kind, projections)
        if "shared-zone" in kinds:
            yield from _shared(projections.zone_graph(), ("zone",), "shared-zone", projections)

    return TieArrays.from_edges(nodes, helices, records())


def _shared(two_mode: nx.Graph, target_kinds: tuple[str, ...], kind: str,
            projections: Projections) -> Iterable[tuple[str, str, str]]:
    for target, data in two_mode.nodes(data=True):
        if data.get("kind") not in target_kinds:
            continue
        members = sorted(n for n in two_mode[target] if n in projections.actors)
        for i, u in enumerate(members):
            for v in members[i + 1:]:
                yield u, v, kind
