"""SHACL compiled to SPARQL (graph/shacl.py) finds what pySHACL finds.

The Turin dataset conforms under every engine (test_build.py); here it is broken in every way
a shape of ``ontology/shapes.ttl`` can catch, all at once on different nodes, and each engine
must report the same (focus node, path, constraint component) results.
"""

from __future__ import annotations

import pytest
from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, Triple

from sekg.graph.build import BuildOptions, collect_dataset
from sekg.graph.shacl import SH, Unsupported, compile_shapes, validate
from sekg.graph.validate import violations

B = "https://w3id.org/social-economy-kg"
SEKG = f"{B}/ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
ORG = "http://www.w3.org/ns/org#"


def n(iri: str) -> NamedNode:
    return NamedNode(iri)


@pytest.fixture(scope="module")
def turin() -> tuple[list[Quad], list[Triple]]:
    sink, shapes = collect_dataset(BuildOptions())
    return list(sink.quads), shapes


def _subjects(quads: list[Quad], predicate: str, obj: NamedNode | None = None) -> list[NamedNode]:
    return sorted({q.subject for q in quads  # type: ignore[misc]
                   if q.predicate.value == predicate and (obj is None or q.object == obj)},
                  key=str)


def broken(quads: list[Quad]) -> tuple[list[Quad], set[str]]:
    """The Turin quads broken in every way the shapes catch; the focus nodes broken."""
    listed = _subjects(quads, SEKG + "listNumber")
    organisations = [s for s in _subjects(quads, RDF + "type", n(ORG + "Organization"))
                     if s in listed]
    records = _subjects(quads, RDF + "type", n(SEKG + "SourceRecord"))
    groups = _subjects(quads, RDF + "type", n(SEKG + "FactGroup"))
    predicate_sets = _subjects(quads, RDF + "type", n(SEKG + "PredicateSet"))
    statements = _subjects(quads, RDF + "type", n(RDF + "Statement"))
    proposals = _subjects(quads, RDF + "type", n(SEKG + "ConsultationProposal"))
    chieri, modena = n(f"{B}/id/comune/001078"), n(f"{B}/id/comune/036023")
    zone = n(f"{B}/id/zona-omogenea/1")
    g = n(f"{B}/graph/piano-2030")
    drop = {(chieri, SEKG + "istatCode"), (modena, "https://schema.org/containedInPlace"),
            (organisations[0], SEKG + "normalisedName"), (records[0], SEKG + "method"),
            (statements[0], RDF + "object"), (proposals[0], SEKG + "outcome"),
            (organisations[1], "http://www.w3.org/2000/01/rdf-schema#label")}
    for record in records[1:3]:
        drop |= {(record, "http://purl.org/dc/terms/source"), (record, SEKG + "note")}
    kept = [q for q in quads if (q.subject, q.predicate.value) not in drop]
    lit = Literal
    extra = [
        # maxCount, pattern: a second, malformed ISTAT code; a comune in a zone and a province
        (n(f"{B}/id/comune/001272"), SEKG + "istatCode", lit("12345")),
        (chieri, "https://schema.org/containedInPlace", n(f"{B}/id/territory/piemonte")),
        # sh:class, maxCount: a legal form that is no concept, and a second one
        (organisations[3], SEKG + "legalForm", n(f"{B}/id/comune/001272")),
        (organisations[4], SEKG + "legalForm", n(f"{B}/id/concept/legal-form/srl")),
        (organisations[4], SEKG + "seat", lit("Torino")),
        # datatype (a plain integer, an ill-formed positive integer), maxInclusive
        (organisations[5], SEKG + "listNumber", lit("7", datatype=n(XSD + "integer"))),
        (organisations[6], SEKG + "listNumber", lit("0", datatype=n(XSD + "positiveInteger"))),
        (organisations[7], SEKG + "listNumber", lit("200", datatype=n(XSD + "positiveInteger"))),
        (organisations[8], "http://www.w3.org/2000/01/rdf-schema#label", lit("x", language="it")),
        # sh:in, nodeKind, the fact group's one record
        (records[3], SEKG + "confidence", n(f"{B}/id/concept/confidence/total")),
        (predicate_sets[0], SEKG + "memberPredicate", lit("not an IRI")),
        (groups[2], SEKG + "predicateSet", n(f"{B}/id/comune/001272")),
        (groups[1], "http://www.w3.org/ns/prov#wasDerivedFrom", n(f"{B}/id/comune/001272")),
        # the zone's number out of range and not a number
        (zone, SEKG + "zoneNumber", lit("12", datatype=n(XSD + "integer"))),
        (n(f"{B}/id/zona-omogenea/2"), SEKG + "zoneNumber", lit("two")),
        # a partnership with a single member (inverse path, class of the membership)
        (n(f"{B}/id/partnership/x"), RDF + "type", n(SEKG + "Partnership")),
        (n(f"{B}/id/partnership/x"), "http://www.w3.org/2000/01/rdf-schema#label", lit("x")),
        (n(f"{B}/id/membership/x"), ORG + "organization", n(f"{B}/id/partnership/x")),
        (n(f"{B}/id/membership/x"), RDF + "type", n(ORG + "Membership")),
        (n(f"{B}/id/membership/x"), ORG + "member", n(f"{B}/id/comune/001272")),
        (n(f"{B}/id/membership/x"), ORG + "role", lit("a")),
        (n(f"{B}/id/membership/x"), ORG + "role", lit("b")),
    ]
    kept += [Quad(s, n(p), o, g) for s, p, o in extra]  # type: ignore[arg-type]
    # the same triple in two graphs is one value (maxCount 1 still holds)
    kept.append(Quad(chieri, n(SEKG + "inZonaOmogenea"), n(f"{B}/id/zona-omogenea/11"),
                     n(f"{B}/graph/territories-copy")))
    expected = {s.value for s, _ in drop} | {s.value for s, _, _ in extra
                                            if "membership" not in s.value}
    expected.add(f"{B}/id/partnership/x")
    return kept, expected


