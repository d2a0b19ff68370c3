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

from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import networkx as nx
import numpy as np

from sekg.graph.analysis.arrays import TieArrays, graph_csr
from sekg.graph.analysis.mixing import ei_from_counts, mixing_counts
from sekg.graph.analysis.projection import Projections

__all__ = ["Candidate", "TieEffect", "TieEffects", "candidate_ties", "context_arrays",
           "csr_candidate_ties", "tie_effect"]

#: A node (an actor): candidates and effects name the nodes they were given, of the same type.
N = TypeVar("N", bound=Hashable)

SCORES = ("resource-allocation", "adamic-adar")


@dataclass(frozen=True)
class Candidate(Generic[N]):
    """A suggested tie between two actors of different helices."""

    first: N
    second: N
    score: float
    shared: tuple[N, ...]


def _weight(score: str) -> Callable[[np.ndarray], np.ndarray]:
    if score == "resource-allocation":
        return lambda degree: 1.0 / degree
    if score == "adamic-adar":
        return lambda degree: np.where(degree > 1, 1.0 / np.log(np.maximum(degree, 2)), 0.0)
    raise ValueError(f"unknown score '{score}': use one of {', '.join(SCORES)}")


def csr_candidate_ties(indptr: np.ndarray, indices: np.ndarray, names: Sequence[N],
                       groups: np.ndarray, pairs: set[frozenset[int]] | None = None,
                       score: str = "resource-allocation", max_shared_degree: int = 200,
                       sources: np.ndarray | None = None, per_pair: int | None = None,
                       exclude: np.ndarray | None = None) -> list[Candidate[N]]:
    """:func:`candidate_ties` on a context graph in CSR form, by one sparse product.

    ``groups[i]`` is node i's group code (-1: never a candidate end); ``pairs`` holds wanted
    pairs of codes; ``exclude`` sorted keys ``u * N + v`` of pairs never to suggest (existing
    ties outside the context graph). Scores are ``S = A[rows] · diag(w) · A`` with
    ``w = 1/degree`` (or ``1/log degree``) on shared neighbours of degree 2 to
    ``max_shared_degree``; rows are ``sources`` (or every grouped node). ``per_pair`` keeps
    only that many best candidates per pair of groups (the shared neighbours are then listed
    for those alone). Candidates are named by ``names``.

    Examples
    --------
    Nodes 0 (group 0) and 1 (group 1) share node 2 (degree 2): score 1/2.

    >>> found = csr_candidate_ties(np.array([0, 1, 2, 4]), np.array([2, 2, 0, 1]),
    ...                            ["a", "b", "z"], np.array([0, 1, -1]))
    >>> [(c.first, c.second, c.score, c.shared) for c in found]
    [('a', 'b', 0.5, ('z',))]
    """
    from scipy.sparse import csr_array, diags_array

    n = len(names)
    weigh = _weight(score)
    matrix = csr_array((np.ones(len(indices)), indices, indptr), shape=(n, n))
    degree = np.diff(indptr)
    eligible = (degree >= 2) & (degree <= max_shared_degree)
    w = np.zeros(n)
    w[eligible] = weigh(degree[eligible].astype(np.float64))
    grouped = groups >= 0
    rows = np.flatnonzero(grouped) if sources is None else np.unique(sources)
    rows = rows[grouped[rows]]
    if len(rows) == 0:
        return []
    product = (matrix[rows] @ diags_array(w) @ matrix).tocoo()
    u, v, value = rows[product.row], product.col.astype(np.int64), product.data
    is_row = np.zeros(n, dtype=bool)
    is_row[rows] = True
    keep = (value > 0) & grouped[v] & (u != v) & (groups[u] != groups[v])
    keep &= ~is_row[v] | (u < v)                 # a pair of two rows once
    u, v, value = u[keep], v[keep], value[keep]
    if pairs is not None:
        k = int(groups.max()) + 1
        wanted = np.zeros((k, k), dtype=bool)
        for pair in pairs:
            a, b = (tuple(pair) * 2)[:2]
            wanted[a, b] = wanted[b, a] = True
        keep = wanted[groups[u], groups[v]]
        u, v, value = u[keep], v[keep], value[keep]
    owner = np.repeat(np.arange(n, dtype=np.int64), degree)
    adjacent = np.sort(owner * n + indices)
    if exclude is not None:
        adjacent = np.union1d(adjacent, exclude)
    key = u * n + v
    at = np.minimum(np.searchsorted(adjacent, key), max(len(adjacent) - 1, 0))
    keep = ~(adjacent[at] == key) if len(adjacent) else np.ones(len(key), dtype=bool)
    u, v, value = u[keep], v[keep], value[keep]
    text = [str(x) for x in names]
    ends = [(a, b) if text[a] <= text[b] else (b, a)
            for a, b in zip(u.tolist(), v.tolist(), strict=True)]
    # round away the last bits, which depend on the order of summation
    ranked = sorted(zip(np.round(value, 12).tolist(), ends, strict=True),
                    key=lambda sv: (-sv[0], text[sv[1][0]], text[sv[1][1]]))
    taken: Counter[tuple[int, int]] = Counter()
    found: list[Candidate[N]] = []
    for value_, (a, b) in ranked:
        group_pair = (min(groups[a], groups[b]), max(groups[a], groups[b]))
        if per_pair is not None:
            if taken[group_pair] >= per_pair:
                continue
            taken[group_pair] += 1
        middle = np.intersect1d(matrix.indices[indptr[a]:indptr[a + 1]],
                                matrix.indices[indptr[b]:indptr[b + 1]])
        shared = tuple(sorted((names[m] for m in middle[eligible[middle]].tolist()), key=str))
        found.append(Candidate(names[a], names[b], value_, shared))
    return found


