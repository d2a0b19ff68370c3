"""Communities (Louvain) compared with helix labels: are the communities sector silos?

Examples
--------
>>> import networkx as nx
>>> g = nx.Graph([(1, 2), (2, 3), (3, 1), (4, 5), (5, 6), (6, 4), (3, 4)])
>>> labels = {1: "x", 2: "x", 3: "x", 4: "y", 5: "y", 6: "y"}
>>> result = compare_with_labels(g, labels)
>>> len(result.communities), result.nmi
(2, 1.0)
>>> [c.dominant_share for c in result.communities]
[1.0, 1.0]

References
----------
Blondel, V. D., Guillaume, J.-L., Lambiotte, R. & Lefebvre, E. (2008). Fast unfolding of
communities in large networks. *J. Stat. Mech.* P10008. Danon, L., Díaz-Guilera, A., Duch, J. &
Arenas, A. (2005). Comparing community structure identification. *J. Stat. Mech.* P09008 (NMI).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import networkx as nx

__all__ = ["Community", "CommunityComparison", "compare_with_labels", "compare_partition",
           "normalised_mutual_information"]

#: A node: communities hold the nodes they were found among, of the same type.
N = TypeVar("N", bound=Hashable)


@dataclass(frozen=True)
class Community(Generic[N]):
    """One community with its helix make-up."""

    members: tuple[N, ...]
    label_counts: tuple[tuple[str, int], ...]

    @property
    def dominant(self) -> str:
        return self.label_counts[0][0] if self.label_counts else ""

    @property
    def dominant_share(self) -> float:
        total = sum(n for _, n in self.label_counts)
        return self.label_counts[0][1] / total if total else 0.0


@dataclass(frozen=True)
class CommunityComparison(Generic[N]):
    """Louvain communities of the non-isolated actors and their agreement with the labels."""

    communities: list[Community[N]]
    nmi: float | None
    modularity: float | None


def normalised_mutual_information(first: Sequence[Hashable], second: Sequence[Hashable]) -> float:
    """NMI ``2 I(X;Y) / (H(X) + H(Y))`` of two labelings of the same items (1 = identical).

    Examples
    --------
    >>> normalised_mutual_information(["a", "a", "b"], [1, 1, 2])
    1.0
    >>> normalised_mutual_information(["a", "b", "a", "b"], [1, 1, 2, 2])
    0.0
    """
    n = len(first)
    if n == 0:
        return 0.0
    joint = Counter(zip(first, second, strict=True))
    px, py = Counter(first), Counter(second)

    def entropy(counts: Counter[Hashable]) -> float:
        return -sum(c / n * math.log(c / n) for c in counts.values())

    mutual = sum(c / n * math.log(c * n / (px[x] * py[y])) for (x, y), c in joint.items())
    hx, hy = entropy(px), entropy(py)
    if hx + hy == 0:
        return 1.0
    return max(0.0, 2 * mutual / (hx + hy))


def compare_with_labels(graph: nx.Graph, labels: Mapping[Hashable, str], seed: int = 42,
                        weight: str | None = "weight") -> CommunityComparison[Hashable]:
    """Louvain communities (seeded) of the non-isolated nodes, each with its label counts.

    Parameters
    ----------
    graph : networkx Graph
    labels : mapping node -> label (e.g. helix); unlabelled nodes count as ``"unknown"``
    seed : int
        Louvain's random seed, for reproducible reports.
    """
    core = graph.subgraph([n for n in graph.nodes() if graph.degree(n) > 0])
    if core.number_of_edges() == 0:
        return CommunityComparison([], None, None)
    found = nx.community.louvain_communities(core, weight=weight, seed=seed)
    modularity = nx.community.modularity(core, found, weight=weight)
    return compare_partition(found, labels, float(modularity))


def compare_partition(found: Iterable[Iterable[N]], labels: Mapping[N, str],
                      modularity: float | None) -> CommunityComparison[N]:
    """Communities (whatever found them), each with its label counts, largest first, and
    their NMI with the labels.

    Examples
    --------
    >>> result = compare_partition([[1, 2], [3]], {1: "x", 2: "x", 3: "y"}, 0.0)
    >>> [c.members for c in result.communities], result.nmi
    ([(1, 2), (3,)], 1.0)
    """
    communities: list[Community[N]] = []
    for members in found:
        ordered = tuple(sorted(members, key=str))
        counts = Counter(labels.get(m, "unknown") for m in ordered)
        communities.append(Community(ordered, tuple(sorted(counts.items(),
                                                           key=lambda kv: (-kv[1], kv[0])))))
    if not communities:
        return CommunityComparison([], None, None)
    communities.sort(key=lambda c: (-len(c.members), str(c.members[0])))
    nodes = sorted((m for c in communities for m in c.members), key=str)
    index = {m: i for i, c in enumerate(communities) for m in c.members}
    nmi = normalised_mutual_information([labels.get(n, "unknown") for n in nodes],
                                        [index[n] for n in nodes])
    return CommunityComparison(communities, nmi, modularity)
