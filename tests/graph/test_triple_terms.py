"""RDF 1.2 triple terms, which pyoxigraph's types allow wherever a subject or object goes:
shown as N-Triples text in tables, refused with a clear error by the OWL reasoner's input."""

from __future__ import annotations

import pytest
from pyoxigraph import Literal, NamedNode, Triple

from sekg.ontology.errors import ReasoningError
from sekg.ontology.reasoning import prepare_owl_input
from sekg.queries.results import term_value

_S, _P = NamedNode("http://example.org/s"), NamedNode("http://example.org/p")


def test_term_value_of_a_triple_term_is_its_n_triples_text() -> None:
    assert term_value(Triple(_S, _P, Literal("o"))) == '<http://example.org/s> ' \
                                                      '<http://example.org/p> "o"'
    assert term_value(_S) == "http://example.org/s"
    assert term_value(None) == ""


def test_owl_input_refuses_a_triple_term() -> None:
    """Typing an individual with a triple term used to fail with an AttributeError."""
    quoted = Triple(_S, _P, Literal("o"))
    rdf_type = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    with pytest.raises(ReasoningError, match="triple term cannot be reasoned on"):
        prepare_owl_input([Triple(_S, rdf_type, quoted)])
