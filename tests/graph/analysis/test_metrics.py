"""Every metric of the gap analysis on tiny hand-built graphs whose answers are worked out by
hand in each test's docstring."""

from __future__ import annotations

import doctest
import importlib
import math

import networkx as nx
import pytest

from sekg.graph.analysis.brokerage import betweenness, gould_fernandez, pair_brokers
from sekg.graph.analysis.communities import compare_with_labels, normalised_mutual_information
from sekg.graph.analysis.coverage import blau_index, count_cells, coverage_table
from sekg.graph.analysis.fragility import fragility
from sekg.graph.analysis.holes import structural_holes
from sekg.graph.analysis.mixing import (
    assortativity,
    ei_index,
    group_ei_index,
    mixing_counts,
    pair_mixing,
)
from sekg.graph.analysis.recommend import candidate_ties, tie_effect

MODULES = ("brokerage", "communities", "coverage", "findings", "fragility", "holes", "mixing",
           "recommend", "rdf", "report", "tables")


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(f"sekg.graph.analysis.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_coverage_expected_counts_and_residuals() -> None:
    """Zone z1: 3 business + 1 public (4); z2: 4 public (4); totals business 3, public 5, N 8.
    E(z1, business) = 4*3/8 = 1.5, E(z2, business) = 1.5 with 0 observed:
    residual (0 - 1.5)/sqrt(1.5) = -1.2247, P(>=1) = 1 - e^-1.5 = 0.7769."""
    counts = count_cells([("a", "z1", "business"), ("b", "z1", "business"),
                          ("c", "z1", "business"), ("d", "z1", "public"),
                          *((x, "z2", "public") for x in "efgh")])
    cells = {(c.scope, c.helix): c for c in coverage_table(counts, ["z1", "z2", "z3"],
                                                           ["business", "public"])}
    gap = cells[("z2", "business")]
    assert (gap.observed, gap.expected) == (0, 1.5)
    assert gap.residual == pytest.approx(-1.5 / math.sqrt(1.5))
    assert gap.p_at_least_one == pytest.approx(1 - math.exp(-1.5))
    assert cells[("z3", "public")].expected == 0.0 and cells[("z3", "public")].scope_total == 0


def test_blau_index() -> None:
    """Shares 1/2, 1/4, 1/4: 1 - (1/4 + 1/16 + 1/16) = 0.625."""
    assert blau_index([2, 1, 1]) == pytest.approx(0.625)
    assert blau_index([0, 7]) == 0.0


def _labelled(edges: list[tuple[str, str]], labels: dict[str, str]) -> nx.Graph:
    graph = nx.Graph(edges)
    graph.add_nodes_from(labels)
    nx.set_node_attributes(graph, labels, "helix")
    return graph


def test_mixing_ei_and_expected_pairs() -> None:
    """Actors a1 a2 a3 (x), b1 (y), c1 (z, isolated); ties a1-a2, a2-a3, a3-b1.
    Internal 2, external 1: E-I = (1 - 2)/3 = -1/3. For x: same; for y: (1-0)/1 = 1.
    5 labelled actors, C(5,2) = 10 pairs, 3 ties: E(x,y) = 3*3*1/10 = 0.9, E(x,z) = 0.9,
    E(y,z) = 0.3, E(x,x) = 3*3/10 = 0.9."""
    labels = {"a1": "x", "a2": "x", "a3": "x", "b1": "y", "c1": "z"}
    g = _labelled([("a1", "a2"), ("a2", "a3"), ("a3", "b1")], labels)
    assert mixing_counts(g, "helix") == {("x", "x"): 2, ("x", "y"): 1}
    assert ei_index(g, "helix") == pytest.approx(-1 / 3)
    assert group_ei_index(g, "helix", "y") == 1.0
    assert group_ei_index(g, "helix", "z") is None
    pairs = {(p.first, p.second): p for p in pair_mixing(g, "helix", ["x", "y", "z"])}
    assert pairs[("x", "y")].expected == pytest.approx(0.9)
    assert pairs[("x", "z")].observed == 0 and pairs[("x", "z")].expected == pytest.approx(0.9)
    assert pairs[("y", "z")].expected == pytest.approx(0.3)
    assert pairs[("x", "x")].expected == pytest.approx(0.9)


def test_assortativity_extremes() -> None:
    """Two same-helix pairs: perfectly assortative (1). A bipartite x-y matching: -1."""
    same = _labelled([("a", "b"), ("c", "d")], {"a": "x", "b": "x", "c": "y", "d": "y"})
    assert assortativity(same, "helix") == pytest.approx(1.0)
    cross = _labelled([("a", "c"), ("b", "d")], {"a": "x", "b": "x", "c": "y", "d": "y"})
    assert assortativity(cross, "helix") == pytest.approx(-1.0)
    assert assortativity(nx.Graph(), "helix") is None


def test_gould_fernandez_all_five_roles() -> None:
    """Directed two-paths through broker B (group y), each end's group chosen per role:
    x1->B->x2 itinerant (x,y,x); y1->B->z1 representative (y,y,z); x1->B->y1 gatekeeper
    (x,y,y); x1->B->z1 liaison (x,y,z); y1->B->y2 coordinator (y,y,y); x2->B? no (only out).
    In-neighbours of B: x1, y1; out-neighbours: x2, z1, y1, y2. Paths a->B->c with a != c and
    no a->c tie: x1: x2 (itinerant), z1 (liaison), y1 (gatekeeper), y2 (gatekeeper);
    y1: x2 (liaison? no: g(a)=y=g(B) != x -> representative), z1 (representative),
    y2 (coordinator). Totals: coordinator 1, itinerant 1, representative 2, gatekeeper 2,
    liaison 1."""
    g = nx.DiGraph([("x1", "B"), ("y1", "B"), ("B", "x2"), ("B", "z1"), ("B", "y1"),
                    ("B", "y2")])
    groups = {"x1": "x", "x2": "x", "B": "y", "y1": "y", "y2": "y", "z1": "z"}
    roles = gould_fernandez(g, groups)["B"]
    assert dict(roles) == {"coordinator": 1, "itinerant": 1, "representative": 2,
                           "gatekeeper": 2, "liaison": 1}


def test_gould_fernandez_skips_closed_triads_and_counts_undirected_both_ways() -> None:
    """Triangle a-b-c: every two-path is closed, no brokerage. Path a-b-c (x, y, z):
    b is liaison twice (a->b->c and c->b->a)."""
    closed = gould_fernandez(nx.complete_graph(["a", "b", "c"]), {"a": "x", "b": "y", "c": "z"})
    assert all(c.total() == 0 for c in closed.values())
    path = gould_fernandez(nx.path_graph(["a", "b", "c"]), {"a": "x", "b": "y", "c": "z"})
    assert path["b"]["liaison"] == 2
    assert pair_brokers(nx.path_graph(["a", "b", "c"]), {"a": "x", "b": "y", "c": "z"},
                        "x", "z") == {"b": 2}


def test_betweenness_exact_and_sampled() -> None:
    """Exact equals networkx. Sampling every node as a pivot is exact with zero error. The
    sampled estimate is unbiased: averaged over 30 seeds of 30 pivots it is close to the exact
    value (within 15%, the sampling noise left after 30 runs) for the 10 most central nodes;
    more pivots give smaller standard errors."""
    g = nx.barabasi_albert_graph(100, 2, seed=1)
    exact = betweenness(g)
    assert exact.exact and exact.values == pytest.approx(nx.betweenness_centrality(g))
    full = betweenness(g, exact_limit=0, pivots=100)
    assert full.values == pytest.approx(exact.values) and full.max_error == pytest.approx(0)
    runs = [betweenness(g, exact_limit=0, pivots=30, seed=seed) for seed in range(30)]
    assert not runs[0].exact and runs[0].max_error > 0
    for v in sorted(g, key=lambda v: -exact.values[v])[:10]:
        mean = sum(r.values[v] for r in runs) / len(runs)
        assert mean == pytest.approx(exact.values[v], rel=0.15)
    assert betweenness(g, exact_limit=0, pivots=80).max_error < runs[0].max_error


def test_structural_holes_star_and_triangle() -> None:
    """Star hub with 3 leaves: constraint 3 * (1/3)^2 = 1/3, effective size 3. Triangle node:
    p = 1/2 direct + 1/2 * 1/2 indirect = 3/4 per contact, constraint 2 * (3/4)^2 = 1.125,
    effective size 2 - 2*1/2 = 1. Isolates are skipped."""
    star = structural_holes(nx.star_graph(3))
    assert star[0].constraint == pytest.approx(1 / 3) and star[0].effective_size == 3
    triangle = nx.complete_graph(3)
    triangle.add_node(9)
    holes = structural_holes(triangle)
    assert 9 not in holes
    assert holes[0].constraint == pytest.approx(1.125)
    assert holes[0].effective_size == pytest.approx(1.0)


def test_fragility() -> None:
    """Two triangles (1-2-3, 4-5-6) joined by the tie 3-4, plus a pendant 6-7 and isolate 8.
    Bridges: 3-4 (sides 4 and 3... with 7: {1,2,3} vs {4,5,6,7} -> (4, 3)) and 6-7 ((6, 1)).
    Articulation points 3, 4, 6; removing 3 cuts 1 and 2 off from 4-7 (2 actors); removing 6
    cuts off 7 (1). Cores: triangles are 2-cores."""
    g = nx.Graph([(1, 2), (2, 3), (3, 1), (4, 5), (5, 6), (6, 4), (3, 4), (6, 7)])
    g.add_node(8)
    f = fragility(g)
    assert f.bridges == [(3, 4), (6, 7)]
    assert f.bridge_sides == {(3, 4): (4, 3), (6, 7): (6, 1)}
    assert f.articulation_points == [3, 4, 6]
    assert f.cut_off == {3: 2, 4: 3, 6: 1}
    assert f.isolates == [8] and f.component_sizes == [7, 1]
    assert f.core_number[1] == 2 and f.core_number[7] == 1 and f.max_core == 2


def test_communities_match_helix_blocks() -> None:
    """Two 4-cliques joined by one tie, each clique one helix: Louvain finds the two cliques,
    NMI with the helix labels is 1, each community 100% one helix."""
    g = nx.Graph()
    g.add_edges_from(nx.complete_graph(["a1", "a2", "a3", "a4"]).edges())
    g.add_edges_from(nx.complete_graph(["b1", "b2", "b3", "b4"]).edges())
    g.add_edge("a1", "b1")
    g.add_node("lonely")
    labels = {n: n[0] for n in g}
    result = compare_with_labels(g, labels)
    assert [set(c.members) for c in result.communities] == [{"a1", "a2", "a3", "a4"},
                                                            {"b1", "b2", "b3", "b4"}]
    assert result.nmi == pytest.approx(1.0)
    assert all(c.dominant_share == 1.0 for c in result.communities)
    assert normalised_mutual_information(["x", "x", "y", "y"], [1, 2, 1, 2]) == 0.0


def test_candidate_ties_and_their_effect() -> None:
    """Context: a (x) and b (y) share zone Z (degree 3) and theme T (degree 2);
    c (x) shares only Z. Resource allocation: a-b = 1/3 + 1/2, b-c = 1/3; a-c is same-helix
    (not suggested). Adding a-b to the tie graph {a-c} turns E-I from -1 to 0 and closes the
    only missing pair x-y."""
    context = nx.Graph([("a", "Z"), ("b", "Z"), ("c", "Z"), ("a", "T"), ("b", "T")])
    groups = {"a": "x", "b": "y", "c": "x"}
    ties = nx.Graph([("a", "c")])
    ties.add_node("b")
    nx.set_node_attributes(ties, groups, "helix")
    found = candidate_ties(context, groups, ties)
    assert [(c.first, c.second) for c in found] == [("a", "b"), ("b", "c")]
    assert found[0].score == pytest.approx(1 / 3 + 1 / 2) and found[0].shared == ("T", "Z")
    assert candidate_ties(context, groups, ties, max_shared_degree=2)[0].shared == ("T",)
    assert candidate_ties(context, groups, ties, pairs={("x", "z")}) == []
    adamic = candidate_ties(context, groups, ties, score="adamic-adar")[0]
    assert adamic.score == pytest.approx(1 / math.log(3) + 1 / math.log(2))
    effect = tie_effect(ties, groups, "a", "b", ["x", "y"])
    assert (effect.ei_before, effect.ei_after) == (-1.0, 0.0)
    assert (effect.missing_pairs_before, effect.missing_pairs_after) == (1, 0)
    assert (effect.components_before, effect.components_after) == (2, 1)
    with pytest.raises(ValueError, match="unknown score"):
        candidate_ties(context, groups, ties, score="jaccard")


@pytest.mark.parametrize("seed", range(8))
def test_one_pass_fragility_agrees_with_networkx(seed: int) -> None:
    """On random sparse graphs (trees, cycles, pendants, isolates) the single DFS gives the
    bridges and articulation points networkx finds, and the part sizes a removal leaves."""
    from sekg.graph.analysis.fragility import cut_off_by

    g = nx.gnm_random_graph(80, 85, seed=seed)
    g.add_edges_from(nx.path_graph(range(200, 206)).edges())
    f = fragility(g)
    assert set(f.bridges) == {tuple(sorted(e, key=str)) for e in nx.bridges(g)}
    assert set(f.articulation_points) == set(nx.articulation_points(g))
    for point in f.articulation_points:
        assert f.cut_off[point] == cut_off_by(g, point)
    for (u, v), sides in f.bridge_sides.items():
        h = g.copy()
        h.remove_edge(u, v)
        parts = sorted((len(nx.node_connected_component(h, u)),
                        len(nx.node_connected_component(h, v))), reverse=True)
        assert sides == tuple(parts)


@pytest.mark.parametrize("seed", range(5))
def test_structural_holes_agree_with_networkx(seed: int) -> None:
    g = nx.gnm_random_graph(40, 100, seed=seed)
    ours = structural_holes(g)
    constraint, size = nx.constraint(g), nx.effective_size(g)
    for node, holes in ours.items():
        assert holes.constraint == pytest.approx(constraint[node])
        assert holes.effective_size == pytest.approx(size[node])


def test_sampled_brokers_and_candidate_sources_are_restrictions_of_the_full_answer() -> None:
    """Counting brokerage for some brokers gives exactly their full counts; candidate ties
    started from some sources are exactly the full candidates with an end among them."""
    g = nx.gnm_random_graph(60, 150, seed=5)
    groups = {n: "xyz"[n % 3] for n in g}
    full = gould_fernandez(g, groups)
    some = gould_fernandez(g, groups, [1, 2, 3])
    assert set(some) == {1, 2, 3} and all(some[n] == full[n] for n in some)
    context = nx.gnm_random_graph(60, 120, seed=6)
    everything = candidate_ties(context, groups, g)
    sources = {0, 5, 7, 11}
    restricted = candidate_ties(context, groups, g, sources=sources)
    expected = [c for c in everything if c.first in sources or c.second in sources]
    assert [(c.first, c.second) for c in restricted] == [(c.first, c.second) for c in expected]
    assert [c.score for c in restricted] == pytest.approx([c.score for c in expected])
