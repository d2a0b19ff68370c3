"""What a resource's page (and its REST record) asks the graph, within the server's row limit:
a resource of any size gets a page.

Most resources have a few dozen facts: their page reads them all in one query
(``resource_outgoing``). A resource with more than :data:`PAGE_VALUES` values - at national
scale a rule's fact group lists 400,000 subjects - would go over the row limit and the page
would fail; so the page first counts the values of each property
(``resource_property_counts``) and, past that size, reads the first :data:`PROPERTY_VALUES`
values of each property (``resource_property_values``). The incoming links are the first
:data:`INCOMING_LINKS` and their count (``resource_incoming_count``). A server with a row
limit below these figures (``SEKG_MAX_ROWS``) lowers them to it. What is left out is said on
the page (:class:`~sekg.api.entity.PropertyView` ``total``, ``EntityView.incoming_total``).

Example
-------
>>> rows = ResourceRows([], [], [], {"http://e/p": 3}, 0, True)
>>> rows.value_counts["http://e/p"], rows.provenance_complete
(3, True)
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from pyoxigraph import NamedNode

from sekg.api.named import api_query
from sekg.api.state import ServerState

__all__ = ["COUNT_ROWS", "INCOMING_LINKS", "PAGE_VALUES", "PROPERTY_VALUES", "ResourceRows",
           "resource_rows"]

#: a resource with at most this many values has them all on its page
PAGE_VALUES = 500
#: past that, the page shows this many values of each property
PROPERTY_VALUES = 100
#: the incoming links the page lists (by property and subject)
INCOMING_LINKS = 300
#: the rows the counts (one per property) may have, above the server's row limit
COUNT_ROWS = 10_000

Row = dict[str, Any]


@dataclass
class ResourceRows:
    """The rows of a resource's page: ``outgoing`` as ``resource_outgoing`` gives them (all of
    them, or the first of each property), ``incoming`` (the first), ``provenance``; how many
    values each property has (``value_counts``, by property IRI) and how many incoming links
    there are; whether the provenance rows are all there."""

    outgoing: list[Row]
    incoming: list[Row]
    provenance: list[Row]
    value_counts: dict[str, int]
    incoming_count: int
    provenance_complete: bool


async def resource_rows(server: ServerState, iri: str) -> ResourceRows:
    """Ask the graph what the page of ``iri`` shows (see the module)."""
    params = {"resource": iri}
    limit = server.settings.max_rows
    # one row per property: as many as the ontology has at most, whatever the row limit
    counts, links = await asyncio.gather(
        server.named(api_query("resource_property_counts"), params, max_rows=COUNT_ROWS),
        server.named(api_query("resource_incoming_count"), params, max_rows=COUNT_ROWS))
    value_counts = {row["p"].value: int(row["values"].value) for row in counts.records()}
    whole = sum(value_counts.values()) <= min(PAGE_VALUES, limit)
    each = min(PROPERTY_VALUES, limit)
    incoming, provenance, *outgoing = await asyncio.gather(
        server.named(api_query("resource_incoming"), params, limit=min(INCOMING_LINKS, limit)),
        server.named(api_query("resource_provenance"), params, limit=limit),
        *([server.named(api_query("resource_outgoing"), params, limit=limit)] if whole else
          [server.named(api_query("resource_property_values"),
                        {"resource": iri, "property": p}, limit=each)
           for p in value_counts]))
    if whole:
        rows = outgoing[0].records()
    else:
        rows = [{**row, "p": NamedNode(p)}
                for p, outcome in zip(value_counts, outgoing, strict=True)
                for row in outcome.records()]
    return ResourceRows(rows, incoming.records(), provenance.records(), value_counts,
                        sum(int(row["links"].value) for row in links.records()),
                        provenance.count < limit)
