"""The one store interface: the embedded on-disk store (pyoxigraph) or a remote SPARQL 1.1
server (SPARQLWrapper for queries, the Graph Store Protocol for loading), behind ``GraphStore``.

Everything that reads the built graph goes through here. The embedded store is created once
by the build and opened read-only afterwards. Both see the union of the named graphs as the
default graph and every named graph by name.

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

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Protocol

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
    Triple,
    parse,
    serialize,
)

from sekg.graph.answers import Answers, HeldAnswers
from sekg.ontology.errors import StoreError
from sekg.queries.results import Table, binding_kind, paused_gc, term_kind, term_value
from sekg.queries.syntax import describe
from sekg.queries.tsv import UnreadableCell, decode_tsv

__all__ = ["MEMORY_COPY_MAX_BYTES", "EmbeddedStore", "GraphStore", "RemoteStore", "disk_bytes",
           "open_store"]

Term = NamedNode | Literal | BlankNode

_SYNTAX_HINT = ("fix the query there (SPARQL 1.1: https://www.w3.org/TR/sparql11-query/); "
                "`sekg query show NAME` prints working examples")


class GraphStore(Protocol):
    """What every store offers the layers above."""

    def select(self, query: str, bindings: Mapping[str, Term] | None = None
               ) -> list[dict[str, str]]: ...

    def ask(self, query: str, bindings: Mapping[str, Term] | None = None) -> bool: ...

    def table(self, query: str, typed: bool = False) -> Table: ...


#: Largest store (bytes on disk) that :meth:`EmbeddedStore.open` copies into memory by
#: default. The Turin graph takes 18 MB on disk (0.7 s to copy); the synthetic metropolitan
#: graph (Turin + 5,000 organisations, 464k quads) 70 MB, ≈180 MB in memory, ≈4 s to copy from
#: its dump, and then answers its slowest question 4x faster; a national graph (10M quads,
#: several GB) stays on disk unless asked.
MEMORY_COPY_MAX_BYTES = 128 * 2**20


def disk_bytes(path: str | Path) -> int:
    """Bytes the files of a store folder take on disk.

    >>> import tempfile; disk_bytes(tempfile.mkdtemp())
    0
    """
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())


class EmbeddedStore:
    """A pyoxigraph on-disk store. The default graph is the union of the named graphs."""

    def __init__(self, store: Store, in_memory: bool = False,
                 answers: Answers | HeldAnswers | None = None) -> None:
        self._store = store
        #: whether queries run on an in-memory copy of the store (see :meth:`open`)
        self.in_memory = in_memory
        #: the build's materialised answers to read instead of running those queries
        #: (:mod:`sekg.graph.answers`), if any
        self.answers = answers

    @classmethod
    def create(cls, path: str | Path, quads: Iterable[Quad]) -> EmbeddedStore:
        """Create a new store at ``path`` (an empty or missing folder) holding ``quads``."""
        Path(path).mkdir(parents=True, exist_ok=True)
        store = Store(str(path))
        store.bulk_extend(quads)
        store.flush()
        return cls(store)

    @classmethod
    def load(cls, path: str | Path, nquads: str | Path) -> EmbeddedStore:
        """Create a new store at ``path`` (an empty or missing folder) from an N-Quads file
        written by pyoxigraph (the build's): read leniently, without checking again every IRI
        and literal it validated when it made the terms (parsing takes a third of the time).

        pyoxigraph parses the file and writes RocksDB without holding the GIL, so other threads
        keep running meanwhile (:meth:`create`, from Python quads, holds it throughout).

        The store is then compacted (``Store.optimize``): the bulk loader leaves one set of
        overlapping RocksDB files per batch, and every term a query returns is looked up in
        all of them. Measured on the national bench graph (11.3M quads, 97 files): returning
        400,000 labels took 27.0 s before, 5.9 s after; the compaction took 49 s.
        """
        store = cls.at(path)
        store.add_file(nquads)
        store.optimize()
        store.raw.flush()
        return store

    @classmethod
    def from_quads(cls, quads: Iterable[Quad]) -> EmbeddedStore:
        """A new store in memory holding ``quads``, to query while building."""
        store = Store()
        store.bulk_extend(quads)
        return cls(store, in_memory=True)

    @classmethod
    def at(cls, path: str | Path) -> EmbeddedStore:
        """A new on-disk store at ``path`` (an empty or missing folder), to fill while
        building (:meth:`add_file`, then :meth:`optimize` and :meth:`close`)."""
        Path(path).mkdir(parents=True, exist_ok=True)
        return cls(Store(str(path)))

    @classmethod
    def empty(cls) -> EmbeddedStore:
        """A new, empty store in memory, to fill while building (:meth:`add_file`)."""
        return cls(Store(), in_memory=True)

    def add_file(self, nquads: str | Path) -> None:
        """Add the quads of an N-Quads file written by pyoxigraph, read leniently (see
        :meth:`load`), without holding the GIL and without a Python object per quad.

        On disk this is RocksDB's bulk loader; in memory the plain load, which is both
        faster and smaller there: the national bench graph (7.43M quads) in eight files of 1M,
        2026-11-28, 33.2-36.2 s of CPU and 2.51 GB against 39.9-41.6 s and 2.70 GB (in one
        file, 26.3-30.6 s against 36.0-38.1 s).
        """
        load = self._store.load if self.in_memory else self._store.bulk_load
        load(path=str(nquads), format=RdfFormat.N_QUADS, lenient=True)

    def optimize(self) -> None:
        """Compact an on-disk store after bulk loads (see :meth:`load`)."""
        self._store.optimize()

    def extend(self, quads: Iterable[Quad]) -> None:
        """Add ``quads`` to a store being built (see :meth:`create`)."""
        self._store.bulk_extend(quads)

    def close(self) -> None:
        """Write everything to disk and release the store's files."""
        self._store.flush()
        del self._store

    @classmethod
    def open(cls, path: str | Path, in_memory: bool | None = None, answers: bool = True
             ) -> EmbeddedStore:
        """Open a built store read-only; a missing one is a :class:`StoreError`.

        ``in_memory``: copy the store into memory and query the copy (``True``), query it on
        disk (``False``), or decide by size (``None``): stores up to
        :data:`MEMORY_COPY_MAX_BYTES` on disk are copied. The copy answers the same queries
        5-15x faster (terms are looked up in a hash map rather than in RocksDB) for a one-off
        cost when opening (about 0.7 s for the Turin graph), so long-lived readers (the
        server's query processes, notebooks) gain and one-shot commands pass ``False``.
        The copy is read from the build's N-Quads dump beside the store
        (``../dumps/dataset.nq``, written by the same build) with the graphs the dump lacks
        (``metadata``) taken from the store, when the result has as many quads as the store;
        otherwise every term is read back out of RocksDB, about 20 us per quad (minutes at
        10M quads, against about one and a half for the dump).

        ``answers``: answer the questions the build materialised (:mod:`sekg.graph.answers`)
        from its ``answers/`` folder, when they were computed on this store as it is.
        """
        if not Path(path).is_dir():
            raise StoreError(f"no built graph at {path}",
                             hint="run `sekg build` first (or `make run`)")
        try:
            on_disk = Store.read_only(str(path))
        except OSError as exc:
            raise StoreError(f"cannot open the store at {path}: {exc}",
                             hint="rebuild it with `sekg build`") from None
        if in_memory is None:
            in_memory = disk_bytes(path) <= MEMORY_COPY_MAX_BYTES
        saved = Answers.beside(Path(path)) if answers else None
        if not in_memory:
            return cls(on_disk, answers=saved)
        return cls(_memory_copy(on_disk, Path(path)), in_memory=True, answers=saved)

    @classmethod
    def from_dump(cls, path: str | Path) -> EmbeddedStore:
        """An in-memory store holding a dump file (N-Quads ``.nq`` or TriG ``.trig``), e.g. the
        build's ``dumps/dataset.nq``: the fast way to serve a large graph from memory.

        Parsing the dump runs at about 7 us per quad, reading every term back out of RocksDB
        at about 20 (minutes for 10M quads). The dump lacks the store's ``metadata`` graph
        (the VoID description, published as ``void.ttl``); :meth:`open` with
        ``in_memory=True`` adds it from the store.
        """
        path = Path(path)
        formats = {".nq": RdfFormat.N_QUADS, ".trig": RdfFormat.TRIG}
        if path.suffix not in formats:
            raise StoreError(f"cannot read {path} as a dump",
                             hint="give an N-Quads (.nq) or TriG (.trig) file")
        if not path.is_file():
            raise StoreError(f"no dump at {path}", hint="run `sekg build` first (or `make run`)")
        store = Store()
        try:  # in memory the plain load is faster than the bulk loader (see add_file)
            store.load(path=str(path), format=formats[path.suffix])
        except SyntaxError as exc:
            raise StoreError(f"{path} is not valid {path.suffix[1:]}: {exc}",
                             hint="rebuild the dumps with `sekg build`") from None
        # a build's dump: the answers its build materialised hold (checked against its store)
        beside = path.parent.parent / "store"
        saved = (Answers.beside(beside) if path.parent.name == "dumps" and beside.is_dir()
                 else None)
        return cls(store, in_memory=True, answers=saved)

    def _run(self, query: str, bindings: Mapping[str, Term] | None):
        from pyoxigraph import Variable

        try:
            return self._store.query(
                query, use_default_graph_as_union=True,
                substitutions={Variable(k): v for k, v in (bindings or {}).items()},
            )
        except SyntaxError as exc:
            raise StoreError(f"SPARQL syntax error {describe(str(exc), query)}",
                             hint=_SYNTAX_HINT) from None

    def query(self, query: str, default_graphs: Sequence[str] | None = None,
              named_graphs: Sequence[str] | None = None
              ) -> QuerySolutions | QueryBoolean | QueryTriples:
        """The pyoxigraph result of any query, read-only, for the SPARQL protocol.

        With neither list given the default graph is the union of the named graphs; given
        either, the dataset is exactly what they name (SPARQL 1.1 Protocol, section 2.1.4).
        A malformed query is a :class:`SyntaxError` carrying the parser's message.
        """
        if default_graphs is None and named_graphs is None:
            return self._store.query(query, use_default_graph_as_union=True)
        return self._store.query(
            query, default_graph=[NamedNode(g) for g in default_graphs or ()],
            named_graphs=[NamedNode(g) for g in named_graphs or ()])

    def select(self, query: str, bindings: Mapping[str, Term] | None = None
               ) -> list[dict[str, str]]:
        """Rows of a SELECT query as ``{variable: lexical value}`` dicts."""
        result = self._run(query, bindings)
        if not isinstance(result, QuerySolutions):
            raise StoreError("expected a SELECT query")
        names, rows, _ = self._solutions(result, query, bindings, kinds=False)
        return [dict(zip(names, row, strict=True)) for row in rows]

    def _solutions(self, result: QuerySolutions, query: str,
                   bindings: Mapping[str, Term] | None, kinds: bool
                   ) -> tuple[list[str], list[list[str]], list[list[str | None]] | None]:
        """The variable names, rows and (if ``kinds``) cell kinds of ``result``, the solutions
        of ``query``: read from Oxigraph's TSV text, faster on large answers
        (queries/tsv.py), or term by term, the query run again, where a cell is one that
        reading leaves to pyoxigraph's objects."""
        try:
            return decode_tsv(result.serialize(format=QueryResultsFormat.TSV) or b"",
                              kinds=kinds)
        except UnreadableCell:
            return _values(self._run(query, bindings), kinds=kinds)

    def ask(self, query: str, bindings: Mapping[str, Term] | None = None) -> bool:
        """The answer of an ASK query."""
        return bool(self._run(query, bindings))

    def table(self, query: str, typed: bool = False) -> Table:
        """Any query's result as a :class:`Table` (CONSTRUCT: subject, predicate, object);
        ``typed``: with each cell's kind, for typed JSON (15–30% longer on large results)."""
        if self.answers is not None:
            saved = self.answers.get(query, typed)
            if saved is not None:
                return saved
        result = self._run(query, None)
        if isinstance(result, QuerySolutions):
            return Table(*self._solutions(result, query, None, kinds=typed))
        if isinstance(result, QueryBoolean):
            return Table.ask(bool(result))
        if isinstance(result, QueryTriples):
            return _triples_table(list(result))
        raise StoreError("unsupported query result")

    @property
    def raw(self) -> Store:
        """The pyoxigraph store itself (for code that queries it its own way, as
        :func:`sekg.graph.shacl.validate`)."""
        return self._store

    def quads(self) -> list[Quad]:
        """Every quad of the store."""
        return list(self._store.quads_for_pattern(None, None, None, None))

    def __len__(self) -> int:
        return len(self._store)


def _values(result: QuerySolutions, kinds: bool
            ) -> tuple[list[str], list[list[str]], list[list[str | None]] | None]:
    """The variable names, each row's lexical values (:func:`term_value`) and, if ``kinds``,
    each cell's kind (:func:`~sekg.queries.results.term_kind`, for typed JSON), read by
    position: twice as fast as by name (the 165k-row national exports: ≈2 s less), with the
    garbage collector paused (:func:`~sekg.queries.results.paused_gc`)."""
    names = [v.value for v in result.variables]
    columns = range(len(names))
    with paused_gc():  # the cells are not garbage: collecting as they come costs a third
        if not kinds:
            return names, [[term_value(row[i]) for i in columns] for row in result], None
        values: list[list[str]] = []
        cell_kinds: list[list[str | None]] = []
        for row in result:
            terms = [row[i] for i in columns]
            values.append([term_value(t) for t in terms])
            cell_kinds.append([term_kind(t) for t in terms])
    return names, values, cell_kinds


def _memory_copy(on_disk: Store, path: Path) -> Store:
    """An in-memory store with the quads of ``on_disk`` (the store folder at ``path``): from
    the build's dump beside it when the dump matches, else read out of ``on_disk``."""
    copy = Store()
    dump = path.parent / "dumps" / "dataset.nq"
    if dump.is_file():
        try:
            copy.load(path=str(dump), format=RdfFormat.N_QUADS)  # faster than bulk_load here
        except (SyntaxError, OSError):
            copy = Store()
        else:
            in_dump = {g.value for g in copy.named_graphs()}
            rest = [q for g in on_disk.named_graphs() if g.value not in in_dump
                    for q in on_disk.quads_for_pattern(None, None, None, g)]
            copy.bulk_extend(rest)
            if len(copy) == len(on_disk):
                return copy
            copy = Store()   # not the dump of this store (edited, or another build): read it
    copy.load(on_disk.dump(format=RdfFormat.N_QUADS), format=RdfFormat.N_QUADS)
    return copy


def _triples_table(triples: Iterable[Triple]) -> Table:
    rows = sorted({(term_value(t.subject), term_value(t.predicate), term_value(t.object),
                    term_kind(t.subject), "uri", term_kind(t.object)) for t in triples},
                  key=lambda r: (r[:3], [k or "" for k in r[3:]]))
    return Table(["subject", "predicate", "object"], [list(r[:3]) for r in rows],
                 [list(r[3:]) for r in rows])


class RemoteStore:
    """A SPARQL 1.1 server: queries through SPARQLWrapper, loading through the Graph Store
    Protocol (``PUT {gsp}?graph=IRI`` per named graph).

    ``endpoint`` is the query URL (Oxigraph: ``http://host:port/query``); ``gsp`` the Graph
    Store URL (Oxigraph: ``http://host:port/store``), needed only to load.
    """

    def __init__(self, endpoint: str, gsp: str | None = None, timeout: float = 60.0) -> None:
        self.endpoint = endpoint
        self.gsp = gsp
        self.timeout = timeout
        self._graphs: list[str] | None = None

    def graphs(self) -> list[str]:
        """The named graphs the server holds (asked once)."""
        if self._graphs is None:
            rows = self._request("SELECT ?g WHERE { GRAPH ?g { } } ORDER BY ?g",
                                 dataset=False)
            self._graphs = [b["g"]["value"] for b in rows["results"]["bindings"]]
        return self._graphs

    def _request(self, query: str, dataset: bool = True, accept: str = "json"):
        import urllib.error  # here, as SPARQLWrapper: a build never talks to a server

        from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

        wrapper = SPARQLWrapper(self.endpoint)
        wrapper.setMethod(POST)
        wrapper.setTimeout(int(self.timeout))
        from sekg.queries.catalog import query_form
        from sekg.queries.params import mask_comments

        # SPARQLWrapper guesses the query form with a regex that comments can fool (a header
        # saying "added" reads as an ADD update): send the text without comments, form set
        wrapper.setQuery(mask_comments(query))
        form = query_form(query)
        if form in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            wrapper.queryType = form
        wrapper.setReturnFormat(JSON if accept == "json" else TURTLE)
        if dataset:
            # the union of the named graphs as default graph, and each graph by name: the
            # embedded store's view, portable to any SPARQL 1.1 server
            for graph in self.graphs():
                wrapper.addDefaultGraph(graph)
                wrapper.addNamedGraph(graph)
        try:
            response = wrapper.query()
            body = response.response.read()
        except QueryBadFormed as exc:
            text = _response_of(exc)
            raise StoreError(f"SPARQL syntax error {describe(text, query)}",
                             hint=_SYNTAX_HINT) from None
        except SPARQLWrapperException as exc:
            raise StoreError(str(exc).splitlines()[0]) from None
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"cannot reach the SPARQL server at {self.endpoint}: {exc}",
                             hint="check the URL (Oxigraph: http://HOST:PORT/query) and that "
                                  "the server runs") from None
        if accept == "json":
            return json.loads(body)
        return body

    def query(self, query: str, default_graphs: Sequence[str] | None = None,
              named_graphs: Sequence[str] | None = None
              ) -> QuerySolutions | QueryBoolean | list[Triple]:
        """Any query's result as pyoxigraph objects (as :meth:`EmbeddedStore.query`): the
        server is asked for SPARQL JSON or N-Triples; a 400 becomes a :class:`SyntaxError`."""
        import urllib.error
        import urllib.parse
        import urllib.request

        from pyoxigraph import QueryResultsFormat, parse_query_results

        from sekg.queries.catalog import query_form

        graph_form = query_form(query) in ("CONSTRUCT", "DESCRIBE")
        if default_graphs is None and named_graphs is None:
            default_graphs = named_graphs = self.graphs()   # the union, as embedded
        fields = [("query", query)] + [("default-graph-uri", g) for g in default_graphs or ()] \
            + [("named-graph-uri", g) for g in named_graphs or ()]
        request = urllib.request.Request(
            self.endpoint, data=urllib.parse.urlencode(fields).encode(), method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded",
                     "Accept": "application/n-triples" if graph_form
                     else "application/sparql-results+json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip()[:1000]
            if exc.code == 400:
                raise SyntaxError(detail) from None
            raise StoreError(f"the SPARQL server answered {exc.code}: {detail}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"cannot reach the SPARQL server at {self.endpoint}: {exc}") \
                from None
        if graph_form:
            return [q.triple for q in parse(body, format=RdfFormat.N_TRIPLES)]
        return parse_query_results(body, format=QueryResultsFormat.JSON)

    def select(self, query: str, bindings: Mapping[str, Term] | None = None
               ) -> list[dict[str, str]]:
        if bindings:
            raise StoreError("bind parameters with sekg.queries.params.bind_values")
        return self.table(query).to_records()

    def ask(self, query: str, bindings: Mapping[str, Term] | None = None) -> bool:
        return self.table(query).rows == [["true"]]

    def table(self, query: str, typed: bool = False) -> Table:
        """As :meth:`EmbeddedStore.table`."""
        from sekg.queries.catalog import query_form

        kind = query_form(query)
        if kind in ("CONSTRUCT", "DESCRIBE"):
            body = self._request(query, accept="turtle")
            return _triples_table(q.triple for q in parse(body, format=RdfFormat.TURTLE))
        data = self._request(query)
        if "boolean" in data:
            return Table.ask(bool(data["boolean"]))
        names = data["head"]["vars"]
        bindings = data["results"]["bindings"]
        return Table(names, [[b.get(n, {}).get("value", "") for n in names] for b in bindings],
                     [[binding_kind(b.get(n)) for n in names] for b in bindings] if typed
                     else None)

    def load(self, quads: Iterable[Quad]) -> dict[str, int]:
        """Replace each named graph on the server by the given quads (GSP ``PUT``)."""
        import urllib.error
        import urllib.parse
        import urllib.request

        if not self.gsp:
            raise StoreError("no Graph Store Protocol URL to load into",
                             hint="pass --gsp URL (Oxigraph: http://HOST:PORT/store)")
        by_graph: dict[str, list[Triple]] = defaultdict(list)
        for q in quads:
            by_graph[q.graph_name.value].append(q.triple)  # type: ignore[union-attr]
        for graph, triples in sorted(by_graph.items()):
            url = f"{self.gsp}?{urllib.parse.urlencode({'graph': graph})}"
            body = serialize(triples, format=RdfFormat.N_TRIPLES)
            request = urllib.request.Request(url, data=body, method="PUT",
                                             headers={"Content-Type": "application/n-triples"})
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    response.read()
            except (urllib.error.URLError, OSError) as exc:
                raise StoreError(f"loading {graph} into {self.gsp} failed: {exc}") from None
        self._graphs = None
        return {g: len(t) for g, t in by_graph.items()}


def _response_of(exc: Exception) -> str:
    """The server's answer inside a SPARQLWrapper exception, which keeps it only in its
    message, as the repr of bytes after "Response:"."""
    import ast

    _, found, written = str(exc).partition("Response:\n")
    try:
        body = ast.literal_eval(written) if found else b""
    except (ValueError, SyntaxError):
        return written
    return body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)


def open_store(location: str | Path, in_memory: bool | None = None
               ) -> EmbeddedStore | RemoteStore:
    """A remote store for an ``http(s)://`` query URL, else the embedded store of a build
    folder (``var``) or store folder (``var/store``); ``in_memory`` as in
    :meth:`EmbeddedStore.open`."""
    text = str(location)
    if text.startswith(("http://", "https://")):
        return RemoteStore(text)
    path = Path(text)
    return EmbeddedStore.open(path / "store" if (path / "store").is_dir() else path,
                              in_memory=in_memory)
