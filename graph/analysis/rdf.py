"""Gap findings as linked data: each gap a resource in the ``analysis`` named graph.

Every fact is written through :class:`~sekg.graph.provenance.FactSink`, so it is tied to a
record whose method is ``derived`` and whose source is the analysis run (a
``sekg:GapAnalysis`` activity with its parameters): gaps are queryable by SPARQL, published in
the dumps and never mistaken for stated facts.

Example
-------
>>> from sekg.ontology.iri import IriMinter
>>> gap_key(Finding("zone-missing-helix", {"zone": "https://e.org/id/zona-omogenea/6",
...                                          "helix": "finance"}, 0.5, "", "coverage"))
'zone-missing-helix-helix-finance-zone-6'
"""

from __future__ import annotations

import json
import re

from pyoxigraph import Literal, NamedNode

from sekg.graph.analysis.findings import Finding
from sekg.graph.analysis.gaps import GapReport
from sekg.graph.provenance import FactSink, Record
from sekg.ontology.namespaces import PREFIXES

__all__ = ["ANALYSIS_GRAPH", "GAP_CLASSES", "add_gap_report", "gap_key"]

ANALYSIS_GRAPH = "analysis"
ACTIVITY_KEY = "partnership-gap-analysis"

#: finding kind -> class of ``ontology/sekg-analysis.ttl``
GAP_CLASSES = {
    "zone-without-participant": "ZoneWithoutParticipant",
    "zone-missing-helix": "ZoneMissingHelix",
    "zone-under-represented-helix": "ZoneUnderRepresentedHelix",
    "mono-helix-zone": "MonoHelixZone",
    "orphan-theme": "OrphanTheme",
    "mono-helix-theme": "MonoHelixTheme",
    "theme-missing-helix": "ThemeMissingHelix",
    "missing-helix-pair": "MissingHelixPair",
    "under-represented-helix-pair": "UnderRepresentedHelixPair",
    "bridge": "FragileTie",
    "articulation-point": "CutActor",
    "isolated-actors": "IsolatedActors",
    "sector-silo": "SectorSilo",
}

_RDF, _RDFS, _SEKG = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["sekg"]
_PROV, _DCT = PREFIXES["prov"], PREFIXES["dcterms"]
_SCHEMA, _XSD = PREFIXES["schema"], PREFIXES["xsd"]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def gap_key(finding: Finding) -> str:
    """A stable key for a finding: its kind and the last segment of each scope value."""
    parts = [finding.kind]
    for key, value in sorted(finding.scope.items()):
        last = "-".join(_slug(v.rstrip("/").rsplit("/", 1)[-1]) for v in value.split("|"))
        parts.append(f"{_slug(key)}-{last}")
    return "-".join(parts)


def _decimal(value: float) -> Literal:
    return Literal(f"{value:.4f}", datatype=NamedNode(_XSD + "decimal"))


def _integer(value: int) -> Literal:
    return Literal(str(int(value)), datatype=NamedNode(_XSD + "integer"))


def _scope_terms(sink: FactSink, finding: Finding) -> list[NamedNode]:
    terms = []
    for key, value in sorted(finding.scope.items()):
        for part in value.split("|"):
            if part.startswith(("http://", "https://")):
                terms.append(NamedNode(part))
            elif key in ("helix", "helix_pair"):
                terms.append(NamedNode(sink.minter.concept("helix", part)))
    return terms


def add_gap_report(sink: FactSink, report: GapReport) -> int:
    """Write ``report``'s findings (with the analysis activity) into the analysis graph.

    Returns the number of gaps written.
    """
    minter = sink.minter
    activity = NamedNode(minter.resource("activity", ACTIVITY_KEY))
    a = NamedNode(_RDF + "type")
    run = Record(source=activity.value, method="derived", confidence="medium",
                 section="partnership-gap analysis (sekg gaps)")
    sink.add(activity, a, NamedNode(_SEKG + "GapAnalysis"), ANALYSIS_GRAPH, run)
    sink.add(activity, a, NamedNode(_PROV + "Activity"), ANALYSIS_GRAPH, run)
    sink.add(activity, NamedNode(_RDFS + "label"),
             Literal("Analisi delle lacune di partenariato", language="it"), ANALYSIS_GRAPH, run)
    sink.add(activity, NamedNode(_RDFS + "label"),
             Literal("Partnership-gap analysis", language="en"), ANALYSIS_GRAPH, run)
    sink.add(activity, NamedNode(_SEKG + "parameters"),
             Literal(json.dumps({**report.options.as_dict(),  # with the backend that ran
                                 "backend": report.summary.get("backend",
                                                               report.options.backend)},
                                sort_keys=True)), ANALYSIS_GRAPH, run)
    sink.add(activity, NamedNode(_PROV + "used"), NamedNode(minter.dataset()), ANALYSIS_GRAPH,
             run)
    for rank, finding in enumerate(report.findings, 1):
        key = gap_key(finding)
        gap = NamedNode(minter.resource("gap", key))
        record = run._replace(section=f"partnership-gap analysis: {finding.method}")

        def fact(p: str, o: NamedNode | Literal, subject: NamedNode = gap,
                 record: Record = record) -> None:
            sink.add(subject, NamedNode(p), o, ANALYSIS_GRAPH, record)

        fact(_RDF + "type", NamedNode(_SEKG + "Gap"))
        fact(_RDF + "type", NamedNode(_SEKG + GAP_CLASSES[finding.kind]))
        fact(_RDFS + "label", Literal(f"{finding.kind}: " + ", ".join(
            report.labels.get(v, v) for _, v in sorted(finding.scope.items())), language="en"))
        fact(_DCT + "description", Literal(finding.explanation, language="en"))
        fact(_SEKG + "severity", _decimal(finding.severity))
        fact(_SCHEMA + "position", _integer(rank))
        fact(_SEKG + "analysisMethod", Literal(finding.method))
        fact(_SEKG + "evidence", Literal(", ".join(f"{k} {v}" for k, v in
                                                   finding.evidence.items())))
        if "observed" in finding.evidence:
            fact(_SEKG + "observedCount", _integer(int(finding.evidence["observed"])))
        if "expected" in finding.evidence:
            fact(_SEKG + "expectedCount", _decimal(float(finding.evidence["expected"])))
        fact(_PROV + "wasGeneratedBy", activity)
        for term in _scope_terms(sink, finding):
            fact(_SEKG + "gapScope", term)
        for actor in finding.basis:
            fact(_PROV + "wasDerivedFrom", NamedNode(actor))
        for actor in finding.suggested_actors:
            fact(_SEKG + "suggestedActor", NamedNode(actor))
        for n, tie in enumerate(finding.suggested_ties, 1):
            node = NamedNode(minter.resource("suggested-tie", f"{key}-tie-{n}"))
            fact(_SEKG + "suggestedTie", node)
            fact(_RDF + "type", NamedNode(_SEKG + "SuggestedTie"), node)
            fact(_SEKG + "tieEnd", NamedNode(str(tie["first"])), node)
            fact(_SEKG + "tieEnd", NamedNode(str(tie["second"])), node)
            fact(_SEKG + "linkScore", _decimal(float(tie["score"])), node)
            fact(_DCT + "description", Literal(
                "sharing " + ", ".join(str(s) for s in tie["shared"]), language="en"), node)
            fact(_SEKG + "effect", Literal(json.dumps(tie["effect"], sort_keys=True)), node)
            fact(_PROV + "wasGeneratedBy", activity, node)
    return len(report.findings)
