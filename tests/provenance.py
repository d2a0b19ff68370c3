"""The provenance of a fact in SPARQL, on either model the build may write, for the tests that
read it: a fact's records are those of its ``rdf:Statement`` in its graph when it is reified,
else the record of the ``sekg:FactGroup`` of its subject and predicate in that graph (the
pattern of the catalogue's queries, e.g. ``resolution_duplicates``)."""

from __future__ import annotations

__all__ = ["PREFIXES", "fact_record"]

PREFIXES = """
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX sekg: <https://w3id.org/social-economy-kg/ontology#>
"""


def fact_record(s: str, p: str, o: str, record: str = "?record", graph: str = "?g") -> str:
    """Group-level SPARQL binding ``record`` to each source record of the fact ``s p o`` in
    ``graph`` (each a SPARQL term or variable; the fact must be in that graph). Needs the
    prefixes of :data:`PREFIXES`; its own variables start with ``?prov_``.

    >>> print(fact_record("?c", "sekg:seat", "?seat").splitlines()[1].strip())
    { ?prov_statement rdf:subject ?c ; rdf:predicate sekg:seat ; rdf:object ?seat ;
    """
    return f"""GRAPH {graph} {{
      {{ ?prov_statement rdf:subject {s} ; rdf:predicate {p} ; rdf:object {o} ;
                         prov:wasDerivedFrom {record} . {s} {p} {o} }}
      UNION
      {{ ?prov_group sekg:groupSubject {s} ; sekg:groupPredicate {p} ;
                     prov:wasDerivedFrom {record} . {s} {p} {o} }}
    }}
    FILTER (!BOUND(?prov_group) || NOT EXISTS {{ GRAPH {graph} {{
      ?prov_reified rdf:subject {s} ; rdf:predicate {p} ; rdf:object {o} }} }})
"""
