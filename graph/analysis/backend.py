"""Which library runs the heavy graph algorithms: networkx (always there) or networkit (C++).

Louvain and core numbers are where a pure-Python library costs minutes on a national graph
(networkx Louvain: > 120 s at 500,000 ties; networkit's PLM: seconds). ``auto`` picks networkit
when it is installed *and* the graph has at least ``fast_above`` ties; below that networkx is
fast enough and stays the reference, so a small report (Turin's) does not depend on what
happens to be installed. The backend actually used is recorded with the report's parameters.

networkit runs Louvain (PLM) seeded and on one thread, so its communities are reproducible;
they are not networkx's communities (another implementation of the same heuristic), which is
why the tests compare the two by modularity and NMI, never label by label.

Examples
--------
>>> choose_backend("networkx", ties=10**7)
'networkx'
>>> choose_backend("auto", ties=10, fast_above=1000)
'networkx'

References
----------
Staudt, C. L., Sazonovs, A. & Meyerhenke, H. (2016). NetworKit: a tool suite for large-scale
complex network analysis. *Network Science* 4(4), 508-530. Staudt, C. L. & Meyerhenke, H.
(2016). Engineering parallel algorithms for community detection in massive networks. *IEEE
TPDS* 27(1), 171-184 (PLM).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence

import networkx as nx
import numpy as np

from sekg.graph.analysis.arrays import TieArrays

__all__ = ["BACKENDS", "choose_backend", "core_numbers", "louvain", "networkit_available"]

BACKENDS = ("auto", "networkx", "networkit")
INSTALL_HINT = "pip install networkit (or the project's extra: pip install -e '.[fast]')"


def networkit_available() -> bool:
    """True if networkit can be imported."""
    return importlib.util.find_spec("networkit") is not None


def choose_backend(requested: str, ties: int, fast_above: int = 50_000) -> str:
    """The backend to use for a graph of ``ties`` ties: ``networkx`` or ``networkit``.

    Raises ValueError (saying what to do) for an unknown name, or for ``networkit`` when it
    is not installed.
    """
    if requested not in BACKENDS:
        raise ValueError(f"unknown backend '{requested}': use one of {', '.join(BACKENDS)}")
    if requested == "networkit" and not networkit_available():
        raise ValueError(f"the networkit backend is not installed: {INSTALL_HINT}, or use "
                         f"backend 'networkx'")
    if requested == "auto":
        return "networkit" if ties >= fast_above and networkit_available() else "networkx"
    return requested


def _networkit_graph(ties: TieArrays):
    """The weighted networkit graph of ``ties``, built once (``addEdges`` costs about 1.5 µs
    a tie) and kept in ``ties.cache``; core numbers ignore the weights."""
    import networkit as nk

    if "networkit" not in ties.cache:
        graph = nk.Graph(len(ties.nodes), weighted=True, directed=False)
        if ties.edges:
            graph.addEdges((ties.weight, (ties.src, ties.dst)))
        ties.cache["networkit"] = graph
    return ties.cache["networkit"]


def louvain(ties: TieArrays, nodes: Sequence[int], seed: int, backend: str
            ) -> tuple[list[list[int]], float]:
    """Louvain communities (weighted, seeded) of the subgraph on ``nodes`` and their
    modularity; communities are lists of node numbers.

    Examples
    --------
    >>> t = TieArrays.from_edges(list("abcdef"), ["x"] * 6, [
    ...     (u, v, "membership") for u, v in ["ab", "bc", "ca", "de", "ef", "fd", "cd"]])
    >>> found, q = louvain(t, range(6), 42, "networkx")
    >>> sorted(sorted(c) for c in found), round(q, 3)
    ([[0, 1, 2], [3, 4, 5]], 0.357)
    """
    chosen = np.asarray(list(nodes), dtype=np.int64)
    if backend == "networkit":
        import networkit as nk

        # the whole graph: nodes outside ``nodes`` are isolated there, so they stay alone in
        # their own communities (dropped below) and change no modularity
        graph = _networkit_graph(ties)
        threads = nk.getMaxNumberOfThreads()
        nk.setNumberOfThreads(1)          # one thread + seed: reproducible communities
        nk.setSeed(seed, False)
        try:
            plm = nk.community.PLM(graph, refine=False)
            plm.run()
        finally:
            nk.setNumberOfThreads(threads)
        partition = plm.getPartition()
        quality = nk.community.Modularity().getQuality(partition, graph)
        labels = np.asarray(partition.getVector(), dtype=np.int64)[chosen]
        order = np.argsort(labels, kind="stable")
        cuts = np.flatnonzero(np.diff(labels[order])) + 1
        found = [chosen[part].tolist() for part in np.split(order, cuts)]
        return found, float(quality)
    graph = ties.to_networkx(chosen, weight=True)
    communities = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    quality = nx.community.modularity(graph, communities, weight="weight")
    return [list(c) for c in communities], float(quality)


def core_numbers(ties: TieArrays, backend: str) -> np.ndarray:
    """Core number of every node (Batagelj-Zaversnik), as an array.

    Examples
    --------
    >>> t = TieArrays.from_edges(list("abcd"), ["x"] * 4, [
    ...     (u, v, "membership") for u, v in ["ab", "bc", "ca", "cd"]])
    >>> core_numbers(t, "networkx").tolist()
    [2, 2, 2, 1]
    """
    if backend == "networkit":
        import networkit as nk

        algorithm = nk.centrality.CoreDecomposition(_networkit_graph(ties))
        algorithm.run()
        return np.rint(np.asarray(algorithm.scores())).astype(np.int64)
    numbers = nx.core_number(ties.to_networkx())
    return np.array([numbers[i] for i in range(len(ties.nodes))], dtype=np.int64)
