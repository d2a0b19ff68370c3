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

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

import networkx as nx

__all__ = ["Holes", "structural_holes"]


@dataclass(frozen=True)
class Holes:
    """Burt's measures of one actor: low constraint and high effective size = a broker."""

    constraint: float
    effective_size: float
    degree: int


def structural_holes(graph: nx.Graph, nodes: Iterable[Hashable] | None = None,
                     weight: str | None = None) -> dict[Hashable, Holes]:
    """Constraint and effective size of each non-isolated node (or of ``nodes``).

    Parameters
    ----------
    graph : networkx Graph
    nodes : iterable, optional
        Limit the computation (e.g. to the top nodes by degree on a big graph).
    weight : str, optional
        Edge attribute used as tie strength.
    """
    chosen = [n for n in (graph.nodes() if nodes is None else nodes) if graph.degree(n) > 0]
    constraint = nx.constraint(graph, chosen, weight=weight)
    size = nx.effective_size(graph, chosen, weight=weight)
    return {n: Holes(float(constraint[n]), float(size[n]), graph.degree(n)) for n in chosen}
