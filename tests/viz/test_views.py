"""The network views on the Turin graph: every actor and tie drawn once, each node linked to
its page, legends in both languages, gap view faithful to the report; aggregation of a
synthetic 20,000-actor ecosystem; bad input refused with a hint."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from sekg.graph.analysis import GapReport, Projections
from sekg.ontology.errors import SekgError
from sekg.viz import Links, ViewOptions, Vocabulary, build_view, render_page, write_page
from sekg.viz.aggregate import aggregate
from sekg.viz.views import ecosystem_view, ego_view, theme_view, zone_view
from tests.viz.conftest import BASE, synthetic_projections

ISMEL = f"{BASE}/id/organisation/ismel"


def _ids(view) -> Counter[str]:
    return Counter(n["id"] for n in view.network.nodes)


def test_ecosystem_draws_every_actor_and_tie_once(projections: Projections, report: GapReport,
                                                  words: dict[str, Vocabulary]) -> None:
    view = ecosystem_view(projections, report, ViewOptions(), words["en"])
    ties = projections.tie_graph(report.options.ties)
    assert _ids(view) == Counter(list(projections.actors))      # each actor exactly once
    assert view.edges == ties.number_of_edges() > 0
    drawn = {frozenset((e["from"], e["to"])) for e in view.network.edges}
    assert drawn == {frozenset(e) for e in ties.edges()}
    assert view.aggregated is None and view.actors == len(projections.actors)
    helix_counts = Counter(a.helix for a in projections.actors.values())
    legend = {e.label: e.count for e in view.legend.entries if e.colour}
    assert legend["Third sector and civil society"] == helix_counts["third-sector-civil-society"]


def test_every_node_links_to_its_page(projections: Projections, report: GapReport,
                                      words: dict[str, Vocabulary]) -> None:
    exported = ecosystem_view(projections, report, ViewOptions(), words["en"])
    assert all(n["url"] == n["id"] and n["url"].startswith(f"{BASE}/id/organisation/")
               for n in exported.network.nodes)
    served = ecosystem_view(projections, report,
                            ViewOptions(links=Links(BASE, page_prefix="/page/")), words["en"])
    for node in served.network.nodes:
        assert node["url"] == "/page/" + node["id"].removeprefix(f"{BASE}/id/")


def test_sizes_follow_the_chosen_centrality(projections: Projections, report: GapReport,
                                            words: dict[str, Vocabulary]) -> None:
    sizes = {}
    for measure in ("degree", "betweenness"):
        view = ecosystem_view(projections, report, ViewOptions(size_by=measure), words["en"])
        sizes[measure] = {n["id"]: n["size"] for n in view.network.nodes}
    brokers = report.tables["brokers"]
    top_between = brokers.sort_values("betweenness", ascending=False)["actor"].iloc[0]
    top_degree = brokers.sort_values("degree", ascending=False)["actor"].iloc[0]
    assert sizes["betweenness"][top_between] == max(sizes["betweenness"].values())
    assert sizes["degree"][top_degree] == max(sizes["degree"].values())
    isolate = next(a for a in projections.actors if a not in set(brokers["actor"]))
    assert sizes["degree"][isolate] == sizes["betweenness"][isolate] == min(
        sizes["degree"].values())


def test_labels_in_italian_and_english(projections: Projections, report: GapReport,
                                       words: dict[str, Vocabulary]) -> None:
    pages = {lang: render_page(ecosystem_view(projections, report, ViewOptions(lang=lang),
                                              words[lang]))
             for lang in ("it", "en")}
    assert "Terzo settore e società civile" in pages["it"] and "Legenda" in pages["it"]
    assert "Third sector and civil society" in pages["en"] and "Legend" in pages["en"]
    assert "Cooperative" in pages["it"] and "Cooperatives" in pages["en"]
    with pytest.raises(SekgError, match="vocabulary is in 'it'"):
        ecosystem_view(projections, report, ViewOptions(lang="en"), words["it"])


def test_ego_view(projections: Projections, report: GapReport,
                  words: dict[str, Vocabulary]) -> None:
    ties = projections.tie_graph(report.options.ties)
    for radius in (1, 2):
        view = ego_view(projections, "ismel", report, ViewOptions(radius=radius), words["en"])
        ego = set(nx.ego_graph(ties, ISMEL, radius=radius))
        actors = {n["id"] for n in view.network.nodes if n["kind"] == "actor"}
        assert actors == ego
        context = [n for n in view.network.nodes if n["kind"] == "context"]
        assert len(context) == len(projections.actors[ISMEL].zones) + (
            projections.actor_targets.degree(ISMEL) if ISMEL in projections.actor_targets
            else 0)
        assert sum(e["kind"] == "tie" for e in view.network.edges) == \
            ties.subgraph(ego).number_of_edges()
    assert len(ego_view(projections, "ismel", report, ViewOptions(radius=2)).network.nodes) > \
        len(ego_view(projections, "ismel", report, ViewOptions(radius=1)).network.nodes)


def test_zone_view(projections: Projections, report: GapReport,
                   words: dict[str, Vocabulary]) -> None:
    ties = projections.tie_graph(report.options.ties)
    for number in projections.zones:
        view = zone_view(projections, number, report, ViewOptions(), words["en"])
        inside = {a for a, x in projections.actors.items() if number in x.zones}
        outside = {n for a in inside for n in ties[a]} - inside
        assert set(_ids(view)) == inside | outside
        faded = {n["id"] for n in view.network.nodes if n["opacity"] < 1}
        assert faded == outside
        assert view.edges == sum(1 for u, v in ties.edges() if u in inside or v in inside)
    overview = zone_view(projections, None, report, ViewOptions(lang="it"), words["it"])
    groups = {n["id"]: n["count"] for n in overview.network.nodes}
    # every zone has its node, even one without participants (zone 3 in the Turin data)
    assert {f"group:zone:{n}" for n in projections.zones} <= set(groups)
    assert 0 in groups.values()
    for number in projections.zones:
        assert groups.get(f"group:zone:{number}", 0) == sum(
            1 for x in projections.actors.values() if number in x.zones)


def test_zone_overview_answers_which_zones_lack_a_helix(projections: Projections,
                                                         report: GapReport) -> None:
    """The helix filter keeps a zone node iff the zone has an actor of that helix: the facets
    of the group nodes must agree with the coverage table of the report."""
    view = zone_view(projections, None, report, ViewOptions())
    coverage = report.tables["coverage_zone_helix"]
    for node in view.network.nodes:
        if node["id"] == "group:zone:none":
            continue
        zone_iri = projections.zones[int(node["id"].rsplit(":", 1)[1])][0]
        rows = coverage[coverage["scope"] == zone_iri]
        present = set(rows[rows["observed"] > 0]["helix"])
        assert set(node["facets"]["helix"]) - {"unknown"} == present


def test_theme_view(projections: Projections, report: GapReport) -> None:
    theme = next(iter(projections.themes))
    view = theme_view(projections, theme.rsplit("/", 1)[1], report, ViewOptions())
    linked = {a for a in (projections.actor_targets[theme] if theme in
                          projections.actor_targets else []) if a in projections.actors}
    assert {n["id"] for n in view.network.nodes} == {theme, *linked}
    if not linked:   # the Turin data link no actor to a theme: the page says so
        assert any("No actor is linked" in note for note in view.notes)
    synthetic = synthetic_projections(300)
    key = sorted(synthetic.themes)[0]
    members = set(synthetic.actor_targets[key])
    view = theme_view(synthetic, key, None, ViewOptions())
    assert {n["id"] for n in view.network.nodes} == {key, *members} and members
    assert sum(e["kind"] == "context" for e in view.network.edges) == len(members)


def test_gap_view_follows_the_report(projections: Projections, report: GapReport,
                                     words: dict[str, Vocabulary]) -> None:
    view = build_view("gaps", projections, report, ViewOptions(), words["en"])
    helices = [n for n in view.network.nodes if n["id"].startswith("helix:")]
    assert sorted(n["id"][6:] for n in helices) == sorted(projections.helices)
    missing = {frozenset(f.scope["helix_pair"].split("|")) for f in report.findings
               if f.kind == "missing-helix-pair"}
    drawn = {frozenset((e["from"][6:], e["to"][6:])) for e in view.network.edges
             if e["kind"] == "missing" and e["from"].startswith("helix:")
             and e["to"].startswith("helix:")}
    assert drawn == missing and missing
    suggested = {frozenset((str(t["first"]), str(t["second"]))) for f in report.findings
                 for t in f.suggested_ties}
    drawn_ties = {frozenset((e["from"], e["to"])) for e in view.network.edges
                  if e["kind"] == "suggested" and not e["to"].startswith("zone:")}
    assert drawn_ties == suggested
    brokers = report.tables["brokers"]
    top = brokers[brokers["betweenness"] > 0]["actor"].head(8)
    assert set(top) <= {n["id"] for n in view.network.nodes}
    assert [item.text for item in view.panel] == [f.explanation for f in report.findings]
    zones_with_gaps = {f.scope["zone"] for f in report.findings if "zone" in f.scope}
    assert {n["url"] for n in view.network.nodes if n["id"].startswith("zone:")} == \
        zones_with_gaps


def test_aggregation_of_a_synthetic_20000_actor_ecosystem() -> None:
    synthetic = synthetic_projections(20_000)
    ties = synthetic.tie_graph()
    view = ecosystem_view(synthetic, None, ViewOptions(max_nodes=500))
    assert view.aggregated == "zone" and view.actors == 20_000
    counts = {n["id"]: n["count"] for n in view.network.nodes}
    assert len(counts) == 12                                    # 11 zones + "no zone"
    assert sum(counts.values()) == 20_000                       # one zone each here
    expected: Counter[tuple[str, str]] = Counter()
    zone = {a: str(x.zones[0]) if x.zones else "none" for a, x in synthetic.actors.items()}
    for u, v in ties.edges():
        if zone[u] != zone[v]:
            expected[tuple(sorted((zone[u], zone[v])))] += 1  # type: ignore[index]
    drawn = {tuple(sorted((e["from"][11:], e["to"][11:]))): int(e["title"].split()[0])
             for e in view.network.edges}
    assert drawn == dict(expected)
    by_helix = ecosystem_view(synthetic, None, ViewOptions(max_nodes=500, group_by="helix"))
    assert sorted(n["count"] for n in by_helix.network.nodes) == sorted(
        Counter(a.helix for a in synthetic.actors.values()).values())
    # below the threshold the same data is drawn actor by actor
    small = synthetic_projections(400)
    assert ecosystem_view(small, None, ViewOptions(max_nodes=500)).nodes == 400


def test_aggregate_counts_actors_in_each_of_their_groups() -> None:
    """a-b inside zone 1; c is in zones 1 and 2, so a-c is inside 1 and between 1 and 2;
    c-d inside 2; d-e between 2 and 3."""
    g = nx.Graph([("a", "b"), ("a", "c"), ("c", "d"), ("d", "e")])
    groups, between = aggregate(g, {"a": ["1"], "b": ["1"], "c": ["1", "2"], "d": ["2"],
                                    "e": ["3"]})
    assert {k: (g.members, g.internal_ties) for k, g in groups.items()} == {
        "1": (["a", "b", "c"], 2), "2": (["c", "d"], 1), "3": (["e"], 0)}
    assert between == {("1", "2"): 2, ("2", "3"): 1}


class _Resources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.loaded: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for attr in ("src", "srcset", "data"):
            if values.get(attr):
                self.loaded.append(f"{tag} {attr}={values[attr]}")
        if tag == "link" and not (values.get("href") or "").startswith("data:"):
            self.loaded.append(f"link href={values.get('href')}")


def test_page_is_self_contained(projections: Projections, report: GapReport,
                                words: dict[str, Vocabulary]) -> None:
    from sekg.viz import gap_plots

    html = render_page(build_view("gaps", projections, report, ViewOptions(), words["en"]),
                       gap_plots(report, "en"))
    parser = _Resources()
    parser.feed(html)
    assert parser.loaded == []                       # nothing fetched: no src=, no <link>
    lowered = html.lower()
    assert "@import" not in lowered and "url(http" not in lowered and "url('http" not in lowered
    assert "vis.network" in html.replace("vis.Network", "vis.network")   # the library inlined
    assert html.count("<svg") >= 2 and 'id="legend"' in html and 'id="plots"' in html
    # three scripts (data, vis-network, the page's) and nothing inside them can end one early
    assert lowered.count("</script") == 3


def test_hostile_labels_cannot_escape(projections: Projections) -> None:
    synthetic = synthetic_projections(20)
    first = next(iter(synthetic.actors))
    synthetic.actors[first] = synthetic.actors[first].__class__(
        **{**synthetic.actors[first].__dict__, "label": "</script><script>alert(1)</script>"})
    html = render_page(ecosystem_view(synthetic, None, ViewOptions()))
    assert "<script>alert(1)" not in html


def test_bad_input_says_what_to_do(projections: Projections, report: GapReport) -> None:
    cases = [
        (lambda: build_view("map", projections, report), "unknown --view 'map'", "ecosystem"),
        (lambda: build_view("ego", projections, report), "needs an identifier", "--id"),
        (lambda: build_view("ego", projections, report, key="nobody"),
         "unknown organisation 'nobody'", "participants_of_helix"),
        (lambda: build_view("theme", projections, report, key="nothing"),
         "unknown theme or objective", "plan_themes"),
        (lambda: build_view("zone", projections, report, key="12"), "not a zona omogenea",
         "from 1 to 11"),
        (lambda: ViewOptions(lang="fr"), "unknown language 'fr'", "it, en"),
        (lambda: ViewOptions(size_by="pagerank"), "unknown --size-by", "betweenness"),
        (lambda: ViewOptions(radius=3), "radius 3", "1 or 2"),
        (lambda: ecosystem_view(projections, None, ViewOptions(size_by="betweenness")),
         "needs the gap report", "gap_report"),
    ]
    for call, message, hint in cases:
        with pytest.raises(SekgError) as caught:
            call()
        assert message in str(caught.value) and hint in str(caught.value)


def test_writing_over_a_folder_blames_the_folder_not_its_parent(tmp_path: Path) -> None:
    """An --out that is a folder was reported as "{parent} is not writable (is a directory)",
    though the parent is writable."""
    target = tmp_path / "view.html"
    target.mkdir()
    with pytest.raises(SekgError) as caught:
        write_page("<html></html>", target)
    assert str(caught.value).startswith(f"cannot write {target}: it is a folder — name a file")
    assert "not writable" not in str(caught.value)
    assert list(target.iterdir()) == []


def test_the_readme_answers_hold(projections: Projections, report: GapReport) -> None:
    """README, "Browsing the network": the zones kept by the third-sector filter, and ISMEL as
    the knowledge actor tied to the cooperative federations."""
    overview = zone_view(projections, None, report, ViewOptions())
    kept = {n["id"] for n in overview.network.nodes
            if "third-sector-civil-society" in n["facets"]["helix"]}
    assert kept == {"group:zone:1", "group:zone:5", "group:zone:6", "group:zone:none"}
    ties = projections.tie_graph(report.options.ties)
    federations = {n for n in ties[ISMEL]
                   if projections.actors[n].subhelix == "cooperative-federation"}
    assert {projections.actors[n].label for n in federations} == {
        "Legacoop Piemonte", "Confcooperative Piemonte Nord"}
    knowledge = [a for a, x in projections.actors.items() if x.helix == "knowledge-education"]
    outward = {a for a in knowledge
               if any(projections.actors[n].helix != "knowledge-education" for n in ties[a])}
    assert outward == {ISMEL}
