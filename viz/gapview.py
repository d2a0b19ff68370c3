"""The gap view: the helices as nodes, the ties observed between them, and what is missing —
helix pairs without ties (dashed red), zones lacking a helix, the brokers that hold the
network together and the ties the analysis suggests (dashed green).

Example
-------
>>> from sekg.graph.analysis import gap_report, load_projections      # doctest: +SKIP
>>> view = gap_view(load_projections(store), gap_report(store))        # doctest: +SKIP
>>> sum(e["kind"] == "missing" for e in view.network.edges)            # doctest: +SKIP
8
"""

from __future__ import annotations

import math
from collections import Counter

from sekg.graph.analysis import GapReport, Projections
from sekg.viz.legend import helix_colour, node_size
from sekg.viz.views import PanelItem, View, ViewOptions, _Builder
from sekg.viz.vocab import Vocabulary

__all__ = ["gap_view"]

#: finding kinds about a helix pair, and the edge style that draws them
_PAIR_STYLES = {"missing-helix-pair": "missing", "under-represented-helix-pair": "weak"}
#: finding kinds about a zone and a helix, and the edge style that draws them
_ZONE_STYLES = {"zone-missing-helix": "missing", "zone-under-represented-helix": "weak",
                "mono-helix-zone": "weak"}


def gap_view(projections: Projections, report: GapReport, options: ViewOptions | None = None,
             words: Vocabulary | None = None) -> View:
    """Helix super-nodes (size = actors) with observed ties between helices (width = ties),
    missing and under-represented pairs, zones with gaps, the top brokers by betweenness and
    the suggested ties; the findings, ranked, in the side panel."""
    options = options or ViewOptions()
    b = _Builder(projections, report, words, options)
    w, canvas, links = b.words, b.canvas, options.links
    by_helix = Counter(a.helix for a in projections.actors.values())
    largest = max(by_helix.values(), default=1)
    mixing = report.tables["mixing_matrix"]
    internal = {r.first: int(r.ties) for r in mixing.itertuples() if r.first == r.second}
    # the helices sit on a circle, so that every pair - and every missing one - is a chord
    radius = 420.0
    for i, helix in enumerate(projections.helices):
        members = [a for a in projections.actors.values() if a.helix == helix]
        canvas.group(f"helix:{helix}", w.helix_label(helix), members,
                     node_size(by_helix[helix], largest) + 10,
                     links.page(b.concept("helix", helix)), helix_colour(helix),
                     [w.text("group.internal", n=internal.get(helix, 0))])
        angle = 2 * math.pi * i / max(len(projections.helices), 1) - math.pi / 2
        canvas.place(f"helix:{helix}", radius * math.cos(angle), radius * math.sin(angle))
    gap_pairs = {}
    for f in report.findings:
        if f.kind in _PAIR_STYLES:
            first, second = f.scope["helix_pair"].split("|")
            gap_pairs[frozenset((first, second))] = (f, _PAIR_STYLES[f.kind])
    observed = 0
    for r in mixing.itertuples():
        if r.first == r.second:
            continue
        pair = frozenset((r.first, r.second))
        text = w.text("gap.pair", n=int(r.ties), expected=float(r.expected))
        if pair in gap_pairs:
            finding, style = gap_pairs[pair]
            canvas.edge(f"helix:{r.first}", f"helix:{r.second}", style,
                        f"{text}\n{finding.explanation}", width=3.0)
        elif r.ties:
            canvas.edge(f"helix:{r.first}", f"helix:{r.second}", "tie", text, float(r.ties))
        observed += int(r.ties)

    def actor(iri: str, values: dict[str, float], top: float) -> None:
        if iri in canvas or iri not in projections.actors:
            return
        a = projections.actors[iri]
        value = values.get(iri, 0.0)
        canvas.actor(a, node_size(value, top), counted=False,
                     extra=[f"{w.text('size.betweenness')}: {value:.4g}"])
        if f"helix:{a.helix}" in canvas:
            canvas.edge(f"helix:{a.helix}", iri, "member")

    brokers = report.tables["brokers"]
    between = dict(zip(brokers["actor"], brokers["betweenness"].astype(float), strict=True))
    top = max(between.values(), default=0.0)
    for row in brokers[brokers["betweenness"] > 0].head(options.brokers).itertuples():
        actor(str(row.actor), between, top)
    zones_by_iri = {iri: n for n, (iri, _) in projections.zones.items()}
    suggested = set()
    for f in report.findings:
        zone = zones_by_iri.get(f.scope.get("zone", ""))
        if zone is not None:
            node = f"zone:{zone}"
            canvas.context(node, b.zone_label(zone), links.view("zone", str(zone))
                           or links.page(b.zone_iri(zone)), [f.explanation],
                           colour="#fde0dc")
            if f.kind in _ZONE_STYLES and f"helix:{f.scope.get('helix')}" in canvas:
                canvas.edge(node, f"helix:{f.scope['helix']}", _ZONE_STYLES[f.kind],
                            f.explanation, width=2.5)
            for iri in f.suggested_actors:
                actor(iri, between, top)
                if iri in canvas and (iri, node) not in suggested:
                    suggested.add((iri, node))
                    canvas.edge(iri, node, "suggested", w.text("gap.could-help"))
        for t in f.suggested_ties:
            first, second = str(t["first"]), str(t["second"])
            if (first, second) in suggested:
                continue
            actor(first, between, top)
            actor(second, between, top)
            suggested.add((first, second))
            effect = t.get("effect") or {}
            assert isinstance(effect, dict)
            canvas.edge(first, second, "suggested", w.text(
                "gap.suggested", score=t["score"],
                shared=", ".join(str(s) for s in t.get("shared") or []),
                before=effect.get("missing_pairs_before", "?"),
                after=effect.get("missing_pairs_after", "?")))
    panel = [PanelItem(f.explanation, round(f.severity, 2), _scope_links(f.scope, b))
             for f in report.findings]
    notes = [b.summary(len(projections.actors), observed + sum(internal.values())),
             w.text("note.gaps", pairs=sum(1 for f, _ in gap_pairs.values()
                                           if f.kind == "missing-helix-pair"),
                    findings=len(report.findings)),
             *report.limits]
    legend = b.legend(groups="helix", edges=("tie", "missing", "weak", "suggested", "member"))
    return b.view("gaps", None, w.text("title.gaps"), legend, notes, len(projections.actors),
                  observed, "helix", panel)


def _scope_links(scope: dict[str, str], b: _Builder) -> tuple[tuple[str, str], ...]:
    links = []
    for key in ("zone", "theme", "objective", "actor", "other_actor"):
        iri = scope.get(key)
        if iri:
            links.append((b.p.label(iri), b.o.links.page(iri)))
    return tuple(links)
