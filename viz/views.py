"""The network views of the ecosystem, built from the gap analysis's projections and report:
the whole ecosystem, one organisation's neighbourhood (ego), a theme or objective, a zona
omogenea, and (in :mod:`sekg.viz.gapview`) the partnership gaps.

Builders return a :class:`View` — a :class:`pyvis.network.Network` with the legend, the
filter menus and notes that go with it; :func:`sekg.viz.page.render_page` turns it into a
self-contained HTML page. Above ``max_nodes`` actors a view shows groups (zones or helices)
instead of actors, each linking to the view that opens it.

Example
-------
>>> from sekg.graph.analysis import gap_report, load_projections
>>> from sekg.graph.questions import resolve_store
>>> store = resolve_store("var")                                         # doctest: +SKIP
>>> p = load_projections(store)                                          # doctest: +SKIP
>>> view = ecosystem_view(p, gap_report(store), ViewOptions(size_by="betweenness"))
...                                                                      # doctest: +SKIP
>>> view.network.num_nodes(), view.legend.title                          # doctest: +SKIP
(139, 'Legend')
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx
from pyvis.network import Network

from sekg.graph.analysis import DECLARED, GapReport, Projections
from sekg.graph.analysis.projection import Actor
from sekg.ontology.errors import SekgError
from sekg.viz.aggregate import Group, aggregate
from sekg.viz.elements import FACETS, Canvas, network_options
from sekg.viz.legend import (
    EDGE_STYLES,
    FAMILY_SHAPES,
    HELIX_COLOURS,
    Legend,
    helix_colour,
    node_size,
)
from sekg.viz.links import Links
from sekg.viz.vocab import Vocabulary, check_lang

__all__ = ["CENTRALITIES", "GROUPINGS", "VIEWS", "PanelItem", "View", "ViewOptions",
           "build_view", "ecosystem_view", "ego_view", "grouped_view", "theme_view",
           "zone_view"]

#: the views, by name (as in ``sekg viz --view`` and ``/browse/{view}``)
VIEWS = ("ecosystem", "ego", "theme", "zone", "gaps")
#: what node size can show
CENTRALITIES = ("degree", "betweenness")
#: how a view too big to draw is aggregated
GROUPINGS = ("zone", "helix")
NO_ZONE = "none"
_GROUP_COLOUR = "#a9c1d9"


@dataclass(frozen=True)
class ViewOptions:
    """How a view is drawn.

    ``size_by`` is ``degree`` or ``betweenness`` (from the report's ``brokers`` table);
    above ``max_nodes`` actors the view is aggregated by ``group_by`` (``zone`` or ``helix``);
    ``radius`` is the ego view's (1 or 2); ``brokers`` how many brokers the gap view shows.
    """

    lang: str = "en"
    size_by: str = "degree"
    max_nodes: int = 500
    group_by: str = "zone"
    radius: int = 1
    brokers: int = 8
    links: Links = field(default_factory=Links)

    def __post_init__(self) -> None:
        check_lang(self.lang)
        _check("--size-by", self.size_by, CENTRALITIES)
        _check("--group-by", self.group_by, GROUPINGS)
        if self.radius not in (1, 2):
            raise SekgError(f"radius {self.radius} is not supported", hint="use 1 or 2")
        if self.max_nodes < 1:
            raise SekgError(f"--max-nodes {self.max_nodes} is too small",
                            hint="give a positive number of nodes, e.g. 500")


def _zone_order(key: str) -> tuple[int, str]:
    return (int(key), "") if key.isdigit() else (10**6, key)


def _check(option: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise SekgError(f"unknown {option} '{value}'", hint=f"use one of: {', '.join(allowed)}")


@dataclass(frozen=True)
class PanelItem:
    """A line of the side panel (e.g. a finding): text, a severity and links to entities."""

    text: str
    severity: float | None = None
    links: tuple[tuple[str, str], ...] = ()


@dataclass
class View:
    """A network view ready to render: the network and what the page shows around it."""

    kind: str
    key: str | None
    title: str
    network: Network
    legend: Legend
    facets: dict[str, list[tuple[str, str]]]
    lang: str
    notes: list[str] = field(default_factory=list)
    panel: list[PanelItem] = field(default_factory=list)
    aggregated: str | None = None
    actors: int = 0
    ties: int = 0

    @property
    def nodes(self) -> int:
        return len(self.network.nodes)

    @property
    def edges(self) -> int:
        return len(self.network.edges)


class _Builder:
    """What every view needs: the projections, the report, the words and a canvas."""

    def __init__(self, projections: Projections, report: GapReport | None,
                 words: Vocabulary | None, options: ViewOptions) -> None:
        self.p = projections
        self.report = report
        self.o = options
        self.words = words or Vocabulary(options.lang, {}, {})
        if self.words.lang != options.lang:
            raise SekgError(f"the vocabulary is in '{self.words.lang}' but the view in "
                            f"'{options.lang}'", hint="load the vocabulary in the view's language")
        self.kinds = tuple(report.options.ties) if report else DECLARED
        self.themes_of: dict[str, list[str]] = {}
        for actor, target in self.p.actor_targets.edges():
            for a, t in ((actor, target), (target, actor)):
                if a in self.p.actors and (t in self.p.themes or t in self.p.objectives):
                    self.themes_of.setdefault(a, []).append(t)
        self.canvas = Canvas(options.links, self.words, self.themes_of, self.p.labels)
        self._ties: nx.Graph | None = None

    # ------------------------------------------------------------------ data
    @property
    def ties(self) -> nx.Graph:
        if self._ties is None:
            self._ties = self.p.tie_graph(self.kinds)
        return self._ties

    def centrality(self) -> dict[str, float]:
        """Actor -> the chosen centrality (0 for actors without ties)."""
        if self.o.size_by == "degree":
            return {a: float(d) for a, d in self.ties.degree()}
        if self.report is None or "brokers" not in self.report.tables:
            raise SekgError("sizing by betweenness needs the gap report",
                            hint="pass the GapReport (sekg.graph.analysis.gap_report)")
        frame = self.report.tables["brokers"]
        return dict(zip(frame["actor"], frame["betweenness"].astype(float), strict=True))

    def zone_iri(self, number: int) -> str:
        return self.p.zones[number][0]

    def zone_label(self, number: int) -> str:
        return self.p.zones[number][1] if number in self.p.zones else str(number)

    def concept(self, scheme: str, code: str) -> str:
        return f"{self.o.links.base.rstrip('/')}/id/concept/{scheme}/{code}"

    # --------------------------------------------------------------- drawing
    def actors(self, members: Iterable[str], faded: Iterable[str] = ()) -> None:
        values = self.centrality()
        largest = max(values.values(), default=0.0)
        name = self.words.text(f"size.{self.o.size_by}")
        for iri in members:
            v = values.get(iri, 0.0)
            self.canvas.actor(self.p.actors[iri], node_size(v, largest),
                              extra=[f"{name}: {v:.4g}"])
        for iri in faded:
            self.canvas.actor(self.p.actors[iri], node_size(values.get(iri, 0.0), largest),
                              faded=True)

    def ties_among(self, nodes: Iterable[str]) -> int:
        shown = [n for n in nodes if n in self.canvas]
        count = 0
        for u, v, data in sorted(self.ties.subgraph(shown).edges(data=True)):
            self.canvas.tie(u, v, data)
            count += 1
        return count

    def groups(self, members: Iterable[str], by: str) -> tuple[int, int]:
        """Super-nodes for ``members`` grouped by zone or helix; returns (groups, ties drawn)."""
        members = list(members)
        if by == "zone":
            groups_of = {a: [str(z) for z in self.p.actors[a].zones] or [NO_ZONE]
                         for a in members}
        else:
            groups_of = {a: [self.p.actors[a].helix] for a in members}
        groups, between = aggregate(self.ties.subgraph(members), groups_of)
        if by == "zone" and len(members) == len(self.p.actors):
            # every zone has a node, an empty one too: "no participant here" is a finding
            for number in self.p.zones:
                groups.setdefault(str(number), Group(str(number)))
            groups = dict(sorted(groups.items(), key=lambda kv: _zone_order(kv[0])))
        largest = max((len(g.members) for g in groups.values()), default=1)
        for key, group in groups.items():
            actors = [self.p.actors[a] for a in group.members]
            size = node_size(len(actors), largest) + 6
            internal = self.words.text("group.internal", n=group.internal_ties)
            if by == "zone" and key != NO_ZONE:
                number = int(key)
                label = self.zone_label(number)
                url = self.o.links.view("zone", key) or self.o.links.page(self.zone_iri(number))
                self.canvas.group(f"group:zone:{key}", label, actors, size, url,
                                  _GROUP_COLOUR if actors else "#fde0dc",
                                  [internal, *self.missing_helices(actors)],
                                  short=label.removeprefix("Zona omogenea "))
            elif by == "zone":
                self.canvas.group(f"group:zone:{key}", self.words.text("group.no-zone"), actors,
                                  size, "", "#dddddd", [internal], shape="dot")
            else:
                self.canvas.group(f"group:helix:{key}", self.words.helix_label(key), actors,
                                  size, self.o.links.page(self.concept("helix", key))
                                  if key != "unknown" else "", helix_colour(key), [internal])
        # groups sit on a circle (few nodes, long labels): no overlap, no layout to wait for
        radius = 35.0 * max(len(groups), 6)
        for i, key in enumerate(groups):
            angle = 2 * math.pi * i / len(groups) - math.pi / 2
            self.canvas.place(f"group:{by}:{key}", radius * math.cos(angle),
                              radius * math.sin(angle))
        for (a, b), n in between.items():
            self.canvas.edge(f"group:{by}:{a}", f"group:{by}:{b}", "tie",
                             self.words.text("group.ties", n=n),
                             width=min(8.0, round(1.0 + 1.2 * math.log(n), 2)))
        return len(groups), sum(between.values()) + sum(g.internal_ties for g in groups.values())

    def missing_helices(self, actors: list[Actor]) -> list[str]:
        present = {a.helix for a in actors}
        missing = [self.words.helix_label(h) for h in self.p.helices if h not in present]
        return [self.words.text("group.missing", helices=", ".join(missing))] if missing else []

    # ------------------------------------------------------------------ view
    def legend(self, groups: str | None = None, edges: Iterable[str] = ("tie",)) -> Legend:
        w = self.words
        legend = Legend(w.text("legend.title"))
        section = w.text("legend.colour")
        for code in [*self.p.helices, "unknown"]:
            if self.canvas.helices.get(code) or code in self.p.helices:
                legend.add(section, w.helix_label(code), colour=HELIX_COLOURS.get(
                    code, HELIX_COLOURS["unknown"]), count=self.canvas.helices.get(code, 0))
        if groups is None:
            section = w.text("legend.shape")
            for code, shape in FAMILY_SHAPES.items():
                legend.add(section, w.family_label(code), shape=shape,
                           count=self.canvas.families.get(code, 0))
            legend.notes.append(w.text(f"legend.size.{self.o.size_by}"))
        else:
            legend.notes.append(w.text(f"legend.groups.{groups}"))
        section = w.text("legend.edges")
        for style in edges:
            assert style in EDGE_STYLES
            legend.add(section, w.text(f"edge.{style}"), edge=style)
        return legend

    def facets(self) -> dict[str, list[tuple[str, str]]]:
        seen = self.canvas.facet_values
        menus: dict[str, list[tuple[str, str]]] = {}
        for facet in FACETS:
            values = seen[facet]
            if facet == "helix":
                items = [(v, self.words.helix_label(v)) for v in sorted(values)]
            elif facet == "family":
                items = [(v, self.words.family_label(v)) for v in sorted(values)]
            elif facet == "zone":
                items = [(v, self.zone_label(int(v))) for v in sorted(values, key=int)]
            else:
                items = [(v, self.p.label(v)) for v in sorted(values)]
            if facet != "zone":
                items.sort(key=lambda item: item[1].casefold())
            if items:
                menus[facet] = items
        return menus

    def view(self, kind: str, key: str | None, title: str, legend: Legend, notes: list[str],
             actors: int, ties: int, aggregated: str | None = None,
             panel: list[PanelItem] | None = None) -> View:
        net = self.canvas.network
        net.heading = title
        options = network_options(len(net.nodes), len(net.edges))
        if all(node.get("fixed") for node in net.nodes):   # nothing left to lay out
            options["physics"] = {"enabled": False}
        net.options = options
        return View(kind, key, title, net, legend, self.facets(), self.o.lang, notes,
                    panel or [], aggregated, actors, ties)

    def summary(self, actors: int, ties: int) -> str:
        kinds = ", ".join(self.words.text(f"kind.{k}") for k in self.kinds)
        return self.words.text("note.summary", actors=actors, ties=ties, kinds=kinds)


# ---------------------------------------------------------------------- views
def ecosystem_view(projections: Projections, report: GapReport | None = None,
                   options: ViewOptions | None = None, words: Vocabulary | None = None
                   ) -> View:
    """Every organisation and the ties between them (the kinds analysed by ``report``, else the
    declared ties); aggregated into groups by ``options.group_by`` above ``max_nodes``."""
    options = options or ViewOptions()
    b = _Builder(projections, report, words, options)
    members = sorted(projections.actors)
    if len(members) > options.max_nodes:
        return grouped_view(projections, report, options, words, by=options.group_by,
                            _builder=b, _kind="ecosystem")
    b.actors(members)
    ties = b.ties_among(members)
    isolated = sum(1 for a in members if b.ties.degree(a) == 0)
    notes = [b.summary(len(members), ties), b.words.text("note.isolated", n=isolated)]
    return b.view("ecosystem", None, b.words.text("title.ecosystem"), b.legend(), notes,
                  len(members), ties)


def grouped_view(projections: Projections, report: GapReport | None = None,
                 options: ViewOptions | None = None, words: Vocabulary | None = None,
                 by: str = "zone", *, _builder: _Builder | None = None,
                 _kind: str = "zone") -> View:
    """One node per zona omogenea (or per helix) with its number of actors; edge weights are
    the ties between groups. A click on a zone opens its zone view."""
    options = options or ViewOptions()
    _check("--group-by", by, GROUPINGS)
    b = _builder or _Builder(projections, report, words, options)
    members = sorted(projections.actors)
    groups, ties = b.groups(members, by)
    w = b.words
    notes = [b.summary(len(members), ties),
             w.text(f"note.aggregated.{by}", n=len(members), groups=groups)]
    if len(members) > options.max_nodes:
        notes.append(w.text("note.limit", limit=options.max_nodes))
    return b.view(_kind, None, w.text(f"title.groups.{by}"), b.legend(groups=by), notes,
                  len(members), ties, aggregated=by)


def ego_view(projections: Projections, key: str, report: GapReport | None = None,
             options: ViewOptions | None = None, words: Vocabulary | None = None) -> View:
    """One organisation, the actors within ``options.radius`` ties of it, the ties among them,
    and the zones and themes it is linked to."""
    options = options or ViewOptions()
    b = _Builder(projections, report, words, options)
    centre = _resolve(key, projections.actors, ("organisation",), "organisation",
                      "sekg query run participants_of_helix")
    members = sorted(nx.ego_graph(b.ties, centre, radius=options.radius))
    w = b.words
    notes = []
    aggregated = None
    if len(members) > options.max_nodes:
        b.actors([centre])
        others = [m for m in members if m != centre]
        groups, ties = b.groups(others, "helix")
        for group in sorted({b.p.actors[m].helix for m in b.ties[centre]}):
            b.canvas.edge(centre, f"group:helix:{group}", "tie")
        aggregated = "helix"
        notes += [w.text("note.aggregated.helix", n=len(others), groups=groups),
                  w.text("note.limit", limit=options.max_nodes)]
    else:
        b.actors(members)
        ties = b.ties_among(members)
    actor = projections.actors[centre]
    for zone in actor.zones:
        node = f"zone:{zone}"
        b.canvas.context(node, b.zone_label(zone), options.links.view("zone", str(zone))
                         or options.links.page(b.zone_iri(zone)), [w.text("kind.zone")])
        b.canvas.edge(centre, node, "context")
    for target in sorted(b.p.actor_targets[centre] if centre in b.p.actor_targets else []):
        b.canvas.context(target, projections.label(target), options.links.page(target),
                         [w.text("kind.target")])
        b.canvas.edge(centre, target, "context")
    notes.insert(0, w.text("note.ego", name=actor.label, radius=options.radius,
                           n=len(members) - 1, ties=ties))
    if len(members) == 1:
        notes.append(w.text("note.ego.alone"))
    return b.view("ego", centre, w.text("title.ego", name=actor.label),
                  b.legend(edges=("tie", "context")), notes, len(members), ties, aggregated)


def theme_view(projections: Projections, key: str, report: GapReport | None = None,
               options: ViewOptions | None = None, words: Vocabulary | None = None) -> View:
    """A plan theme or objective, the actors linked to it and the ties among them."""
    options = options or ViewOptions()
    b = _Builder(projections, report, words, options)
    known = {**projections.themes, **projections.objectives}
    target = _resolve(key, known, ("concept/plan-theme", "objective"), "theme or objective",
                      "sekg query run plan_themes")
    members = sorted(a for a in (projections.actor_targets[target]
                                 if target in projections.actor_targets else [])
                     if a in projections.actors)
    w = b.words
    label = projections.label(target)
    b.canvas.context(target, label, options.links.page(target),
                     [w.text("kind.theme" if target in projections.themes else "kind.objective")],
                     shape="ellipse", colour="#ffe08a")
    aggregated = None
    if len(members) > options.max_nodes:
        groups, ties = b.groups(members, "helix")
        for helix in sorted({b.p.actors[m].helix for m in members}):
            b.canvas.edge(target, f"group:helix:{helix}", "context")
        aggregated = "helix"
    else:
        b.actors(members)
        for m in members:
            b.canvas.edge(target, m, "context")
        ties = b.ties_among(members)
    notes = [w.text("note.theme", name=label, n=len(members), ties=ties)]
    if not members:
        notes.append(w.text("note.theme.empty"))
    return b.view("theme", target, w.text("title.theme", name=label),
                  b.legend(groups=aggregated, edges=("tie", "context")), notes, len(members),
                  ties, aggregated)


def zone_view(projections: Projections, key: str | int | None = None,
              report: GapReport | None = None, options: ViewOptions | None = None,
              words: Vocabulary | None = None) -> View:
    """A zona omogenea: its actors (seated or active there), the ties among them and, faded,
    the actors outside it they are tied to. Without ``key``, every zone as one node."""
    options = options or ViewOptions()
    if key is None or key == "":
        return grouped_view(projections, report, options, words, by="zone")
    try:
        number = int(key)
    except ValueError:
        number = -1
    if number not in projections.zones:
        raise SekgError(f"'{key}' is not a zona omogenea of the graph",
                        hint=f"use a number from {min(projections.zones, default=1)} to "
                             f"{max(projections.zones, default=11)}")
    b = _Builder(projections, report, words, options)
    w = b.words
    members = sorted(a for a, x in projections.actors.items() if number in x.zones)
    outside = sorted({n for m in members for n in b.ties[m]} - set(members))
    aggregated = None
    if len(members) + len(outside) > options.max_nodes:
        groups, ties = b.groups(members, "helix")
        aggregated = "helix"
    else:
        b.actors(members, faded=outside)
        ties = b.ties_among(members + outside)
    label = b.zone_label(number)
    notes = [w.text("note.zone", name=label, n=len(members), outside=len(outside), ties=ties),
             *b.missing_helices([projections.actors[m] for m in members])]
    return b.view("zone", str(number), label, b.legend(groups=aggregated), notes, len(members),
                  ties, aggregated)


def _resolve(key: str, known: dict[str, object] | dict[str, str] | dict[str, Actor],
             kinds: tuple[str, ...], what: str, where: str) -> str:
    """The IRI of ``key`` (an IRI, or the key after ``/id/{kind}/``) among ``known``."""
    if key in known:
        return key
    found = [iri for iri in known for kind in kinds if iri.endswith(f"/id/{kind}/{key}")]
    if len(found) == 1:
        return found[0]
    examples = ", ".join(sorted(iri.rsplit("/", 1)[-1] for iri in known)[:6])
    raise SekgError(f"unknown {what} '{key}'",
                    hint=f"give a key such as {examples} (see `{where}`)")


def build_view(kind: str, projections: Projections, report: GapReport | None = None,
               options: ViewOptions | None = None, words: Vocabulary | None = None,
               key: str | None = None) -> View:
    """The view ``kind`` (one of :data:`VIEWS`); ``key`` names the organisation (ego), theme
    or objective (theme) or zone number (zone)."""
    _check("--view", kind, VIEWS)
    if kind == "ecosystem":
        return ecosystem_view(projections, report, options, words)
    if kind == "zone":
        return zone_view(projections, key, report, options, words)
    if kind == "gaps":
        from sekg.viz.gapview import gap_view

        if report is None:
            raise SekgError("the gap view needs the gap report",
                            hint="pass the GapReport (sekg.graph.analysis.gap_report)")
        return gap_view(projections, report, options, words)
    if not key:
        raise SekgError(f"the {kind} view needs an identifier",
                        hint="give --id KEY (an organisation key for ego, a theme or "
                             "objective key for theme)")
    if kind == "ego":
        return ego_view(projections, key, report, options, words)
    return theme_view(projections, key, report, options, words)
