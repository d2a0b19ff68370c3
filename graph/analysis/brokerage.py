"""Brokerage: Gould-Fernandez roles by group, and betweenness (exact or sampled with its error).

Gould and Fernandez classify every open two-path ``a -> b -> c`` (``a != c``, no tie
``a -> c``) by the groups of its three actors; the broker is ``b``:

============== ========================= ==============================================
role           groups                    meaning
============== ========================= ==============================================
coordinator    g(a) = g(b) = g(c)        brokers inside its own group
itinerant      g(a) = g(c) != g(b)       an outsider brokering inside another group
representative g(a) = g(b) != g(c)       carries its group's ties out to another group
gatekeeper     g(a) != g(b) = g(c)       lets another group's ties into its own
liaison        all three differ          links two groups it belongs to neither of
============== ========================= ==============================================

networkx has no implementation (checked: networkx 3.x), so it is written here. An undirected
graph is read as a reciprocal directed one, so each open two-path counts once in each direction
(as statnet's ``brokerage`` does).

Examples
--------
>>> import networkx as nx
>>> g = nx.DiGraph([("a", "b"), ("b", "c")])
>>> groups = {"a": "x", "b": "y", "c": "z"}
>>> gould_fernandez(g, groups)["b"]["liaison"]
1

References
----------
Gould, R. V. & Fernandez, R. M. (1989). Structures of mediation: a formal approach to brokerage
in transaction networks. *Sociological Methodology* 19, 89-126.
Brandes, U. (2001). A faster algorithm for betweenness centrality. *Journal of Mathematical
Sociology* 25(2), 163-177. Brandes, U. & Pich, C. (2007). Centrality estimation in large
networks. *International Journal of Bifurcation and Chaos* 17(7), 2303-2318 (pivot sampling).
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

import networkx as nx
import numpy as np

from sekg.graph.analysis.arrays import TieArrays

__all__ = ["ROLES", "Betweenness", "array_betweenness", "array_pairs_by_broker", "auto_pivots",
           "betweenness", "brokers_by_group_pair", "brokers_by_pair", "csr_betweenness",
           "gould_fernandez", "open_pairs", "pair_brokers", "pairs_by_broker", "roles_from_pairs",
           "sample_sources"]

#: A node: the functions below give back the nodes they are given, of the same type.
N = TypeVar("N", bound=Hashable)

ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")


def _role(ga: object, gb: object, gc: object) -> str:
    if ga == gb == gc:
        return "coordinator"
    if ga == gc:
        return "itinerant"
    if ga == gb:
        return "representative"
    if gb == gc:
        return "gatekeeper"
    return "liaison"


def open_pairs(sources: set[N] | frozenset[N], targets: set[N] | frozenset[N],
               successors: Callable[[N], Collection[N]],
               groups: Mapping[N, object]) -> Counter[tuple[object, object]]:
    """Open two-paths ``a -> b -> c`` through one broker ``b``, counted by ``(g(a), g(c))``.

    ``sources`` are ``b``'s grouped in-neighbours and ``targets`` its grouped out-neighbours
    (``b`` itself left out). Every pair ``a != c`` is a two-path; the closed ones (``a -> c``
    a tie) are found by set intersections and subtracted, so a broker costs
    ``O(sum over a of min(d(a), d(b)))`` rather than ``d(b)²`` tie look-ups.

    Examples
    --------
    >>> adj = {1: {2}, 2: {1, 3}, 3: {2}}
    >>> open_pairs({1, 3}, {1, 3}, adj.__getitem__, {1: "x", 3: "y"})
    Counter({('x', 'y'): 1, ('y', 'x'): 1})
    """
    into = Counter(groups[a] for a in sources)
    out = Counter(groups[c] for c in targets)
    found: Counter[tuple[object, object]] = Counter(
        {(x, y): into[x] * out[y] for x in into for y in out})
    for a in sources & targets:                      # a -> b -> a is no two-path
        found[(groups[a], groups[a])] -= 1
    for a in sources:
        ga = groups[a]
        for c in targets.intersection(successors(a)):  # closed: a -> c is a tie
            if c != a:
                found[(ga, groups[c])] -= 1
    return +found


def pairs_by_broker(graph: nx.Graph | nx.DiGraph, groups: Mapping[N, object],
                    brokers: Iterable[N] | None = None
                    ) -> dict[N, Counter[tuple[object, object]]]:
    """:func:`open_pairs` of every grouped broker (or of ``brokers``) of a networkx graph."""
    directed = graph.is_directed()
    result = {}
    for b in graph.nodes() if brokers is None else brokers:
        if b not in groups:
            continue
        into = graph.predecessors(b) if directed else graph.neighbors(b)
        out = graph.successors(b) if directed else graph.neighbors(b)
        sources = {a for a in into if a != b and a in groups}
        targets = {c for c in out if c != b and c in groups}
        result[b] = open_pairs(sources, targets,
                               graph.successors if directed else graph.neighbors, groups)
    return result


def array_pairs_by_broker(ties: TieArrays, brokers: Iterable[int]
                          ) -> dict[int, Counter[tuple[object, object]]]:
    """:func:`pairs_by_broker` on :class:`TieArrays` (helix as group, ``unknown`` left out),
    for the given broker numbers.

    Examples
    --------
    >>> t = TieArrays.from_edges(["a", "b", "c"], ["x", "z", "y"],
    ...                          [("a", "b", "membership"), ("b", "c", "membership")])
    >>> array_pairs_by_broker(t, [1])
    {1: Counter({('x', 'y'): 1, ('y', 'x'): 1})}
    """
    unknown = ties.unknown
    names: list[object] = [None if g == unknown else ties.group_names[g]
                           for g in ties.groups.tolist()]
    result = {}
    for b in brokers:
        if names[b] is None:
            continue
        ends = {a for a in ties.neighbour_set(b) if names[a] is not None and a != b}
        result[b] = open_pairs(ends, ends, ties.neighbour_set, names)  # type: ignore[arg-type]
    return result


def roles_from_pairs(pairs: Mapping[N, Counter[tuple[object, object]]],
                     groups: Mapping[N, object]) -> dict[N, Counter[str]]:
    """Gould-Fernandez role counts from :func:`pairs_by_broker`."""
    result: dict[N, Counter[str]] = {}
    for b, found in pairs.items():
        roles = result[b] = Counter({role: 0 for role in ROLES})
        for (ga, gc), n in found.items():
            roles[_role(ga, groups[b], gc)] += n
    return result


def brokers_by_group_pair(pairs: Mapping[N, Counter[tuple[object, object]]]
                          ) -> dict[frozenset[object], Counter[N]]:
    """Per unordered pair of different groups, the open two-paths each broker spans, from
    :func:`pairs_by_broker`."""
    result: dict[frozenset[object], Counter[N]] = {}
    for b, found in pairs.items():
        for (ga, gc), n in found.items():
            if ga != gc:
                result.setdefault(frozenset((ga, gc)), Counter())[b] += n
    return result


def gould_fernandez(graph: nx.Graph | nx.DiGraph, groups: Mapping[N, object],
                    brokers: Iterable[N] | None = None) -> dict[N, Counter[str]]:
    """Counts of each brokerage role per broker.

    Parameters
    ----------
    graph : networkx Graph or DiGraph
        Ties; an undirected edge counts in both directions.
    groups : mapping node -> group
        Nodes without a group are ignored as ends and as brokers.
    brokers : iterable of nodes, optional
        Only count for these brokers (e.g. a random sample on a big graph).

    Returns
    -------
    dict node -> Counter(role -> count)
        Every grouped broker, with zero counts for roles it never plays.

    Examples
    --------
    A path ``x1 - x2 - y1`` (undirected): ``x2`` is once representative (``x1 -> x2 -> y1``)
    and once gatekeeper (``y1 -> x2 -> x1``).

    >>> import networkx as nx
    >>> roles = gould_fernandez(nx.path_graph(["x1", "x2", "y1"]),
    ...                         {"x1": "x", "x2": "x", "y1": "y"})
    >>> roles["x2"]["representative"], roles["x2"]["gatekeeper"], roles["x1"].total()
    (1, 1, 0)
    """
    return roles_from_pairs(pairs_by_broker(graph, groups, brokers), groups)


def pair_brokers(graph: nx.Graph | nx.DiGraph, groups: Mapping[N, object],
                 first: object, second: object) -> Counter[N]:
    """How many open two-paths each broker closes between a ``first`` and a ``second`` actor.

    Counts ``a -> b -> c`` with ``{g(a), g(c)} = {first, second}`` (``first != second``),
    whatever the broker's own group: these are the actors already bridging that pair.

    Examples
    --------
    >>> import networkx as nx
    >>> pair_brokers(nx.path_graph([1, 2, 3]), {1: "x", 2: "z", 3: "y"}, "x", "y")
    Counter({2: 2})
    """
    return brokers_by_pair(graph, groups).get(frozenset((first, second)), Counter())


def brokers_by_pair(graph: nx.Graph | nx.DiGraph, groups: Mapping[N, object],
                    brokers: Iterable[N] | None = None
                    ) -> dict[frozenset[object], Counter[N]]:
    """:func:`pair_brokers` for every pair of groups at once (one pass over the two-paths).

    Examples
    --------
    >>> import networkx as nx
    >>> found = brokers_by_pair(nx.path_graph([1, 2, 3]), {1: "x", 2: "z", 3: "y"})
    >>> found[frozenset({"x", "y"})]
    Counter({2: 2})
    """
    return brokers_by_group_pair(pairs_by_broker(graph, groups, brokers))


@dataclass(frozen=True)
class Betweenness:
    """Normalised betweenness per node; ``exact`` or estimated from ``pivots`` sources.

    ``standard_error`` holds each estimate's standard error (0 when exact); ``max_error`` is
    the largest of them.
    """

    values: dict[Hashable, float]
    standard_error: dict[Hashable, float]
    exact: bool
    pivots: int

    @property
    def max_error(self) -> float:
        return max(self.standard_error.values(), default=0.0)


def _csr(graph: nx.Graph, nodes: list[Hashable]) -> tuple[np.ndarray, np.ndarray]:
    at = {v: i for i, v in enumerate(nodes)}
    indptr = np.zeros(len(nodes) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(graph[v]) - (v in graph[v]) for v in nodes])
    indices = np.fromiter((at[w] for v in nodes for w in graph[v] if w != v), dtype=np.int64,
                          count=int(indptr[-1]))
    return indptr, indices


def _dependencies(matrix, sources: np.ndarray) -> np.ndarray:
    """Brandes' single-source dependencies of a batch of sources at once (unweighted).

    Breadth-first search level by level as sparse-matrix products on the frontier's rows:
    ``sigma`` counts shortest paths, then dependencies flow back one level at a time,
    ``delta_v = sigma_v * sum over children w of (1 + delta_w) / sigma_w``. Returns an
    ``n x k`` array (column j: dependencies on source j, 0 at the source itself).
    """
    n, k = matrix.shape[0], len(sources)
    columns = np.arange(k)
    dist = np.full((n, k), -1, dtype=np.int32)
    sigma = np.zeros((n, k))
    dist[sources, columns] = 0
    sigma[sources, columns] = 1.0
    levels = [np.unique(sources)]
    while True:
        rows = levels[-1]
        depth = len(levels) - 1
        frontier = np.where(dist[rows] == depth, sigma[rows], 0.0)
        reached = matrix[rows].T @ frontier
        new = (dist == -1) & (reached > 0)
        if not new.any():
            break
        sigma[new] = reached[new]
        dist[new] = depth + 1
        levels.append(np.flatnonzero(new.any(axis=1)))
    delta = np.zeros((n, k))
    for depth in range(len(levels) - 1, 0, -1):
        rows = levels[depth]
        here = dist[rows] == depth
        share = np.where(here, (1.0 + delta[rows]) / np.where(here, sigma[rows], 1.0), 0.0)
        back = matrix[rows].T @ share
        parents = levels[depth - 1]
        mask = dist[parents] == depth - 1
        delta[parents] += np.where(mask, sigma[parents] * back[parents], 0.0)
    delta[sources, columns] = 0.0
    return delta


def csr_betweenness(indptr: np.ndarray, indices: np.ndarray, sources: np.ndarray,
                    batch: int = 16) -> tuple[np.ndarray, np.ndarray]:
    """Sampled betweenness of a graph in CSR form from the given ``sources`` (Brandes-Pich):
    each node's normalised estimate and its standard error (see :func:`betweenness`).

    Examples
    --------
    >>> values, errors = csr_betweenness(np.array([0, 1, 3, 4]), np.array([1, 0, 2, 1]),
    ...                                  np.array([0, 1, 2]))
    >>> values.tolist(), errors.tolist()
    ([0.0, 1.0, 0.0], [0.0, 0.0, 0.0])
    """
    from scipy.sparse import csr_array

    n, k = len(indptr) - 1, len(sources)
    matrix = csr_array((np.ones(len(indices)), indices, indptr), shape=(n, n))
    scale = n / ((n - 1) * (n - 2)) if n > 2 else 0.0
    total = np.zeros(n)
    squares = np.zeros(n)
    for start in range(0, k, batch):
        contribution = _dependencies(matrix, sources[start:start + batch]) * scale
        total += contribution.sum(axis=1)
        squares += (contribution * contribution).sum(axis=1)
    mean = total / k
    variance = np.maximum(squares / k - mean * mean, 0.0) * k / (k - 1) if k > 1 else \
        np.zeros(n)
    correction = math.sqrt(1.0 - k / n) if n > 1 else 0.0
    return mean, np.sqrt(variance / k) * correction


def auto_pivots(graph: nx.Graph | int, budget: float = 2e7, least: int = 8,
                most: int = 256) -> int:
    """Pivots for a sampled betweenness within about ``budget`` node+edge visits (``graph``
    may be that number of visits).

    Examples
    --------
    >>> import networkx as nx
    >>> auto_pivots(nx.empty_graph(10)), auto_pivots(nx.empty_graph(10_000_000))
    (256, 8)
    """
    visits = graph if isinstance(graph, int) else graph.number_of_nodes() + \
        graph.number_of_edges()
    return int(max(least, min(most, budget // max(visits, 1))))


def betweenness(graph: nx.Graph, exact_limit: int = 1000, pivots: int | None = None,
                seed: int = 42) -> Betweenness:
    """Normalised betweenness (as ``networkx.betweenness_centrality``), sampled on big graphs.

    Parameters
    ----------
    graph : networkx Graph
        Undirected, unweighted.
    exact_limit : int
        Up to this many nodes the exact algorithm runs (networkx).
    pivots : int, optional
        Sources sampled without replacement above ``exact_limit`` (Brandes & Pich); by
        default :func:`auto_pivots` (256 on small graphs, fewer on big ones, at least 8).
    seed : int
        Seed of the sample (results are reproducible).

    Returns
    -------
    Betweenness
        For a sample, each node's value is the mean of its per-source contributions scaled to
        the whole graph, and its standard error ``sd / sqrt(k) * sqrt(1 - k / n)``.

    Examples
    --------
    >>> import networkx as nx
    >>> result = betweenness(nx.path_graph(3))
    >>> result.values[1], result.exact
    (1.0, True)
    >>> sampled = betweenness(nx.path_graph(3), exact_limit=0, pivots=3)
    >>> sampled.values[1], sampled.max_error
    (1.0, 0.0)
    """
    n = graph.number_of_nodes()
    if n <= exact_limit:
        values = nx.betweenness_centrality(graph, normalized=True)
        return Betweenness(values, dict.fromkeys(values, 0.0), True, n)
    nodes = sorted(graph.nodes(), key=str)
    indptr, indices = _csr(graph, nodes)
    k = min(pivots or auto_pivots(graph), n)
    sources = sample_sources(nodes, k, seed)
    values, errors = csr_betweenness(indptr, indices, sources)
    return Betweenness(dict(zip(nodes, values.tolist(), strict=True)),
                       dict(zip(nodes, errors.tolist(), strict=True)), k == n, k)


def sample_sources(nodes: Sequence[Hashable], k: int, seed: int) -> np.ndarray:
    """Positions in ``nodes`` (sorted by their text) of ``k`` sources sampled without
    replacement with ``random.Random(seed)`` — the same sample whatever the backend."""
    at = {v: i for i, v in enumerate(nodes)}
    return np.array([at[v] for v in random.Random(seed).sample(nodes, k)], dtype=np.int64)


def array_betweenness(ties: TieArrays, exact_limit: int = 1000, pivots: int | None = None,
                      seed: int = 42) -> Betweenness:
    """:func:`betweenness` of the tied actors of :class:`TieArrays`, keyed by IRI; the same
    sources are sampled as :func:`betweenness` samples on the networkx graph.

    Examples
    --------
    >>> t = TieArrays.from_edges(["a", "b", "c", "d"], ["x"] * 4,
    ...                          [("a", "b", "membership"), ("b", "c", "membership")])
    >>> result = array_betweenness(t, exact_limit=0, pivots=3)
    >>> result.values["b"], sorted(result.values)
    (1.0, ['a', 'b', 'c'])
    """
    tied = np.flatnonzero(ties.degree > 0)
    n = len(tied)
    if n <= exact_limit:
        core = nx.Graph()
        core.add_edges_from(ties.to_networkx().edges())   # the tie graph's edge order
        exact = nx.betweenness_centrality(core, normalized=True)
        values = {ties.nodes[i]: v for i, v in exact.items()}
        return Betweenness(values, dict.fromkeys(values, 0.0), True, n)
    from scipy.sparse import csr_array

    names = [ties.nodes[i] for i in tied.tolist()]
    order = sorted(range(n), key=names.__getitem__)
    nodes = tied[order]
    matrix = csr_array((np.ones(len(ties.indices)), ties.indices, ties.indptr),
                       shape=(len(ties.nodes), len(ties.nodes)))[nodes][:, nodes]
    sorted_names = [names[i] for i in order]
    k = min(pivots or auto_pivots(n + ties.edges), n)
    scores, errors = csr_betweenness(matrix.indptr.astype(np.int64),
                                     matrix.indices.astype(np.int64),
                                     sample_sources(sorted_names, k, seed))
    return Betweenness(dict(zip(sorted_names, scores.tolist(), strict=True)),
                       dict(zip(sorted_names, errors.tolist(), strict=True)), k == n, k)
