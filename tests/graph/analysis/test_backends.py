"""The array form of the analysis agrees with networkx, and the networkit backend agrees with
the networkx one: exactly where the algorithm is deterministic (core numbers), statistically
where it is a heuristic (Louvain: modularity and NMI, never labels)."""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pytest

from sekg.graph.analysis import AnalysisOptions, analyse
from sekg.graph.analysis.arrays import TieArrays
from sekg.graph.analysis.backend import (
    choose_backend,
    core_numbers,
    louvain,
    networkit_available,
)
from sekg.graph.analysis.brokerage import (
    array_betweenness,
    array_pairs_by_broker,
    betweenness,
    gould_fernandez,
    roles_from_pairs,
)
from sekg.graph.analysis.communities import normalised_mutual_information
from sekg.graph.analysis.fragility import csr_fragility, fragility
from sekg.graph.analysis.mixing import array_mixing_counts, assortativity, mixing_counts
from sekg.graph.analysis.projection import Actor, Projections
from tests.conftest import need

HELICES = ("business", "finance", "public-administration", "unknown")


def _random_ties(seed: int, n: int = 60, m: int = 120) -> tuple[nx.Graph, TieArrays]:
    """A random graph with a few isolates, as networkx (nodes carry ``helix``) and arrays."""
    rng = random.Random(seed)
    nodes = [f"n{i:03d}" for i in range(n)]
    helices = [rng.choice(HELICES) for _ in nodes]
    records = [(rng.choice(nodes), rng.choice(nodes), "membership") for _ in range(m)]
    graph = nx.Graph()
    graph.add_nodes_from((v, {"helix": h}) for v, h in zip(nodes, helices, strict=True))
    graph.add_edges_from((u, v) for u, v, _ in records if u != v)
    return graph, TieArrays.from_edges(nodes, helices, records)


def _planted(seed: int, blocks: int = 4, size: int = 60) -> TieArrays:
    """Planted partition: dense blocks (p = 0.3), sparse between (p = 0.01)."""
    graph = nx.planted_partition_graph(blocks, size, 0.3, 0.01, seed=seed)
    nodes = [f"v{i:04d}" for i in graph]
    return TieArrays.from_edges(nodes, ["x"] * len(nodes),
                                [(nodes[u], nodes[v], "membership") for u, v in graph.edges()])


def _networkit() -> None:
    need(networkit_available(), "networkit is not installed: pip install -e '.[fast]'")


@pytest.mark.parametrize("seed", range(5))
def test_arrays_hold_the_networkx_graph(seed: int) -> None:
    """Same edges (repeats merged, loops dropped), degrees and mixing counts."""
    graph, ties = _random_ties(seed)
    edges = {frozenset((ties.nodes[u], ties.nodes[v])) for u, v in
             zip(ties.src.tolist(), ties.dst.tolist(), strict=True)}
    assert edges == {frozenset(e) for e in graph.edges()}
    assert ties.degree.tolist() == [graph.degree(v) for v in ties.nodes]
    assert array_mixing_counts(ties) == mixing_counts(graph, "helix")
    assert array_mixing_counts(ties, ("unknown",)) == mixing_counts(graph, "helix", ("unknown",))


@pytest.mark.parametrize("seed", range(3))
def test_fragility_of_many_components_equals_networkx(seed: int) -> None:
    """Hundreds of components (isolates, pairs, paths, triangles): more than the 16 x 16
    roots one level of virtual nodes above them holds, so the search runs through a tree of
    them (fragility._depth_first); the answers stay networkx's."""
    rng = random.Random(seed)
    graph = nx.Graph()
    nodes: list[str] = []
    for c in range(700):
        kind = rng.choice(("isolate", "pair", "path", "triangle"))
        size = {"isolate": 1, "pair": 2, "path": 4, "triangle": 3}[kind]
        members = [f"c{c:03d}-{i}" for i in range(size)]
        nodes += members
        graph.add_nodes_from(members)
        graph.add_edges_from(zip(members, members[1:], strict=False))
        if kind == "triangle":
            graph.add_edge(members[0], members[-1])
    rng.shuffle(nodes)
    ties = TieArrays.from_edges(nodes, ["x"] * len(nodes),
                                [(u, v, "membership") for u, v in graph.edges()])
    found = csr_fragility(ties.indptr, ties.indices, ties.nodes)
    expected = fragility(graph)
    assert (found.bridges, found.articulation_points, found.isolates, found.component_sizes,
            found.cut_off, found.bridge_sides) == \
        (expected.bridges, expected.articulation_points, expected.isolates,
         expected.component_sizes, expected.cut_off, expected.bridge_sides)


