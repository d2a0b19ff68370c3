"""Nodes and edges of the network views: actors, groups of actors, context nodes (zones,
themes) and ties, as vis-network options on a :class:`pyvis.network.Network`, each node with
its link, tooltip and the facets the page's filters read.

Example
-------
>>> from sekg.graph.analysis.projection import Actor
>>> from sekg.viz.links import Links
>>> from sekg.viz.vocab import Vocabulary
>>> a = Actor("https://w3id.org/social-economy-kg/id/organisation/x", "X", 1, "finance",
...           "finance", "foundation", "", "", (5,))
>>> canvas = Canvas(Links(), Vocabulary("en", {"finance": "Finance"}, {}), themes_of={})
>>> canvas.actor(a, size=10.0)
>>> node = canvas.network.nodes[0]
>>> node["shape"], node["url"], node["facets"]["zone"]
('diamond', 'https://w3id.org/social-economy-kg/id/organisation/x', ['5'])
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping

from pyvis.network import Network

from sekg.graph.analysis.projection import Actor
from sekg.viz.legend import EDGE_STYLES, family_shape, helix_colour, node_size
from sekg.viz.links import Links
from sekg.viz.vocab import Vocabulary

__all__ = ["FACETS", "Canvas", "network_options"]

#: the attributes the page filters on, in the order of the filter menus
FACETS = ("helix", "family", "zone", "theme")

_LABEL_WIDTH = 28


def _short(text: str, width: int = _LABEL_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def network_options(nodes: int, edges: int) -> dict[str, object]:
    """vis-network options: seeded layout, bounded stabilisation (physics is switched off by
    the page once it is done), hover tooltips.

    >>> network_options(10, 5)["physics"]["stabilization"]["iterations"]
    150
    """
    iterations = 150 if nodes <= 300 else 100
    return {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": nodes <= 150},
        "physics": {
            "enabled": nodes > 1,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -45, "centralGravity": 0.012,
                                 "springLength": 90, "springConstant": 0.06,
                                 "damping": 0.5, "avoidOverlap": 0.5},
            "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 50,
                              "fit": True},
            "minVelocity": 1.0,
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": edges > 2000,
                        "multiselect": False, "navigationButtons": False},
        "nodes": {"borderWidth": 1, "borderWidthSelected": 3,
                  "font": {"size": 12, "face": "sans-serif", "color": "#222222",
                           "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {"smooth": False, "selectionWidth": 2,
                  "color": {"inherit": False}},
    }


class Canvas:
    """Adds the nodes and edges of one view to a pyvis network, keeping the facet values seen
    (for the filter menus) and the counts per helix and family (for the legend)."""

    def __init__(self, links: Links, words: Vocabulary, themes_of: Mapping[str, list[str]],
                 labels: Mapping[str, str] | None = None) -> None:
        self.network = Network(height="100%", width="100%", cdn_resources="in_line")
        self.links = links
        self.words = words
        self.themes_of = themes_of
        self.labels = dict(labels or {})
        self.facet_values: dict[str, set[str]] = {f: set() for f in FACETS}
        self.helices: Counter[str] = Counter()
        self.families: Counter[str] = Counter()
        self._ids: set[str] = set()
        self._counted: set[str] = set()

    def __contains__(self, node: str) -> bool:
        return node in self._ids

    def _add(self, node_id: str, options: dict[str, object]) -> None:
        # pyvis's add_node scans its id list (quadratic for big views): append directly, as
        # add_node would, and keep pyvis's own bookkeeping in step
        options = {"id": node_id, **options}
        self.network.nodes.append(options)
        self.network.node_ids.append(node_id)
        self.network.node_map[node_id] = options
        self._ids.add(node_id)

    def _facets(self, **values: Iterable[str]) -> dict[str, list[str]]:
        facets = {}
        for facet in FACETS:
            items = sorted(set(values.get(facet, ())))
            facets[facet] = items
            self.facet_values[facet].update(items)
        return facets

    def actor(self, actor: Actor, size: float, extra: Iterable[str] = (),
              faded: bool = False, counted: bool = True) -> None:
        """An organisation: colour = helix, shape = family, ``size`` from a centrality;
        ``faded`` for actors shown only as neighbours of the view's own actors; ``counted``
        False when a group node already counts it in the legend."""
        if actor.iri in self:
            return
        words = self.words
        zones = ", ".join(self.labels.get(f"zone:{z}", str(z)) for z in actor.zones) or "—"
        lines = [actor.label,
                 f"{words.text('facet.helix')}: {words.helix_label(actor.helix)}"
                 + (f" ({words.helix_label(actor.subhelix)})"
                    if actor.subhelix not in (actor.helix, "unknown") else ""),
                 f"{words.text('facet.family')}: {words.family_label(actor.family)}",
                 f"{words.text('facet.zone')}: {zones}", *extra,
                 words.text("hint.open")]
        colour = helix_colour(actor.helix)
        self._add(actor.iri, {
            "label": _short(actor.label), "name": actor.label, "title": "\n".join(lines),
            "shape": family_shape(actor.family), "size": size,
            "color": {"background": colour, "border": "#333333",
                      "highlight": {"background": colour, "border": "#000000"},
                      "hover": {"background": colour, "border": "#000000"}},
            "opacity": 0.45 if faded else 1.0, "url": self.links.page(actor.iri),
            "kind": "actor",
            "facets": self._facets(helix=[actor.helix], family=[actor.family],
                                   zone=[str(z) for z in actor.zones],
                                   theme=self.themes_of.get(actor.iri, [])),
        })
        if counted and not faded:
            self._count([actor])

    def group(self, node_id: str, label: str, members: list[Actor], size: float, url: str,
              colour: str, lines: Iterable[str] = (), shape: str = "dot",
              short: str | None = None) -> None:
        """A super-node standing for ``members``; its facets are the union of theirs, so that
        a filter keeps exactly the groups with at least one matching actor."""
        words = self.words
        by_helix = Counter(a.helix for a in members)
        detail = [f"{words.helix_label(h)}: {n}" for h, n in
                  sorted(by_helix.items(), key=lambda kv: (-kv[1], kv[0]))]
        title = "\n".join([label, words.text("group.actors", n=len(members)), *lines, *detail,
                           words.text("hint.drill")])
        self._add(node_id, {
            "label": f"{_short(short or label, 30)} ({len(members)})", "name": label,
            "title": title,
            "shape": shape, "size": size, "url": url, "kind": "group", "count": len(members),
            "color": {"background": colour, "border": "#333333",
                      "highlight": {"background": colour, "border": "#000000"}},
            "font": {"size": 18},
            "facets": self._facets(
                helix=by_helix, family={a.family for a in members},
                zone={str(z) for a in members for z in a.zones},
                theme={t for a in members for t in self.themes_of.get(a.iri, [])}),
        })
        self._count(members)

    def _count(self, actors: Iterable[Actor]) -> None:
        """Count actors once each for the legend, even when they sit in several groups."""
        for actor in actors:
            if actor.iri not in self._counted:
                self._counted.add(actor.iri)
                self.helices[actor.helix] += 1
                self.families[actor.family] += 1

    def context(self, node_id: str, label: str, url: str, lines: Iterable[str] = (),
                shape: str = "box", colour: str = "#fff7d6", kind: str = "context") -> None:
        """A node that is not an actor (a zone, a theme, a helix); always shown by filters."""
        if node_id in self:
            return
        self._add(node_id, {
            "label": _short(label, 40), "name": label, "shape": shape, "url": url,
            "title": "\n".join([label, *lines, self.words.text("hint.open")]),
            "color": {"background": colour, "border": "#555555",
                      "highlight": {"background": colour, "border": "#000000"}},
            "kind": kind, "pinned": True, "facets": self._facets(),
            "font": {"size": 14, "strokeWidth": 0} if shape == "box" else {"size": 15},
            "margin": 8,
        })

    def edge(self, u: str, v: str, style: str = "tie", title: str = "",
             weight: float = 1.0, width: float | None = None) -> None:
        """An edge drawn in one of the legend's :data:`~sekg.viz.legend.EDGE_STYLES`; its width
        grows with the logarithm of ``weight`` unless ``width`` is given."""
        # pyvis's add_edge scans every edge for duplicates (quadratic); the views never add
        # one twice, so append the same options directly
        if width is None:
            width = round(1.0 + 1.6 * math.log(max(weight, 1.0)), 2)
        self.network.edges.append({"from": u, "to": v, "title": title, "kind": style,
                                   "width": width, **EDGE_STYLES[style]})

    def place(self, node_id: str, x: float, y: float) -> None:
        """Pin a node at (x, y): the layout arranges the other nodes around it."""
        self.network.node_map[node_id].update(x=round(x, 1), y=round(y, 1), fixed=True,
                                              physics=False)

    def tie(self, u: str, v: str, data: Mapping[str, object]) -> None:
        """A tie between two actors, with its kinds and evidence in the tooltip."""
        kinds = data.get("kinds") or {}
        assert isinstance(kinds, dict)
        text = "; ".join(f"{kind} ×{n:g}" if n != 1 else kind for kind, n in sorted(kinds.items()))
        self.edge(u, v, "tie", text, float(data.get("weight", 1.0)))  # type: ignore[arg-type]

    def sized(self, value: float, largest: float) -> float:
        return node_size(value, largest)
