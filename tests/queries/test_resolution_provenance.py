"""The resolution questions on a hand-built store: a tie with a provenance record is listed
with its record's method and confidence; a tie without one (the build writes none such, a
store loaded by other means may hold them) is left out, as the queries' headers say."""

from __future__ import annotations

import pytest
from pyoxigraph import NamedNode

from sekg.graph.provenance import FactSink, Record
from sekg.graph.questions import run_named
from sekg.graph.store import EmbeddedStore
from sekg.ontology.iri import default_minter
from sekg.queries.catalog import get_query

ORG = "http://www.w3.org/ns/org#"
OWL = "http://www.w3.org/2002/07/owl#"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
ID = "https://w3id.org/social-economy-kg/id/organisation/"


def _store(predicate: str) -> EmbeddedStore:
    """Four organisations; a -> b with a record (stated, high), c -> d without any."""
    sink = FactSink(default_minter())
    a, b, c, d = (NamedNode(ID + key) for key in "abcd")
    for org in (a, b, c, d):
        sink.add_plain(org, RDF_TYPE, NamedNode(ORG + "Organization"), "piano-2030")
    tie = NamedNode(predicate if ":" in predicate else ORG + predicate)
    sink.add(a, tie, b, "piano-2030",
             Record("https://example.org/source", "stated", "high"))
    sink.add_plain(c, tie, d, "piano-2030")
    sink.close_groups()
    return EmbeddedStore.from_quads(sink.quads)


@pytest.mark.parametrize(("name", "predicate", "ends"), [
    ("resolution_memberships", "memberOf", ("member", "organisation")),
    ("resolution_sub_organisations", "subOrganizationOf", ("unit", "parent")),
    ("resolution_duplicates", OWL + "sameAs", ("entry", "same_as")),
])
def test_only_ties_with_a_provenance_record_are_listed(name: str, predicate: str,
                                                       ends: tuple[str, str]) -> None:
    table = run_named(_store(predicate), name)
    rows = [dict(zip(table.columns, row, strict=True)) for row in table.rows]
    assert [(r[ends[0]], r[ends[1]]) for r in rows] == [(ID + "a", ID + "b")]
    assert rows[0]["method"].endswith("/provenance-method/stated")
    assert rows[0]["confidence"].endswith("/confidence/high")
    # what the header says (a query changed to keep such ties must say so instead)
    described = get_query(name).description
    assert "without a provenance record is left out" in described["en"]
    assert "senza registrazione di provenienza è omess" in described["it"]
