"""Parse the Turtle files of the ontology and the vocabularies, rebased onto the configured base.

Example
-------
>>> from sekg.ontology.iri import IriMinter
>>> triples = parse_turtle('<https://w3id.org/social-economy-kg/id/x> a <http://e/C> .',
...                        "demo.ttl", IriMinter("https://example.org/kg"))
>>> str(triples[0].subject)
'<https://example.org/kg/id/x>'
"""

from __future__ import annotations

import re

from pyoxigraph import BlankNode, NamedNode, RdfFormat, Triple, parse

from sekg.graph.sourcefiles import SourceTree
from sekg.ontology.errors import SourceError
from sekg.ontology.iri import IriMinter

__all__ = ["parse_turtle", "read_turtle_files"]


def _rebase_term(term, minter: IriMinter):
    if isinstance(term, NamedNode):
        rebased = minter.rebase(term.value)
        return term if rebased == term.value else NamedNode(rebased)
    return term


def parse_turtle(text: str, file: str, minter: IriMinter) -> list[Triple]:
    """Parse Turtle text; a syntax error is a :class:`SourceError` with file and line."""
    try:
        triples = [q.triple for q in parse(text.encode(), format=RdfFormat.TURTLE)]
    except SyntaxError as exc:
        message = str(exc).split(": ", 1)[-1]
        raise SourceError(f"Turtle syntax error: {message}", file=file, line=exc.lineno,
                          hint="fix the Turtle at that line (a missing '.' or ';' is common)"
                          ) from None
    # the parser labels blank nodes at random: relabel them by file and order of appearance
    # so that the same input gives byte-identical output
    stem = re.sub(r"[^A-Za-z0-9]+", "-", file).strip("-").lower()
    labels: dict[str, BlankNode] = {}

    def stable(term):
        if isinstance(term, BlankNode):
            if term.value not in labels:
                labels[term.value] = BlankNode(f"{stem}-b{len(labels)}")
            return labels[term.value]
        return _rebase_term(term, minter)

    return [Triple(stable(t.subject), stable(t.predicate), stable(t.object)) for t in triples]


def read_turtle_files(tree: SourceTree, names: list[str], minter: IriMinter) -> list[Triple]:
    """Parse several Turtle files of ``tree`` into one list of triples."""
    triples: list[Triple] = []
    for name in names:
        triples += parse_turtle(tree.text(name), tree.path(name), minter)
    return triples
