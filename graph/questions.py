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
from sekg.queries.syntax import is_update

__all__ = ["ask", "resolve_store", "run_named", "sparql"]

StoreLike = GraphStore | EmbeddedStore | RemoteStore | str | Path | None


#: Stores opened by :func:`resolve_store` in this process, by location and store folder
#: identity, so that a notebook asking many questions copies a small store into memory once
#: (a rebuilt store is a new folder, hence a new entry).
_OPENED: dict[tuple[str, int, int, bool | None], GraphStore] = {}


def resolve_store(store: StoreLike = None, in_memory: bool | None = None) -> GraphStore:
    """A store object from a store, a URL, a build folder, or None (``$SEKG_OUT`` or var).

    Embedded stores are opened once per process and location (see
    :meth:`EmbeddedStore.open` for ``in_memory``); one-shot commands pass ``False``.
    """
    if store is None:
        store = os.environ.get("SEKG_OUT", "var")
    if not isinstance(store, str | Path):
        return store
    text = str(store)
    if text.startswith(("http://", "https://")):
        return open_store(text)
    folder = Path(text) / "store" if (Path(text) / "store").is_dir() else Path(text)
    try:
        identity = folder.stat()
    except OSError:
        return open_store(text, in_memory=in_memory)   # missing: its own clear error
    key = (str(folder.resolve()), identity.st_ino, identity.st_mtime_ns, in_memory)
    if key not in _OPENED:
        _OPENED.clear()        # one store per process: do not keep stale copies alive
        _OPENED[key] = open_store(text, in_memory=in_memory)
    return _OPENED[key]


def run_named(store: GraphStore, name: str, params: dict[str, str] | None = None,
              base: str | None = None, typed: bool = False) -> Table:
    """Run the catalogue query ``name`` with ``params`` (text values, typed by the header);
    ``typed``: keep each cell's kind, for typed JSON (:meth:`EmbeddedStore.table`)."""
    query = get_query(name)
    return store.table(query.bound(params or {}, base or base_uri()), typed=typed)


def ask(name: str, store: StoreLike = None, **params: object) -> Table:
    """Run a named question; parameters as keyword arguments. ``.to_pandas()`` for a frame."""
    return run_named(resolve_store(store), name, {k: str(v) for k, v in params.items()},
                     typed=True)


def sparql(query: str | Path, store: StoreLike = None, in_memory: bool | None = None,
           typed: bool = True) -> Table:
    """Run raw SPARQL (text, or a path to a ``.rq`` file) on a store (``in_memory`` as in
    :func:`resolve_store`)."""
    text = str(query)
    path = Path(text) if len(text) < 4096 and "\n" not in text else None
    if path is not None and path.suffix in (".rq", ".sparql") :
        if not path.is_file():
            raise StoreError(f"no such query file: {path}")
        text = path.read_text(encoding="utf-8")
    if is_update(text):
        # before the parser, which would only say "expected CONSTRUCT"
        raise StoreError("SPARQL Update is not supported here: the graph is read-only",
                         hint="change the sources and rebuild with `sekg build`, or `sekg "
                              "load` the graph into a SPARQL server and update it there")
    return resolve_store(store, in_memory).table(text, typed=typed)
