"""How terms are shown to people: CURIEs, local links, literal text.

Example
-------
>>> curie("http://www.w3.org/ns/org#memberOf")
'org:memberOf'
>>> local_href("https://w3id.org/social-economy-kg/id/comune/001272",
...            "https://w3id.org/social-economy-kg")
'/page/comune/001272'
>>> local_href("https://w3id.org/social-economy-kg/ontology#seat",
...            "https://w3id.org/social-economy-kg")
'/ontology#seat'
"""

from __future__ import annotations

from functools import cache

from sekg.ontology.iri import IriMinter
from sekg.ontology.namespaces import PREFIXES

__all__ = ["curie", "local_href"]


def curie(iri: str, base: str | None = None) -> str:
    """``prefix:local`` for an IRI in a known namespace (``id:`` for this dataset), else it."""
    for prefix, namespace in _namespaces(base):
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


@cache
def _namespaces(base: str | None) -> tuple[tuple[str, str], ...]:
    """The prefixes (rebased, ``id:`` added), longest namespace first."""
    prefixes = dict(PREFIXES)
    if base:
        minter = IriMinter(base)
        prefixes = {k: minter.rebase(v) for k, v in prefixes.items()}
        prefixes["id"] = f"{base}/id/"
    return tuple(sorted(prefixes.items(), key=lambda pn: -len(pn[1])))


def local_href(iri: str, base: str) -> str:
    """Where this server shows ``iri``: its page for ``{base}/id/...``, the ontology docs for
    ``{base}/ontology#...``, the IRI itself elsewhere."""
    if iri.startswith(f"{base}/id/"):
        return "/page/" + iri[len(base) + 4:]
    if iri.startswith(f"{base}/ontology"):
        return "/ontology" + iri[len(base) + 9:]
    return iri
