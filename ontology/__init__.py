"""The vocabulary layer: OWL ontology, SKOS schemes, SHACL shapes, namespaces, reasoning."""

from sekg.ontology.errors import ReasoningError, SekgError, SourceError, StoreError, ValidationError
from sekg.ontology.namespaces import DEFAULT_BASE, PREFIXES, base_uri, expand_curie

__all__ = ["DEFAULT_BASE", "PREFIXES", "ReasoningError", "SekgError", "SourceError",
           "StoreError", "ValidationError", "base_uri", "expand_curie"]
