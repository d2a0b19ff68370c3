"""Projections of the knowledge graph to networkx, each read through a named catalogue query.

* ``ties`` — organisation-organisation: declared ties (``network_declared_ties``: membership,
  sub-organisation, same-as, partnership, project) and induced ties (co-participation in a
  proposal, shared theme, shared zone), each edge keeping ``kinds`` (kind -> weight), a total
  ``weight`` and its ``evidence`` (partnership, method, confidence);
* ``actor_targets`` — two-mode organisation-theme/objective/proposal (``network_actor_themes``);
* ``actor_territories`` — two-mode organisation-territory (``network_actor_territories``).

Nodes of the one-mode graph carry the actor's label, helix (top concept of the helix scheme, or
``unknown``), sub-helix, family, legal form and zones (``network_actors``).

Example
-------
>>> from sekg.graph.questions import resolve_store
>>> p = load_projections(resolve_store("var"))                 # doctest: +SKIP
>>> p.tie_graph().number_of_nodes()                            # doctest: +SKIP
139
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from sekg.graph.questions import run_named
from sekg.graph.store import GraphStore

__all__ = ["DECLARED", "INDUCED", "Actor", "Projections", "load_projections"]

#: kinds of declared ties, as named by ``network_declared_ties``
DECLARED = ("membership", "sub-organisation", "same-as", "partnership", "project")
#: kinds of induced ties, computed from the two-mode projections
INDUCED = ("co-proposal", "shared-theme", "shared-zone")
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Actor:
    """An organisation as a network node."""

    iri: str
    label: str
    list_number: int | None
    helix: str
    subhelix: str
    family: str
    legal_form: str
    seat_istat: str
    zones: tuple[int, ...]
    area: str = ""

    def attributes(self) -> dict[str, object]:
        return {"label": self.label, "list_number": self.list_number, "helix": self.helix,
                "subhelix": self.subhelix, "family": self.family,
                "legal_form": self.legal_form, "seat_istat": self.seat_istat,
                "zones": self.zones, "area": self.area, "kind": "actor"}


@dataclass
class Projections:
    """The graph's actors and their relations, ready for network analysis."""

    actors: dict[str, Actor]
    declared: list[dict[str, str]]
    actor_targets: nx.Graph
    actor_territories: nx.Graph
    helices: list[str]
    helix_labels: dict[str, str]
    zones: dict[int, tuple[str, str]]
    themes: dict[str, str]
    objectives: dict[str, str]
    labels: dict[str, str] = field(default_factory=dict)

    def label(self, iri: str) -> str:
        """A human label of any node (actor, theme, zone, helix code); the IRI if none."""
        if iri in self.actors:
            return self.actors[iri].label or iri
        return self.labels.get(iri, iri)

    def _empty(self) -> nx.Graph:
        graph = nx.Graph()
        for iri, actor in self.actors.items():
            graph.add_node(iri, **actor.attributes())
        return graph

    def tie_graph(self, kinds: Iterable[str] = DECLARED) -> nx.Graph:
        """One-mode organisation graph with the ties of the given kinds (all actors as nodes)."""
        kinds = tuple(kinds)
        unknown = [k for k in kinds if k not in DECLARED + INDUCED]
        if unknown:
            raise ValueError(f"unknown tie kind(s) {', '.join(unknown)}: use "
                             f"{', '.join(DECLARED + INDUCED)}")
        graph = self._empty()
        for row in self.declared:
            if row["kind"] in kinds:
                _add_tie(graph, row["source"], row["target"], row["kind"], 1.0,
                         {"kind": row["kind"], "via": row["via"], "method": row["method"],
                          "confidence": row["confidence"]})
        for kind, targets in (("co-proposal", ("proposal",)),
                              ("shared-theme", ("theme", "objective"))):
            if kind in kinds:
                self._add_shared(graph, self.actor_targets, targets, kind)
        if "shared-zone" in kinds:
            self._add_shared(graph, self.zone_graph(), ("zone",), "shared-zone")
        return graph

    def zone_graph(self) -> nx.Graph:
        """The two-mode actor-zone graph (zone nodes ``zone:N`` of kind ``zone``)."""
        zones = nx.Graph()
        for iri, actor in self.actors.items():
            for zone in actor.zones:
                zones.add_edge(iri, f"zone:{zone}")
                zones.nodes[f"zone:{zone}"]["kind"] = "zone"
        return zones

    def _add_shared(self, graph: nx.Graph, two_mode: nx.Graph, target_kinds: tuple[str, ...],
                    kind: str) -> None:
        for target, data in two_mode.nodes(data=True):
            if data.get("kind") not in target_kinds:
                continue
            members = sorted(n for n in two_mode[target] if n in self.actors)
            for i, u in enumerate(members):
                for v in members[i + 1:]:
                    _add_tie(graph, u, v, kind, 1.0, {"kind": kind, "via": target})

    def context_graph(self, ties: nx.Graph) -> nx.Graph:
        """Actors with their ``ties`` (a :meth:`tie_graph`) plus the themes, objectives,
        proposals and zones they touch: the graph on which link prediction looks for shared
        neighbours. Structure only (no edge data), so it is cheap on big graphs."""
        graph = nx.Graph()
        graph.add_edges_from(ties.edges())
        graph.add_edges_from(self.actor_targets.edges())
        graph.add_edges_from((iri, f"zone:{zone}") for iri, actor in self.actors.items()
                             for zone in actor.zones)
        return graph

    def helix_of(self) -> dict[str, str]:
        """Actor -> helix, for actors whose helix is known."""
        return {iri: a.helix for iri, a in self.actors.items() if a.helix != UNKNOWN}


