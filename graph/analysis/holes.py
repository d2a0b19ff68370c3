"""Burt's structural holes: constraint and effective size of actors' ego networks.

Thin wrappers over networkx (``nx.constraint``, ``nx.effective_size``) that skip isolates
(both measures are undefined there) and can be limited to some nodes on big graphs.

Examples
--------
>>> import networkx as nx
>>> star = nx.star_graph(3)          # a hub tied to three actors who are not tied together
>>> holes = structural_holes(star)
>>> round(holes[0].constraint, 3), holes[0].effective_size
(0.333, 3.0)

References
----------
Burt, R. S. (1992). *Structural Holes: The Social Structure of Competition*. Harvard UP.
Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy measures. *Connections*
20(1), 35-38 (effective size on undirected graphs).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable
from dataclasses import dataclass
from typing import TypeVar

import networkx as nx

__all__ = ["Holes", "burt_measures", "structural_holes"]

N = TypeVar("N", bound=Hashable)


@dataclass(frozen=True)
class Holes:
    """Burt's measures of one actor: low constraint and high effective size = a broker."""

    constraint: float
    effective_size: float
    degree: int


def burt_measures(node: N, neighbours: Callable[[N], Collection[N]],
                  degree: Callable[[N], int]) -> Holes:
    """Burt's measures of an unweighted tie: p_ij = 1/d_i, so for each contact j
    c_ij = (1/d_i + sum over shared contacts q of 1/(d_i d_q))^2 and the effective size is
    d_i - 2 t_i / d_i (t_i = ties among i's contacts, Borgatti 1997).

    ``neighbours(v)`` and ``degree(v)`` describe a simple graph (no loops), so the measures
    work on any adjacency (a networkx graph, CSR arrays).

    Examples
    --------
    >>> adj = {0: {1, 2}, 1: {0}, 2: {0}}
    >>> burt_measures(0, adj.__getitem__, lambda v: len(adj[v]))
    Holes(constraint=0.5, effective_size=2.0, degree=2)
    """
    contacts = set(neighbours(node)) - {node}
    d = len(contacts)
    constraint = 0.0
    shared_total = 0
    for j in contacts:
        shared = contacts.intersection(neighbours(j))
        shared.discard(j)
        shared_total += len(shared)
        indirect = sum(1.0 / degree(q) for q in shared)
        constraint += (1.0 / d + indirect / d) ** 2
    return Holes(constraint, d - shared_total / d, d)


def structural_holes(graph: nx.Graph, nodes: Iterable[Hashable] | None = None,
                     weight: str | None = None) -> dict[Hashable, Holes]:
    """Constraint and effective size of each non-isolated node (or of ``nodes``).

    Unweighted ties are computed directly from neighbour-set intersections, O(sum of d^2)
    (networkx's versions copy the graph per node); weighted ones go through networkx.

    Parameters
    ----------
    graph : networkx Graph
    nodes : iterable, optional
        Limit the computation (e.g. to the top nodes by degree on a big graph).
    weight : str, optional
        Edge attribute used as tie strength.
    """
    chosen = [n for n in (graph.nodes() if nodes is None else nodes) if graph.degree(n) > 0]
    if weight is None:
        def degree(v: Hashable) -> int:
            return len(graph[v]) - (v in graph[v])

        return {n: burt_measures(n, graph.__getitem__, degree) for n in chosen}
    constraint = nx.constraint(graph, chosen, weight=weight)
    size = nx.effective_size(graph, chosen, weight=weight)
    return {n: Holes(float(constraint[n]), float(size[n]), graph.degree(n)) for n in chosen}
