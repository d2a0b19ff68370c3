"""The server's own named queries (``api/queries/*.rq``), in the catalogue's format.

The pages and the REST layer ask the graph only through these files and the catalogue's;
parameters are typed and bound with ``VALUES`` by :mod:`sekg.queries.params`, never pasted
into the text.

Example
-------
>>> q = api_query("resource_exists")
>>> q.kind, [p.name for p in q.params]
('ASK', ['resource'])
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from sekg.queries.catalog import CatalogError, CatalogQuery, parse_query

__all__ = ["api_query", "api_query_names"]


def api_query_names() -> list[str]:
    """Names of the server's queries, sorted."""
    folder = files("sekg.api") / "queries"
    return sorted(p.name[:-3] for p in folder.iterdir() if p.name.endswith(".rq"))


@cache
def api_query(name: str) -> CatalogQuery:
    """The named server query; an unknown name is a :class:`CatalogError`."""
    node = files("sekg.api") / "queries" / f"{name}.rq"
    if not node.is_file():
        raise CatalogError(f"no server query named '{name}'",
                           hint=f"known: {', '.join(api_query_names())}")
    return parse_query(name, node.read_text(encoding="utf-8"))
