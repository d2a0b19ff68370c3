"""Recommendations: candidate cross-helix ties that would close a gap, and their effect.

Candidates come from link prediction on a *context* graph that joins actors to what they
share (declared ties, themes, objectives, territories): two actors of different helices who
are not tied but share neighbours score by the resource-allocation index (Zhou, Lü & Zhang) or
Adamic-Adar. Hubs with more than ``max_shared_degree`` neighbours (e.g. a region everyone
serves) are skipped as evidence, since they say little about a specific pair.

Examples
--------
>>> import networkx as nx
>>> context = nx.Graph([("a", "zone"), ("b", "zone"), ("c", "zone")])
>>> groups = {"a": "x", "b": "y", "c": "x"}
>>> [(c.first, c.second, round(c.score, 3)) for c in candidate_ties(context, groups, nx.Graph())]
[('a', 'b', 0.333), ('b', 'c', 0.333)]

References
----------
Zhou, T., Lü, L. & Zhang, Y.-C. (2009). Predicting missing links via local information.
*European Physical Journal B* 71, 623-630 (resource allocation). Adamic, L. A. & Adar, E.
(2003). Friends and neighbors on the Web. *Social Networks* 25(3), 211-230.
Liben-Nowell, D. & Kleinberg, J. (2007). The link-prediction problem for social networks.
*JASIST* 58(7), 1019-1031.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass

import networkx as nx

from sekg.graph.analysis.mixing import ei_index, mixing_counts

__all__ = ["Candidate", "TieEffect", "TieEffects", "candidate_ties", "tie_effect"]

SCORES = ("resource-allocation", "adamic-adar")


@dataclass(frozen=True)
class Candidate:
    """A suggested tie between two actors of different helices."""

    first: Hashable
    second: Hashable
    score: float
    shared: tuple[Hashable, ...]


def _weight(score: str) -> Callable[[int], float]:
    if score == "resource-allocation":
        return lambda degree: 1.0 / degree
    if score == "adamic-adar":
        return lambda degree: 1.0 / math.log(degree) if degree > 1 else 0.0
    raise ValueError(f"unknown score '{score}': use one of {', '.join(SCORES)}")


def candidate_ties(context: nx.Graph, groups: Mapping[Hashable, str], ties: nx.Graph,
                   pairs: set[tuple[str, str]] | None = None,
                   score: str = "resource-allocation",
                   max_shared_degree: int = 200,
                   sources: set[Hashable] | None = None) -> list[Candidate]:
    """Untied cross-group actor pairs that share neighbours in ``context``, best first.

    Parameters
    ----------
    context : networkx Graph
        Actors and the nodes they share (other actors, themes, territories).
    groups : mapping actor -> group (helix)
        Only these nodes are candidate ends; unlabelled actors are never suggested.
    ties : networkx Graph
        Existing ties: pairs already tied are not suggested.
    pairs : set of (group, group), optional
        Keep only candidates joining these group pairs (either order).
    score : ``"resource-allocation"`` or ``"adamic-adar"``
    max_shared_degree : int
        Shared neighbours with a higher degree are ignored.
    sources : set, optional
        Only pairs with at least one end in ``sources`` (on big graphs: start from a few
        actors instead of enumerating every pair of neighbours).

    Returns
    -------
    list of Candidate
        Sorted by score (descending), then by the ends' identifiers.
    """
    weight = _weight(score)
    wanted = None if pairs is None else {frozenset(p) for p in pairs}
    scores: dict[tuple[Hashable, Hashable], float] = defaultdict(float)
    shared: dict[tuple[Hashable, Hashable], list[Hashable]] = defaultdict(list)

    def consider(u: Hashable, v: Hashable, middle: Hashable, w: float) -> None:
        if groups[u] == groups[v] or ties.has_edge(u, v) or context.has_edge(u, v):
            return
        if wanted is not None and frozenset((groups[u], groups[v])) not in wanted:
            return
        key = (u, v) if str(u) <= str(v) else (v, u)
        scores[key] += w
        shared[key].append(middle)

    if sources is None:
        for middle in context.nodes():
            degree = context.degree(middle)
            if degree < 2 or degree > max_shared_degree:
                continue
            ends = sorted((n for n in context[middle] if n in groups), key=str)
            w = weight(degree)
            for i, u in enumerate(ends):
                for v in ends[i + 1:]:
                    consider(u, v, middle, w)
    else:
        seen: set[tuple[Hashable, Hashable, Hashable]] = set()
        for u in sorted((s for s in sources if s in context and s in groups), key=str):
            for middle in context[u]:
                degree = context.degree(middle)
                if degree < 2 or degree > max_shared_degree:
                    continue
                w = weight(degree)
                for v in context[middle]:
                    if v == u or v not in groups:
                        continue
                    key = (u, v, middle) if str(u) <= str(v) else (v, u, middle)
                    if key in seen:  # both ends are sources: count the pair once
                        continue
                    seen.add(key)
                    consider(u, v, middle, w)
    found = [Candidate(u, v, s, tuple(sorted(shared[(u, v)], key=str)))
             for (u, v), s in scores.items() if s > 0]
    found.sort(key=lambda c: (-c.score, str(c.first), str(c.second)))
    return found


@dataclass(frozen=True)
class TieEffect:
    """Gap metrics before and after adding one tie."""

    ei_before: float | None
    ei_after: float | None
    missing_pairs_before: int
    missing_pairs_after: int
    components_before: int
    components_after: int


class TieEffects:
    """Computes :class:`TieEffect` for many candidate ties from one pass over the tie graph
    (mixing counts and components), so each candidate costs O(1) instead of a graph copy."""

    def __init__(self, ties: nx.Graph, groups: Mapping[Hashable, str],
                 group_names: list[str]) -> None:
        self.groups = groups
        self.counts = mixing_counts(ties, "helix")
        self.internal = sum(n for (a, b), n in self.counts.items() if a == b)
        self.external = sum(n for (a, b), n in self.counts.items() if a != b)
        self.missing = {(a, b) for i, a in enumerate(group_names) for b in group_names[i + 1:]
                        if self.counts.get((min(a, b), max(a, b)), 0) == 0}
        self.component = {n: i for i, c in enumerate(nx.connected_components(ties)) for n in c}
        self.components = len(set(self.component.values()))
        self.ei_before = ei_index(ties, "helix")

    def of(self, first: Hashable, second: Hashable) -> TieEffect:
        a, b = self.groups[first], self.groups[second]
        internal = self.internal + (a == b)
        external = self.external + (a != b)
        pair = (min(a, b), max(a, b))
        joins = self.component.get(first) != self.component.get(second) or first not in \
            self.component
        return TieEffect(
            ei_before=self.ei_before,
            ei_after=(external - internal) / (external + internal),
            missing_pairs_before=len(self.missing),
            missing_pairs_after=len(self.missing) - (pair in self.missing),
            components_before=self.components,
            components_after=self.components - (1 if joins else 0),
        )


def tie_effect(ties: nx.Graph, groups: Mapping[Hashable, str], first: Hashable,
               second: Hashable, group_names: list[str]) -> TieEffect:
    """What adding the tie ``first - second`` does to the E-I index, the number of helix pairs
    with no tie, and the number of connected components.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph([(1, 2)]); g.add_node(3)
    >>> nx.set_node_attributes(g, {1: "x", 2: "x", 3: "y"}, "helix")
    >>> e = tie_effect(g, {1: "x", 2: "x", 3: "y"}, 2, 3, ["x", "y"])
    >>> (e.ei_before, e.ei_after, e.missing_pairs_before, e.missing_pairs_after)
    (-1.0, 0.0, 1, 0)
    """
    return TieEffects(ties, groups, group_names).of(first, second)
