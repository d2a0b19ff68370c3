"""The one store interface: the embedded on-disk store (pyoxigraph) behind ``GraphStore``.

Everything that reads the built graph goes through here. The embedded store is created once
by the build and opened read-only afterwards.

Example
-------
>>> import tempfile
>>> from pyoxigraph import NamedNode as N, Literal as L, Quad as Q
>>> path = tempfile.mkdtemp()
>>> store = EmbeddedStore.create(path, [Q(N("http://e/x"), N("http://e/p"), L(1), N("http://e/g"))])
>>> store.select("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
[{'o': '1'}]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Protocol

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, QuerySolutions, Store

from sekg.ontology.errors import StoreError

__all__ = ["EmbeddedStore", "GraphStore", "term_value"]

Term = NamedNode | Literal | BlankNode


class GraphStore(Protocol):
    """What every store offers the layers above."""

    def select(self, query: str, bindings: Mapping[str, Term] | None = None
               ) -> list[dict[str, str]]: ...

    def ask(self, query: str, bindings: Mapping[str, Term] | None = None) -> bool: ...


def term_value(term: Term | None) -> str:
    """The lexical value of a term (IRI string, literal text), '' for unbound."""
    if term is None:
        return ""
    return term.value


class EmbeddedStore:
    """A pyoxigraph on-disk store. The default graph is the union of the named graphs."""

    def __init__(self, store: Store) -> None:
        self._store = store

    @classmethod
    def create(cls, path: str | Path, quads: Iterable[Quad]) -> EmbeddedStore:
        """Create a new store at ``path`` (an empty or missing folder) holding ``quads``."""
        store = Store(str(path))
        store.bulk_extend(quads)
        store.flush()
        return cls(store)

    @classmethod
    def open(cls, path: str | Path) -> EmbeddedStore:
        """Open a built store read-only; a missing one is a :class:`StoreError`."""
        if not Path(path).is_dir():
            raise StoreError(f"no built graph at {path}",
                             hint="run `sekg build` first (or `make run`)")
        try:
            return cls(Store.read_only(str(path)))
        except OSError as exc:
            raise StoreError(f"cannot open the store at {path}: {exc}",
                             hint="rebuild it with `sekg build`") from None

    def _run(self, query: str, bindings: Mapping[str, Term] | None):  # type: ignore[no-untyped-def]
        from pyoxigraph import Variable

        try:
            return self._store.query(
                query, use_default_graph_as_union=True,
                substitutions={Variable(k): v for k, v in (bindings or {}).items()},
            )
        except SyntaxError as exc:
            raise StoreError(f"SPARQL syntax error: {exc}") from None

    def select(self, query: str, bindings: Mapping[str, Term] | None = None
               ) -> list[dict[str, str]]:
        """Rows of a SELECT query as ``{variable: lexical value}`` dicts."""
        result = self._run(query, bindings)
        if not isinstance(result, QuerySolutions):
            raise StoreError("expected a SELECT query")
        names = [v.value for v in result.variables]
        return [{n: term_value(row[n]) for n in names} for row in result]

    def ask(self, query: str, bindings: Mapping[str, Term] | None = None) -> bool:
        """The answer of an ASK query."""
        return bool(self._run(query, bindings))

    def quads(self) -> list[Quad]:
        """Every quad of the store."""
        return list(self._store.quads_for_pattern(None, None, None, None))

    def __len__(self) -> int:
        return len(self._store)
