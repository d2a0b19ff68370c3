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
import numpy as np

from sekg.graph.analysis.arrays import TieArrays

__all__ = ["PairMixing", "array_mixing_counts", "assortativity", "assortativity_from_counts",
           "ei_from_counts", "ei_index", "group_ei_from_counts", "group_ei_index",
           "mixing_counts", "pair_mixing", "pair_mixing_from_counts"]


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


def array_mixing_counts(ties: TieArrays, skip: Sequence[str] = ()) -> Counter[tuple[str, str]]:
    """:func:`mixing_counts` of :class:`TieArrays` (helix as the attribute), vectorised.

    Examples
    --------
    >>> t = TieArrays.from_edges(["a", "b", "c"], ["x", "x", "y"],
    ...                          [("a", "b", "membership"), ("b", "c", "membership")])
    >>> sorted(array_mixing_counts(t).items())
    [(('x', 'x'), 1), (('x', 'y'), 1)]
    """
    names = ties.group_names
    k = len(names)
    a, b = ties.groups[ties.src], ties.groups[ties.dst]
    keep = np.ones(len(a), dtype=bool)
    for value in skip:
        if value in names:
            code = names.index(value)
            keep &= (a != code) & (b != code)
    matrix = np.bincount(a[keep] * k + b[keep], minlength=k * k).reshape(k, k)
    counts: Counter[tuple[str, str]] = Counter()
    for i, j in zip(*np.nonzero(matrix), strict=True):
        counts[_pair(names[i], names[j])] += int(matrix[i, j])
    return counts


def ei_from_counts(counts: Counter[tuple[str, str]]) -> float | None:
    """E-I index from :func:`mixing_counts` (None when there is no tie)."""
    internal = sum(n for (a, b), n in counts.items() if a == b)
    external = sum(n for (a, b), n in counts.items() if a != b)
    if internal + external == 0:
        return None
    return (external - internal) / (external + internal)


def group_ei_from_counts(counts: Counter[tuple[str, str]], group: str) -> float | None:
    """E-I index of one group's ties from :func:`mixing_counts` (None if it has none)."""
    internal = sum(n for (a, b), n in counts.items() if a == b == group)
    external = sum(n for (a, b), n in counts.items() if a != b and group in (a, b))
    if internal + external == 0:
        return None
    return (external - internal) / (external + internal)


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
    return ei_from_counts(mixing_counts(graph, attribute, skip))


def group_ei_index(graph: nx.Graph, attribute: str, group: str,
                   skip: Sequence[str] = ()) -> float | None:
    """E-I index of the ties of one group's members (None if they have no labelled tie)."""
    return group_ei_from_counts(mixing_counts(graph, attribute, skip), group)


def assortativity(graph: nx.Graph, attribute: str, skip: Sequence[str] = ()) -> float | None:
    """Newman's attribute assortativity over labelled nodes (None if undefined).

    Undefined when there are no labelled edges or the mixing is perfectly one-valued.
    """
    return assortativity_from_counts(mixing_counts(graph, attribute, skip))


def assortativity_from_counts(counts: Counter[tuple[str, str]]) -> float | None:
    """Newman's ``r = (Σ e_ii - Σ a_i²) / (1 - Σ a_i²)`` from :func:`mixing_counts`, each tie
    counted in both directions as ``networkx.attribute_assortativity_coefficient`` does.

    Examples
    --------
    >>> assortativity_from_counts(Counter({("x", "x"): 2, ("y", "y"): 1}))
    1.0
    >>> assortativity_from_counts(Counter({("x", "x"): 2})) is None
    True
    """
    values = sorted({v for pair in counts for v in pair})
    at = {v: i for i, v in enumerate(values)}
    matrix = np.zeros((len(values), len(values)))
    for (a, b), n in counts.items():
        matrix[at[a], at[b]] += n
        matrix[at[b], at[a]] += n
    total = matrix.sum()
    if total == 0:
        return None
    matrix /= total
    expected = float((matrix @ matrix).sum())
    if expected == 1.0:
        return None
    value = (float(matrix.trace()) - expected) / (1.0 - expected)
    return None if math.isnan(value) else value


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
    return pair_mixing_from_counts(mixing_counts(graph, attribute, skip), sizes, groups)


def pair_mixing_from_counts(counts: Counter[tuple[str, str]], sizes: Counter[str],
                            groups: Sequence[str]) -> list[PairMixing]:
    """:func:`pair_mixing` from tie counts per pair and actors per group."""
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
