"""Who ties with whom across helices: mixing matrix, E-I index, assortativity, missing pairs.

Examples
--------
>>> import networkx as nx
>>> g = nx.Graph()
>>> g.add_nodes_from([("a", {"helix": "x"}), ("b", {"helix": "x"}), ("c", {"helix": "y"})])
>>> g.add_edges_from([("a", "b"), ("b", "c")])
>>> mixing_counts(g, "helix")[("x", "x")], mixing_counts(g, "helix")[("x", "y")]
(1, 1)
>>> ei_index(g, "helix")
0.0

References
----------
Krackhardt, D. & Stern, R. N. (1988). Informal networks and organizational crises: an
experimental simulation. *Social Psychology Quarterly* 51(2), 123-140 (E-I index).
Newman, M. E. J. (2003). Mixing patterns in networks. *Physical Review E* 67, 026126.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx

__all__ = ["PairMixing", "assortativity", "ei_index", "group_ei_index", "mixing_counts",
           "pair_mixing"]


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def mixing_counts(graph: nx.Graph, attribute: str,
                  skip: Sequence[str] = ()) -> Counter[tuple[str, str]]:
    """Edges per unordered pair of attribute values (``(a, b)`` with ``a <= b``).

    Nodes whose value is missing or in ``skip`` are left out with their edges.
    """
    counts: Counter[tuple[str, str]] = Counter()
    for u, v in graph.edges():
        a, b = graph.nodes[u].get(attribute), graph.nodes[v].get(attribute)
        if a is None or b is None or a in skip or b in skip:
            continue
        counts[_pair(a, b)] += 1
    return counts


def ei_index(graph: nx.Graph, attribute: str, skip: Sequence[str] = ()) -> float | None:
    """Krackhardt-Stern E-I index ``(E - I) / (E + I)``: -1 all ties internal, +1 all external.

    Returns None when no edge has both ends labelled.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph([(1, 2)]); nx.set_node_attributes(g, {1: "x", 2: "y"}, "h")
    >>> ei_index(g, "h")
    1.0
    """
    counts = mixing_counts(graph, attribute, skip)
    internal = sum(n for (a, b), n in counts.items() if a == b)
    external = sum(n for (a, b), n in counts.items() if a != b)
    if internal + external == 0:
        return None
    return (external - internal) / (external + internal)


def group_ei_index(graph: nx.Graph, attribute: str, group: str,
                   skip: Sequence[str] = ()) -> float | None:
    """E-I index of the ties of one group's members (None if they have no labelled tie)."""
    internal = external = 0
    for u, v in graph.edges():
        a, b = graph.nodes[u].get(attribute), graph.nodes[v].get(attribute)
        if a is None or b is None or a in skip or b in skip or group not in (a, b):
            continue
        if a == b:
            internal += 1
        else:
            external += 1
    if internal + external == 0:
        return None
    return (external - internal) / (external + internal)


def assortativity(graph: nx.Graph, attribute: str, skip: Sequence[str] = ()) -> float | None:
    """Newman's attribute assortativity over labelled nodes (None if undefined).

    Undefined when there are no labelled edges or the mixing is perfectly one-valued.
    """
    keep = [n for n, value in graph.nodes(data=attribute)
            if value is not None and value not in skip]
    sub = graph.subgraph(keep)
    if sub.number_of_edges() == 0:
        return None
    value = nx.attribute_assortativity_coefficient(sub, attribute)
    return None if value is None or math.isnan(value) else float(value)


@dataclass(frozen=True)
class PairMixing:
    """Observed ties between two helices and what random tie formation would give."""

    first: str
    second: str
    observed: int
    expected: float
    residual: float
    p_at_least_one: float


def pair_mixing(graph: nx.Graph, attribute: str, groups: Sequence[str],
                skip: Sequence[str] = ()) -> list[PairMixing]:
    """Every unordered pair of groups with observed and expected tie counts.

    The null model places the graph's labelled ties at random among labelled actors, whatever
    their group: a pair of groups with ``n_a`` and ``n_b`` actors expects
    ``m * n_a * n_b / C(N, 2)`` ties (``m * C(n_a, 2) / C(N, 2)`` within a group).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph([(1, 2)]); g.add_node(3)
    >>> nx.set_node_attributes(g, {1: "x", 2: "x", 3: "y"}, "h")
    >>> [(p.first, p.second, p.observed, round(p.expected, 3))
    ...  for p in pair_mixing(g, "h", ["x", "y"])]
    [('x', 'x', 1, 0.333), ('x', 'y', 0, 0.667), ('y', 'y', 0, 0.0)]
    """
    sizes = Counter(value for _, value in graph.nodes(data=attribute)
                    if value is not None and value not in skip)
    counts = mixing_counts(graph, attribute, skip)
    labelled = sum(sizes.values())
    ties = sum(counts.values())
    all_pairs = labelled * (labelled - 1) / 2
    result = []
    for i, a in enumerate(groups):
        for b in groups[i:]:
            possible = sizes[a] * (sizes[a] - 1) / 2 if a == b else sizes[a] * sizes[b]
            expected = ties * possible / all_pairs if all_pairs else 0.0
            observed = counts.get(_pair(a, b), 0)
            residual = (observed - expected) / math.sqrt(expected) if expected > 0 else 0.0
            result.append(PairMixing(a, b, observed, expected, residual,
                                     1.0 - math.exp(-expected)))
    return result