@pytest.mark.parametrize("seed", range(5))
def test_array_measures_equal_the_networkx_ones(seed: int) -> None:
    """Fragility, brokerage roles and exact or fully sampled betweenness are deterministic:
    the array versions give networkx's answers."""
    graph, ties = _random_ties(seed)
    expected = fragility(graph)
    found = csr_fragility(ties.indptr, ties.indices, ties.nodes)
    assert (found.bridges, found.articulation_points, found.isolates, found.component_sizes,
            found.cut_off, found.bridge_sides, found.core_number) == \
        (expected.bridges, expected.articulation_points, expected.isolates,
         expected.component_sizes, expected.cut_off, expected.bridge_sides,
         expected.core_number)
    groups = {v: h for v, h in graph.nodes(data="helix") if h != "unknown"}
    pairs = array_pairs_by_broker(ties, range(len(ties.nodes)))
    roles = roles_from_pairs(pairs, {b: groups[ties.nodes[b]] for b in pairs})
    reference = gould_fernandez(graph, groups)
    assert {ties.nodes[b]: dict(c) for b, c in roles.items()} == \
        {b: dict(c) for b, c in reference.items()}
    core = graph.subgraph([v for v in graph if graph.degree(v)])
    exact = nx.betweenness_centrality(core)
    assert array_betweenness(ties).values == pytest.approx(exact)
    full = array_betweenness(ties, exact_limit=0, pivots=core.number_of_nodes())
    assert full.values == pytest.approx(exact) and full.max_error == pytest.approx(0.0)
    sampled = array_betweenness(ties, exact_limit=0, pivots=10, seed=seed)
    reference_sample = betweenness(nx.Graph(core.edges()), exact_limit=0, pivots=10, seed=seed)
    assert sampled.values == pytest.approx(reference_sample.values)
    assert sampled.standard_error == pytest.approx(reference_sample.standard_error)


def test_assortativity_from_counts_equals_networkx() -> None:
    graph, _ = _random_ties(3)
    keep = [v for v, h in graph.nodes(data="helix") if h != "unknown"]
    assert assortativity(graph, "helix", ("unknown",)) == pytest.approx(
        nx.attribute_assortativity_coefficient(graph.subgraph(keep), "helix"))


def test_backend_choice_and_its_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    """auto keeps networkx below ``fast_above`` ties; an unknown or missing backend is an
    error that says what to do."""
    assert choose_backend("auto", ties=10, fast_above=1000) == "networkx"
    with pytest.raises(ValueError, match="use one of auto, networkx, networkit"):
        choose_backend("igraph", ties=10)
    monkeypatch.setattr("sekg.graph.analysis.backend.networkit_available", lambda: False)
    assert choose_backend("auto", ties=10**7, fast_above=1000) == "networkx"
    with pytest.raises(ValueError, match="pip install networkit"):
        choose_backend("networkit", ties=10)


def test_networkit_core_numbers_equal_networkx() -> None:
    _networkit()
    for seed in range(3):
        _, ties = _random_ties(seed, n=200, m=800)
        assert core_numbers(ties, "networkit").tolist() == core_numbers(ties, "networkx").tolist()


@pytest.mark.parametrize("seed", range(3))
def test_networkit_louvain_agrees_with_networkx(seed: int) -> None:
    """Both find the planted blocks: modularity within 0.02 of each other and NMI >= 0.9
    between the two partitions (labels are arbitrary, so never compared directly)."""
    _networkit()
    ties = _planted(seed)
    nodes = np.flatnonzero(ties.degree > 0).tolist()
    ours, q_nx = louvain(ties, nodes, 42, "networkx")
    theirs, q_nk = louvain(ties, nodes, 42, "networkit")
    assert abs(q_nx - q_nk) < 0.02
    label_nx = {v: i for i, c in enumerate(ours) for v in c}
    label_nk = {v: i for i, c in enumerate(theirs) for v in c}
    assert normalised_mutual_information([label_nx[v] for v in nodes],
                                         [label_nk[v] for v in nodes]) >= 0.9
    again, _ = louvain(ties, nodes, 42, "networkit")
    assert sorted(map(sorted, again)) == sorted(map(sorted, theirs))   # seeded: reproducible


def _projections(ties: TieArrays) -> Projections:
    actors = {v: Actor(v, v, None, "x" if i % 3 else "y", "x", "", "", "", (1 + i % 4,))
              for i, v in enumerate(ties.nodes)}
    actors.update({f"z{i}": Actor(f"z{i}", f"z{i}", None, "z", "z", "", "", "", (1,))
                   for i in range(20)})            # isolated: a missing helix pair, isolates
    declared = [{"source": ties.nodes[u], "target": ties.nodes[v], "kind": "partnership",
                 "via": "", "method": "", "confidence": ""}
                for u, v in zip(ties.src.tolist(), ties.dst.tolist(), strict=True)]
    zones = {z: (f"zone-{z}", f"Zone {z}") for z in range(1, 5)}
    return Projections(actors, declared, nx.Graph(), nx.Graph(), ["x", "y", "z"], {}, zones, {},
                       {})


def test_report_records_the_backend_and_keeps_its_findings_across_backends() -> None:
    """Only the communities may differ between backends; every other finding is the same,
    and each finding's parameters say which backend produced it."""
    _networkit()
    projections = _projections(_planted(1))
    by_nx = analyse(projections, AnalysisOptions(backend="networkx"))
    by_nk = analyse(projections, AnalysisOptions(backend="networkit"))
    assert by_nx.summary["backend"] == "networkx" and by_nk.summary["backend"] == "networkit"
    assert by_nk.findings and {f.parameters["backend"] for f in by_nk.findings} == {"networkit"}

    def stable(report):
        return [(f.key, round(f.severity, 6)) for f in report.findings if f.kind != "sector-silo"]

    assert stable(by_nx) == stable(by_nk)
    assert by_nx.summary["max_core"] == by_nk.summary["max_core"]
    nx_modularity, nk_modularity = by_nx.summary["modularity"], by_nk.summary["modularity"]
    assert isinstance(nx_modularity, float) and isinstance(nk_modularity, float)
    assert abs(nx_modularity - nk_modularity) < 0.02