def _add_tie(graph: nx.Graph, u: str, v: str, kind: str, weight: float,
             evidence: dict[str, str]) -> None:
    if u == v or u not in graph or v not in graph:
        return
    if not graph.has_edge(u, v):
        graph.add_edge(u, v, kinds={}, weight=0.0, evidence=[])
    data = graph.edges[u, v]
    data["kinds"][kind] = data["kinds"].get(kind, 0.0) + weight
    data["weight"] += weight
    data["evidence"].append(evidence)


def load_projections(store: GraphStore) -> Projections:
    """Read the projections' named queries from ``store`` and assemble the graphs."""
    actor_table = run_named(store, "network_actors")
    territory_table = run_named(store, "network_actor_territories")
    zones_of: dict[str, set[int]] = defaultdict(set)
    # the rows read by position and the graph filled in bulk (nodes in the order they first
    # come, then the edges in the rows' order: the graph add_node/add_edge row by row made):
    # on the national graph's 520,000 rows, 16.5 -> ≈10 s for the whole function
    actor_at, territory_at, relation_at, zone_at = (
        territory_table.columns.index(name) for name in ("actor", "territory", "relation",
                                                         "zone"))
    nodes: list[tuple[str, dict[str, str]]] = []
    edges: list[tuple[str, str, dict[str, str]]] = []
    for cells in territory_table.rows:
        nodes.append((cells[actor_at], {"kind": "actor"}))
        nodes.append((cells[territory_at], {"kind": "territory"}))
        edges.append((cells[actor_at], cells[territory_at], {"relation": cells[relation_at]}))
        if cells[zone_at]:
            zones_of[cells[actor_at]].add(int(cells[zone_at]))
    territories = nx.Graph()
    territories.add_nodes_from(nodes)
    territories.add_edges_from(edges)
    del nodes, edges
    columns = {name: i for i, name in enumerate(actor_table.columns)}
    iri_at, label_at, number_at, top_at, helix_at, family_at, form_at, istat_at, area_at = (
        columns[name] for name in ("actor", "label", "list_number", "top_helix", "helix",
                                   "family", "legal_form", "seat_istat", "area"))
    actors = {}
    for cells in actor_table.rows:
        iri = cells[iri_at]
        actors[iri] = Actor(
            iri=iri, label=cells[label_at],
            list_number=int(cells[number_at]) if cells[number_at] else None,
            helix=cells[top_at] or UNKNOWN, subhelix=cells[helix_at] or UNKNOWN,
            family=cells[family_at] or UNKNOWN, legal_form=cells[form_at],
            seat_istat=cells[istat_at], zones=tuple(sorted(zones_of.get(iri, ()))),
            area=cells[area_at])
    targets = nx.Graph()
    for row in run_named(store, "network_actor_themes").to_records():
        targets.add_node(row["actor"], kind="actor")
        targets.add_node(row["target"], kind=row["target_kind"])
        targets.add_edge(row["actor"], row["target"], via=row["via"])
    helices, helix_labels = [], {}
    for row in run_named(store, "participants_by_helix").to_records():
        if row["helix"] and row["helix"] == row["top_helix"]:
            helices.append(row["code"])
    helix_labels = {code: code.replace("-", " ") for code in helices}
    zones = {int(r["zone_number"]): (r["zone"], r["label"])
             for r in run_named(store, "territory_participants_by_zone").to_records()}
    themes = {r["theme"]: r["label"] for r in run_named(store, "plan_themes").to_records()}
    objectives = {r["element"]: r["label"]
                  for r in run_named(store, "plan_elements").to_records()
                  if r["level"].endswith("#Objective")}
    labels = {**themes, **objectives, **{f"zone:{n}": label for n, (_, label) in zones.items()},
              **{iri: label for _, (iri, label) in zones.items()}}
    return Projections(actors=actors,
                       declared=run_named(store, "network_declared_ties").to_records(),
                       actor_targets=targets, actor_territories=territories,
                       helices=sorted(helices), helix_labels=helix_labels, zones=zones,
                       themes=themes, objectives=objectives, labels=labels)
