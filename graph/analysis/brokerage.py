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
from collections import Counter, deque
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

__all__ = ["ROLES", "Betweenness", "auto_pivots", "betweenness", "brokers_by_pair",
           "gould_fernandez", "pair_brokers"]

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


def _two_paths(graph: nx.Graph | nx.DiGraph, groups: Mapping[Hashable, object],  # type: ignore[no-untyped-def]
               brokers: Iterable[Hashable] | None = None):
    directed = graph.is_directed()
    for b in graph.nodes() if brokers is None else brokers:
        if b not in groups:
            continue
        sources = graph.predecessors(b) if directed else graph.neighbors(b)
        targets = list(graph.successors(b) if directed else graph.neighbors(b))
        for a in sources:
            if a == b or a not in groups:
                continue
            for c in targets:
                if c in (a, b) or c not in groups or graph.has_edge(a, c):
                    continue
                yield a, b, c


def gould_fernandez(graph: nx.Graph | nx.DiGraph, groups: Mapping[Hashable, object],
                    brokers: Iterable[Hashable] | None = None) -> dict[Hashable, Counter[str]]:
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
    chosen = list(graph.nodes() if brokers is None else brokers)
    result: dict[Hashable, Counter[str]] = {
        n: Counter({role: 0 for role in ROLES}) for n in chosen if n in groups
    }
    for a, b, c in _two_paths(graph, groups, chosen):
        result[b][_role(groups[a], groups[b], groups[c])] += 1
    return result


def pair_brokers(graph: nx.Graph | nx.DiGraph, groups: Mapping[Hashable, object],
                 first: object, second: object) -> Counter[Hashable]:
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


def brokers_by_pair(graph: nx.Graph | nx.DiGraph, groups: Mapping[Hashable, object],
                    brokers: Iterable[Hashable] | None = None
                    ) -> dict[frozenset[object], Counter[Hashable]]:
    """:func:`pair_brokers` for every pair of groups at once (one pass over the two-paths).

    Examples
    --------
    >>> import networkx as nx
    >>> found = brokers_by_pair(nx.path_graph([1, 2, 3]), {1: "x", 2: "z", 3: "y"})
    >>> found[frozenset({"x", "y"})]
    Counter({2: 2})
    """
    result: dict[frozenset[object], Counter[Hashable]] = {}
    for a, b, c in _two_paths(graph, groups, brokers):
        if groups[a] != groups[c]:
            result.setdefault(frozenset((groups[a], groups[c])), Counter())[b] += 1
    return result


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


def _dependencies(graph: nx.Graph, source: Hashable) -> dict[Hashable, float]:
    """Brandes' single-source dependencies (unweighted shortest paths)."""
    order: list[Hashable] = []
    parents: dict[Hashable, list[Hashable]] = {source: []}
    paths = {source: 1.0}
    dist = {source: 0}
    queue = deque([source])
    while queue:
        v = queue.popleft()
        order.append(v)
        for w in graph[v]:
            if w not in dist:
                dist[w] = dist[v] + 1
                paths[w] = 0.0
                parents[w] = []
                queue.append(w)
            if dist[w] == dist[v] + 1:
                paths[w] += paths[v]
                parents[w].append(v)
    delta = dict.fromkeys(order, 0.0)
    for w in reversed(order):
        for v in parents[w]:
            delta[v] += paths[v] / paths[w] * (1.0 + delta[w])
    delta[source] = 0.0
    return delta


def auto_pivots(graph: nx.Graph, budget: float = 2e7, least: int = 8, most: int = 256) -> int:
    """Pivots for a sampled betweenness within about ``budget`` node+edge visits.

    Examples
    --------
    >>> import networkx as nx
    >>> auto_pivots(nx.empty_graph(10)), auto_pivots(nx.empty_graph(10_000_000))
    (256, 8)
    """
    visits = graph.number_of_nodes() + graph.number_of_edges()
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
    k = min(pivots or auto_pivots(graph), n)
    nodes = sorted(graph.nodes(), key=str)
    sources = random.Random(seed).sample(nodes, k)
    scale = n / ((n - 1) * (n - 2)) if n > 2 else 0.0
    total: dict[Hashable, float] = dict.fromkeys(nodes, 0.0)
    squares: dict[Hashable, float] = dict.fromkeys(nodes, 0.0)
    for s in sources:
        for v, d in _dependencies(graph, s).items():
            x = d * scale
            total[v] += x
            squares[v] += x * x
    values, errors = {}, {}
    correction = math.sqrt(1.0 - k / n) if n > 1 else 0.0
    for v in nodes:
        mean = total[v] / k
        variance = max(squares[v] / k - mean * mean, 0.0) * k / (k - 1) if k > 1 else 0.0
        values[v] = mean
        errors[v] = math.sqrt(variance / k) * correction
    return Betweenness(values, errors, k == n, k)
