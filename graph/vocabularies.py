"""The SKOS concept schemes as lookup tables: code -> concept IRI, and the legal-form rule.

Example
-------
>>> from pyoxigraph import Literal, NamedNode, Triple
>>> skos = "http://www.w3.org/2004/02/skos/core#"
>>> c = NamedNode("https://example.org/kg/id/concept/helix/finance")
>>> v = Vocabularies.from_triples([
...     Triple(c, NamedNode(skos + "notation"), Literal("finance")),
...     Triple(c, NamedNode(skos + "inScheme"), NamedNode("https://example.org/kg/id/scheme/helix")),
... ])
>>> v.lookup("helix", "finance")
'https://example.org/kg/id/concept/helix/finance'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Triple

from sekg.ontology.namespaces import PREFIXES

__all__ = ["Vocabularies"]

_SKOS = PREFIXES["skos"]


@dataclass
class Vocabularies:
    """Codes of every scheme, the default helix of each legal form, and concept labels."""

    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    default_helix: dict[str, str] = field(default_factory=dict)
    broader: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_triples(cls, triples: Iterable[Triple]) -> Vocabularies:
        notation: dict[str, str] = {}
        scheme_of: dict[str, str] = {}
        vocab = cls()
        for t in triples:
            p = t.predicate.value
            if not isinstance(t.subject, NamedNode):
                continue
            s = t.subject.value
            if p == _SKOS + "notation" and isinstance(t.object, Literal):
                notation[s] = t.object.value
            elif p == _SKOS + "inScheme" and isinstance(t.object, NamedNode):
                scheme_of[s] = t.object.value.rstrip("/").rsplit("/", 1)[-1]
            elif p == PREFIXES["sekg"] + "defaultHelix" and isinstance(t.object, NamedNode):
                vocab.default_helix[s] = t.object.value
            elif p == _SKOS + "broader" and isinstance(t.object, NamedNode):
                vocab.broader[s] = t.object.value
        table: dict[str, dict[str, str]] = defaultdict(dict)
        for concept, scheme in scheme_of.items():
            if concept in notation:
                table[scheme][notation[concept]] = concept
        vocab.codes = dict(table)
        return vocab

    def lookup(self, scheme: str, code: str) -> str | None:
        """The concept IRI of ``code`` in ``scheme``, or None if there is no such code."""
        return self.codes.get(scheme, {}).get(code)

    def known(self, scheme: str) -> list[str]:
        """The sorted codes of ``scheme`` (for error hints)."""
        return sorted(self.codes.get(scheme, {}))
