"""Run the catalogue's named questions, or raw SPARQL, on any store: the Python API.

For notebooks::

    from sekg.graph.questions import ask, sparql
    ask("participants_of_helix", helix="finance").to_pandas()
    sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", store="http://127.0.0.1:7878/query")

Example
-------
>>> table = ask("info_counts_by_graph", store="var")   # doctest: +SKIP
>>> table.columns
['graph', 'triples']
"""

from __future__ import annotations

import os
from pathlib import Path

from sekg.graph.store import EmbeddedStore, GraphStore, RemoteStore, open_store
from sekg.ontology.errors import StoreError
from sekg.ontology.namespaces import base_uri
from sekg.queries.catalog import get_query
from sekg.queries.results import Table

__all__ = ["ask", "resolve_store", "run_named", "sparql"]

StoreLike = GraphStore | EmbeddedStore | RemoteStore | str | Path | None


def resolve_store(store: StoreLike = None) -> GraphStore:
    """A store object from a store, a URL, a build folder, or None (``$SEKG_OUT`` or var)."""
    if store is None:
        store = os.environ.get("SEKG_OUT", "var")
    if isinstance(store, str | Path):
        return open_store(store)
    return store


def run_named(store: GraphStore, name: str, params: dict[str, str] | None = None,
              base: str | None = None) -> Table:
    """Run the catalogue query ``name`` with ``params`` (text values, typed by the header)."""
    query = get_query(name)
    return store.table(query.bound(params or {}, base or base_uri()))


def ask(name: str, store: StoreLike = None, **params: object) -> Table:
    """Run a named question; parameters as keyword arguments. ``.to_pandas()`` for a frame."""
    return run_named(resolve_store(store), name, {k: str(v) for k, v in params.items()})


def sparql(query: str | Path, store: StoreLike = None) -> Table:
    """Run raw SPARQL (text, or a path to a ``.rq`` file) on a store."""
    text = str(query)
    path = Path(text) if len(text) < 4096 and "\n" not in text else None
    if path is not None and path.suffix in (".rq", ".sparql") :
        if not path.is_file():
            raise StoreError(f"no such query file: {path}")
        text = path.read_text(encoding="utf-8")
    return resolve_store(store).table(text)
