"""Namespaces of the vocabularies the graph uses, as pyoxigraph-friendly IRI strings.

Example
-------
>>> PREFIXES["org"]
'http://www.w3.org/ns/org#'
>>> expand_curie("skos:Concept")
'http://www.w3.org/2004/02/skos/core#Concept'
"""

from __future__ import annotations

import os

from sekg.ontology.errors import SekgError

__all__ = [
    "DEFAULT_BASE",
    "ONTOLOGY_BASE",
    "PREFIXES",
    "base_uri",
    "expand_curie",
    "sekg_term",
]

#: The base the ontology and vocabulary files are written with; rewritten at build time
#: when ``SEKG_BASE_URI`` names another one.
DEFAULT_BASE = "https://w3id.org/social-economy-kg"
ONTOLOGY_BASE = f"{DEFAULT_BASE}/ontology"

PREFIXES: dict[str, str] = {
    "clv": "https://w3id.org/italia/onto/CLV/",
    "cov": "https://w3id.org/italia/onto/COV/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcatapit": "http://dati.gov.it/onto/dcatapit#",
    "dcterms": "http://purl.org/dc/terms/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "l0": "https://w3id.org/italia/onto/l0/",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "sekg": f"{ONTOLOGY_BASE}#",
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": "http://www.w3.org/2006/time#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "void": "http://rdfs.org/ns/void#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def base_uri() -> str:
    """The configured base of every IRI (``SEKG_BASE_URI``), without a trailing slash."""
    return os.environ.get("SEKG_BASE_URI", DEFAULT_BASE).rstrip("/")


def sekg_term(local: str) -> str:
    """IRI of a term of the sekg ontology under the default base."""
    return f"{ONTOLOGY_BASE}#{local}"


def expand_curie(curie: str) -> str:
    """Expand ``prefix:local`` with :data:`PREFIXES`; raise :class:`SekgError` otherwise."""
    prefix, sep, local = curie.partition(":")
    if not sep or prefix not in PREFIXES:
        known = ", ".join(sorted(PREFIXES))
        raise SekgError(f"unknown prefix in '{curie}'", hint=f"use one of: {known}")
    return PREFIXES[prefix] + local