def context_arrays(projections: Projections, ties: TieArrays
                   ) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """:meth:`Projections.context_graph` in CSR form: actors numbered as in ``ties``, then
    the themes, objectives, proposals and zones (``zone:N``) they touch. Returns
    ``(indptr, indices, names)``.

    Examples
    --------
    >>> from sekg.graph.analysis.projection import Actor
    >>> actors = {i: Actor(i, i, None, "x", "x", "", "", "", (1,)) for i in "ab"}
    >>> p = Projections(actors, [], nx.Graph(), nx.Graph(), ["x"], {}, {}, {}, {})
    >>> indptr, indices, names = context_arrays(p, TieArrays.from_edges("ab", "xx", []))
    >>> names, indices.tolist()
    (['a', 'b', 'zone:1'], [2, 2, 0, 1])
    """
    names = list(ties.nodes)
    at = dict(ties.index)

    def number(x: str) -> int:
        if x not in at:
            at[x] = len(names)
            names.append(x)
        return at[x]

    pairs = {(number(a), number(b)) for a, b in projections.actor_targets.edges()}
    pairs |= {(at[iri], number(f"zone:{zone}")) for iri, actor in projections.actors.items()
              for zone in actor.zones}
    # ties join actors, the rest join an actor to a non-actor: the two sets cannot overlap,
    # and each is free of repeats, so no costly de-duplication of the whole edge list
    extra = np.array(sorted((a, b) for a, b in pairs if a != b), dtype=np.int64).reshape(-1, 2)
    u = np.concatenate([ties.src, ties.dst, extra[:, 0], extra[:, 1]])
    v = np.concatenate([ties.dst, ties.src, extra[:, 1], extra[:, 0]])
    n = len(names)
    order = np.argsort(u, kind="stable")
    indptr = np.zeros(n + 1, dtype=np.int64)
    indptr[1:] = np.cumsum(np.bincount(u, minlength=n))
    return indptr, v[order], names


def candidate_ties(context: nx.Graph, groups: Mapping[N, str], ties: nx.Graph,
                   pairs: set[tuple[str, str]] | None = None,
                   score: str = "resource-allocation",
                   max_shared_degree: int = 200,
                   sources: set[N] | None = None) -> list[Candidate[N]]:
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
        Sorted by score (descending), then by the ends' identifiers
        (:func:`csr_candidate_ties` does the work).
    """
    _weight(score)
    names, indptr, indices = graph_csr(context)
    at = {x: i for i, x in enumerate(names)}
    labels = sorted({str(g) for g in groups.values()})
    code = {g: i for i, g in enumerate(labels)}
    group_codes = np.array([code[str(groups[x])] if x in groups else -1 for x in names],
                           dtype=np.int64)
    wanted = None if pairs is None else {frozenset(code[str(g)] for g in p) for p in pairs
                                         if all(str(g) in code for g in p)}
    n = len(names)
    exclude = np.sort(np.array([at[a] * n + at[b] for x, y in ties.edges()
                                if x in at and y in at for a, b in ((x, y), (y, x))],
                               dtype=np.int64))
    chosen = None if sources is None else np.array([at[x] for x in sources if x in at],
                                                  dtype=np.int64)
    return csr_candidate_ties(indptr, indices, names, group_codes, wanted, score,
                              max_shared_degree, chosen, None, exclude)


@dataclass(frozen=True)
class TieEffect:
    """Gap metrics before and after adding one tie."""

    ei_before: float | None
    ei_after: float | None
    missing_pairs_before: int
    missing_pairs_after: int
    components_before: int
    components_after: int


class TieEffects(Generic[N]):
    """Computes :class:`TieEffect` for many candidate ties from the tie graph's mixing counts
    (helix pairs, ``unknown`` included) and each actor's component, so each candidate costs
    O(1) instead of a graph copy.

    Examples
    --------
    >>> e = TieEffects(Counter({("x", "x"): 1}), {1: 0, 2: 0, 3: 1}, {1: "x", 2: "x", 3: "y"},
    ...                ["x", "y"]).of(2, 3)
    >>> e.ei_after, e.missing_pairs_after, e.components_after
    (0.0, 0, 1)
    """

    def __init__(self, counts: Counter[tuple[str, str]], component: Mapping[N, int],
                 groups: Mapping[N, str], group_names: list[str]) -> None:
        self.groups = groups
        self.counts = counts
        self.internal = sum(n for (a, b), n in counts.items() if a == b)
        self.external = sum(n for (a, b), n in counts.items() if a != b)
        self.missing = {(a, b) for i, a in enumerate(group_names) for b in group_names[i + 1:]
                        if counts.get((min(a, b), max(a, b)), 0) == 0}
        self.component = component
        self.components = len(set(component.values()))
        self.ei_before = ei_from_counts(counts)

    @classmethod
    def from_graph(cls, ties: nx.Graph, groups: Mapping[N, str],
                   group_names: list[str]) -> TieEffects[N]:
        """From a tie graph whose nodes carry ``helix``."""
        component = {n: i for i, c in enumerate(nx.connected_components(ties)) for n in c}
        return TieEffects(mixing_counts(ties, "helix"), component, groups, group_names)

    def of(self, first: N, second: N) -> TieEffect:
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


def tie_effect(ties: nx.Graph, groups: Mapping[N, str], first: N, second: N,
               group_names: list[str]) -> TieEffect:
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
    return TieEffects.from_graph(ties, groups, group_names).of(first, second)
