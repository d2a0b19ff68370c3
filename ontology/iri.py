"""The one place IRIs are minted: resources, concepts, named graphs, statements, records.

Every IRI hangs off one configurable base (``SEKG_BASE_URI``); keys are stable slugs or
official codes, never list positions or counters.

Example
-------
>>> minter = IriMinter("https://example.org/kg")
>>> minter.resource("comune", "001272")
'https://example.org/kg/id/comune/001272'
>>> minter.concept("helix", "finance")
'https://example.org/kg/id/concept/helix/finance'
>>> minter.rebase("https://w3id.org/social-economy-kg/ontology#helix")
'https://example.org/kg/ontology#helix'
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from sekg.ontology.errors import SekgError
from sekg.ontology.namespaces import DEFAULT_BASE, base_uri

__all__ = ["GRAPH_NAMES", "IriMinter", "KEY_PATTERN", "default_minter"]

#: The named graphs of the dataset, in build order.
GRAPH_NAMES = ("ontology", "vocabularies", "territories", "piano-2030", "user", "inferred",
               "analysis")

#: What a key may look like: lower-case ASCII words joined by hyphens, or an official code.
KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


@dataclass(frozen=True)
class IriMinter:
    """Mints the IRIs of one dataset under ``base`` (no trailing slash)."""

    base: str

    def resource(self, kind: str, key: str) -> str:
        """``{base}/id/{kind}/{key}``; raises :class:`SekgError` on a malformed key."""
        for part in kind.split("/") + [key]:
            if not KEY_PATTERN.match(part):
                raise SekgError(
                    f"malformed identifier '{kind}/{key}'",
                    hint="keys are lower-case ASCII letters, digits and hyphens "
                         "(e.g. 'arci-torino')",
                )
        return f"{self.base}/id/{kind}/{key}"

    def local(self, path: str) -> str:
        """IRI of ``kind/key`` written as one path (as in the YAML sources)."""
        kind, sep, key = path.rpartition("/")
        if not sep:
            raise SekgError(f"malformed identifier '{path}'", hint="write it as kind/key")
        return self.resource(kind, key)

    def concept(self, scheme: str, code: str) -> str:
        """IRI of the concept ``code`` of the SKOS scheme ``scheme``."""
        return f"{self.base}/id/concept/{scheme}/{code}"

    def scheme(self, scheme: str) -> str:
        """IRI of the SKOS concept scheme ``scheme``."""
        return f"{self.base}/id/scheme/{scheme}"

    def graph(self, name: str) -> str:
        """IRI of the named graph ``name`` (see :data:`GRAPH_NAMES`)."""
        return f"{self.base}/graph/{name}"

    def dataset(self) -> str:
        """IRI of the dataset as a whole (VoID / DCAT)."""
        return f"{self.base}/id/dataset/social-economy-kg"

    def statement(self, subject: str, predicate: str, obj: str, graph: str) -> str:
        """Content-addressed IRI of the reified statement of one fact (N-Triples terms)."""
        digest = hashlib.sha1(f"{subject} {predicate} {obj} {graph}".encode()).hexdigest()
        return f"{self.base}/id/statement/{digest[:20]}"

    def fact_group(self, predicate_set: str, graph: str, record: str, location: str = ""
                   ) -> str:
        """Content-addressed IRI of the group of the facts in ``graph`` that come from
        ``record`` on the predicates of ``predicate_set`` (each by its IRI), whatever their
        subjects, at ``location`` (the curated file and line, if any)."""
        key = f"{predicate_set} {graph} {record}" + (f" {location}" if location else "")
        digest = hashlib.sha1(key.encode()).hexdigest()
        return f"{self.base}/id/fact-group/{digest[:16]}"

    def predicate_set(self, predicates: list[str]) -> str:
        """Content-addressed IRI of the set of ``predicates`` (IRIs, sorted) a fact group lists.

        >>> IriMinter("https://e.org").predicate_set(["http://e/p"])
        'https://e.org/id/predicate-set/5108ff513c04a018'
        """
        digest = hashlib.sha1(" ".join(predicates).encode()).hexdigest()
        return f"{self.base}/id/predicate-set/{digest[:16]}"

    def record(self, fingerprint: str) -> str:
        """Content-addressed IRI of a provenance record."""
        digest = hashlib.sha1(fingerprint.encode()).hexdigest()
        return f"{self.base}/id/record/{digest[:16]}"

    def rebase(self, iri: str) -> str:
        """Move an IRI written under the default base onto this minter's base."""
        if self.base != DEFAULT_BASE and iri.startswith(DEFAULT_BASE):
            return self.base + iri[len(DEFAULT_BASE):]
        return iri


def default_minter() -> IriMinter:
    """The minter for the configured base (``SEKG_BASE_URI``)."""
    return IriMinter(base_uri())
