"""Content negotiation: the ``Accept`` header (with q-values) against what a route offers.

Example
-------
>>> choose("text/html;q=0.9, text/turtle", ["text/html", "text/turtle"])
'text/turtle'
>>> choose("*/*", ["application/sparql-results+json", "text/csv"])
'application/sparql-results+json'
>>> choose("image/png", ["text/turtle"]) is None
True
"""

from __future__ import annotations

from collections.abc import Sequence

from pyoxigraph import QueryResultsFormat, RdfFormat

__all__ = ["GRAPH_FORMATS", "RESULT_FORMATS", "choose", "parse_accept", "wants_html"]

#: Media types of SELECT/ASK results, first is the default; aliases map to them.
RESULT_FORMATS: dict[str, QueryResultsFormat] = {
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "text/csv": QueryResultsFormat.CSV,
    "text/tab-separated-values": QueryResultsFormat.TSV,
}
#: Media types of graph results (CONSTRUCT, DESCRIBE, /data), first is the default.
GRAPH_FORMATS: dict[str, RdfFormat] = {
    "text/turtle": RdfFormat.TURTLE,
    "application/ld+json": RdfFormat.JSON_LD,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "application/rdf+xml": RdfFormat.RDF_XML,
}
#: Other names clients use for the same formats.
ALIASES = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "text/tsv": "text/tab-separated-values",
    "application/turtle": "text/turtle",
    "application/x-turtle": "text/turtle",
    "application/json+ld": "application/ld+json",
    "text/plain": "application/n-triples",
    "text/ntriples": "application/n-triples",
    "application/xml+rdf": "application/rdf+xml",
}
#: Short names for ``?format=`` and file extensions.
SHORT_NAMES = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
    "csv": "text/csv", "tsv": "text/tab-separated-values", "ttl": "text/turtle",
    "turtle": "text/turtle", "jsonld": "application/ld+json", "json-ld": "application/ld+json",
    "nt": "application/n-triples", "ntriples": "application/n-triples",
    "rdf": "application/rdf+xml", "rdfxml": "application/rdf+xml", "html": "text/html",
}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges of an Accept header with their q-values, best first (stable)."""
    if not header:
        return [("*/*", 1.0)]
    ranges = []
    for index, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media, q, index))
    # more specific ranges first on ties, then the client's order
    ranges.sort(key=lambda r: (-r[1], r[0].count("*"), r[2]))
    return [(m, q) for m, q, _ in ranges]


def choose(header: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the client prefers (the first offered on ties), or None."""
    best: tuple[float, int, int] | None = None
    chosen = None
    for rank, (media, q) in enumerate(parse_accept(header)):
        if q <= 0:
            continue
        media = ALIASES.get(media, media)
        for position, candidate in enumerate(offered):
            major = candidate.split("/")[0]
            if media in (candidate, "*/*", f"{major}/*"):
                specific = 0 if media == candidate else 1
                key = (-q, specific, position if media != candidate else rank)
                if best is None or key < best:
                    best, chosen = key, candidate
    return chosen


def wants_html(header: str | None) -> bool:
    """Whether a client (a browser) prefers HTML to every RDF serialisation."""
    offered = ["text/html", *GRAPH_FORMATS]
    return choose(header, offered) == "text/html" and "html" in (header or "")