def _keys(found) -> set[tuple[str, str | None, str]]:
    return {(v.focus, v.path, v.component) for v in found}


def test_sparql_validator_finds_what_pyshacl_finds(turin) -> None:
    quads, shapes = turin
    bad, expected = broken(quads)
    sparql = violations(bad, shapes, "sparql")
    reference = violations(bad, shapes, "pyshacl")
    assert _keys(sparql) == _keys(reference)
    assert {v.focus for v in sparql} >= expected - {f"{B}/id/membership/x"}
    # sh:message is kept where the shape gives one
    assert any("at least two memberships" in v.message for v in sparql)


def test_sparql_validator_agrees_with_pyshacl_turbo(turin) -> None:
    """pyshacl-turbo differs from pySHACL in one result: the ill-formed
    "0"^^xsd:positiveInteger breaks sh:maxInclusive 146 for pySHACL (an ill-formed literal
    compares with nothing) and for the SPARQL validator, not for pyshacl-turbo."""
    quads, shapes = turin
    bad, _ = broken(quads)
    sparql = _keys(violations(bad, shapes, "sparql"))
    turbo = _keys(violations(bad, shapes, "pyshacl-turbo"))
    ill_formed = {k for k in sparql - turbo if k[2] == "MaxInclusiveConstraintComponent"}
    assert len(ill_formed) == 1
    assert sparql - ill_formed == turbo


def test_datatype_is_checked_on_the_literals_as_given(turin) -> None:
    """Oxigraph stores "7"^^xsd:integer and "7"^^xsd:positiveInteger alike; the check does
    not: only the first breaks sh:datatype xsd:positiveInteger."""
    quads, shapes = turin
    listed = _subjects(quads, SEKG + "listNumber")[0]
    number = NamedNode(SEKG + "listNumber")
    kept = [q for q in quads if not (q.subject == listed and q.predicate == number)]
    for datatype, broken_ in (("integer", True), ("positiveInteger", False)):
        data = kept + [Quad(listed, number, Literal("7", datatype=n(XSD + datatype)),
                            DefaultGraph())]
        found = [v for v in validate(data, shapes) if v.component.startswith("Datatype")]
        assert bool(found) is broken_, (datatype, found)


def _shape(*extra: tuple[str, object]) -> list[Triple]:
    s, p = NamedNode("http://e/S"), BlankNode()
    triples = [Triple(s, n(RDF + "type"), n(SH + "NodeShape")),
               Triple(s, n(SH + "targetNode"), n("http://e/x")),
               Triple(s, n(SH + "property"), p), Triple(p, n(SH + "path"), n("http://e/p"))]
    return triples + [Triple(p, n(SH + k), v) for k, v in extra]  # type: ignore[arg-type]


def test_unsupported_shacl_is_refused_and_validated_by_pyshacl() -> None:
    shapes = _shape(("qualifiedMinCount", Literal("1", datatype=n(XSD + "integer"))))
    with pytest.raises(Unsupported, match="qualifiedMinCount"):
        compile_shapes(shapes)
    data = [Triple(n("http://e/x"), n("http://e/q"), Literal("v"))]
    # the default engine falls back to pySHACL (the shape has no other constraint: conforms)
    assert violations(data, shapes) == []


def test_severity_and_deactivation() -> None:
    one = Literal("1", datatype=n(XSD + "integer"))
    data = [Triple(n("http://e/x"), n("http://e/q"), Literal("v"))]
    assert [v.component for v in violations(data, _shape(("minCount", one)))] == \
        ["MinCountConstraintComponent"]
    assert violations(data, _shape(("minCount", one), ("severity", n(SH + "Warning")))) == []
    assert violations(data, _shape(("minCount", one),
                                   ("deactivated", Literal("true", datatype=n(XSD + "boolean"))))
                      ) == []
