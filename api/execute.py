"""Run one SPARQL query on the store inside a query process and shape its result.

A :class:`QueryTask` asks either for serialised bytes in a media type (the SPARQL protocol,
``/data``), for the terms themselves (pages and REST, which render them), or only for its
syntax to be checked (:data:`SYNTAX_ONLY`: nothing runs on the store). Every result is
bounded by ``max_rows`` (solutions, or triples of a graph result): beyond it the query fails
with :class:`RowLimitExceeded` instead of being cut silently.

Example
-------
>>> import tempfile
>>> from pyoxigraph import NamedNode as N, Literal as L, Quad as Q
>>> from sekg.graph.store import EmbeddedStore
>>> store = EmbeddedStore.create(tempfile.mkdtemp(), [Q(N("http://e/x"), N("http://e/p"), L(1),
...                                                     N("http://e/g"))])
>>> out = execute(store, QueryTask("SELECT ?o WHERE { ?s ?p ?o }", "text/csv"))
>>> out.body
b'o\\r\\n1\\r\\n'
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    Store,
    Triple,
    parse_query_results,
    serialize,
)

from sekg.api.negotiation import GRAPH_FORMATS, RESULT_FORMATS
from sekg.ontology.errors import StoreError
from sekg.ontology.namespaces import PREFIXES
from sekg.queries.syntax import describe

__all__ = ["SYNTAX_ONLY", "TERMS", "QueryFailed", "QueryOutcome", "QueryTask",
           "RowLimitExceeded", "execute"]

#: The output of a task that wants terms rather than bytes.
TERMS = "terms"
#: The output of a task that only checks the query's syntax: its outcome's form is "checked".
SYNTAX_ONLY = "syntax"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class QueryTask:
    """A query to run, the output wanted (a media type or :data:`TERMS`) and its dataset."""

    query: str
    output: str = TERMS
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    max_rows: int = 10_000


@dataclass
class QueryOutcome:
    """A query's result: ``form`` is select, ask or graph.

    With bytes wanted: ``body`` and ``media_type``. With terms: ``variables`` and ``rows``
    (select), ``boolean`` (ask) or ``triples`` (graph). ``count``: rows or triples.
    """

    form: str
    body: bytes = b""
    media_type: str = ""
    variables: list[str] | None = None
    rows: list[tuple[Any, ...]] | None = None
    boolean: bool | None = None
    triples: list[Triple] | None = None
    count: int = 0

    def records(self) -> list[dict[str, Any]]:
        """SELECT rows as ``{variable: term or None}`` dicts."""
        names = self.variables or []
        return [dict(zip(names, row, strict=True)) for row in self.rows or []]


class QueryFailed(Exception):
    """The query could not run: ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class RowLimitExceeded(QueryFailed):
    """The result is larger than the server's row limit."""


def execute(store: Any, task: QueryTask) -> QueryOutcome:
    """Run ``task`` on ``store`` (EmbeddedStore or RemoteStore: their ``query`` method)."""
    if task.output == SYNTAX_ONLY:
        # parsed by Oxigraph on an empty store of its own: the same parser and messages, and
        # whatever the query would cost, it costs nothing on no data (in a query process
        # all the same, under the time limit)
        try:
            Store().query(task.query)
        except SyntaxError as exc:
            raise _malformed(exc, task.query) from None
        return QueryOutcome("checked")
    try:
        result = store.query(task.query, default_graphs=task.default_graphs,
                             named_graphs=task.named_graphs)
    except SyntaxError as exc:
        raise _malformed(exc, task.query) from None
    except StoreError as exc:
        raise QueryFailed(f"the store behind this server failed: {exc}", status=502) from None
    if isinstance(result, QueryBoolean):
        outcome = QueryOutcome("ask", boolean=bool(result))
        if task.output != TERMS:
            outcome.media_type = _results_type(task.output)
            outcome.body = result.serialize(format=RESULT_FORMATS[outcome.media_type]) or b""
        return outcome
    too_many = RowLimitExceeded(
        f"the result has more than {task.max_rows:,} rows, this server's limit: add LIMIT and "
        "OFFSET to page through it, or download the whole dataset from /dumps/", status=422)
    if isinstance(result, QuerySolutions):
        variables = [v.value for v in result.variables]
        columns = range(len(variables))  # by position: twice as fast as by name
        rows: list[tuple[Any, ...]] = []
        for solution in result:
            if len(rows) >= task.max_rows:
                raise too_many
            rows.append(tuple(solution[i] for i in columns))
        outcome = QueryOutcome("select", variables=variables, count=len(rows))
        if task.output == TERMS:
            outcome.rows = rows
        else:
            outcome.media_type = _results_type(task.output)
            outcome.body = _serialize_solutions(variables, rows, outcome.media_type)
        return outcome
    triples: list[Triple] = []
    for triple in result:
        if len(triples) >= task.max_rows:
            raise too_many
        triples.append(triple)
    outcome = QueryOutcome("graph", count=len(triples))
    if task.output == TERMS:
        outcome.triples = triples
    else:
        # a media type of results asked for a graph: the form was guessed wrong, use Turtle
        outcome.media_type = task.output if task.output in GRAPH_FORMATS else "text/turtle"
        outcome.body = serialize_triples(triples, outcome.media_type)
    return outcome


def _malformed(exc: SyntaxError, query: str) -> QueryFailed:
    return QueryFailed(f"the query is malformed {describe(str(exc), query)} — fix it there; "
                       "the query page /query has working examples")


def _results_type(media_type: str) -> str:
    return media_type if media_type in RESULT_FORMATS else "application/sparql-results+json"


def serialize_triples(triples: list[Triple], media_type: str) -> bytes:
    """Triples in an RDF media type of :data:`GRAPH_FORMATS`, with the project's prefixes."""
    fmt = GRAPH_FORMATS[media_type]
    prefixes = PREFIXES if media_type in ("text/turtle", "application/rdf+xml") else None
    return serialize(triples, format=fmt, prefixes=prefixes) or b""


def _serialize_solutions(variables: list[str], rows: list[tuple[Any, ...]],
                         media_type: str) -> bytes:
    """SPARQL JSON written here (pyoxigraph cannot serialise a list of solutions), other
    formats by pyoxigraph from that JSON."""
    document = {"head": {"vars": variables},
                "results": {"bindings": [
                    {name: _term_json(term) for name, term in zip(variables, row, strict=True)
                     if term is not None} for row in rows]}}
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    if media_type == "application/sparql-results+json":
        return body
    parsed = parse_query_results(body, format=QueryResultsFormat.JSON)
    assert isinstance(parsed, QuerySolutions)
    return parsed.serialize(format=RESULT_FORMATS[media_type]) or b""


def _term_json(term: Any) -> dict[str, Any]:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, Triple):
        return {"type": "triple", "value": {"subject": _term_json(term.subject),
                                            "predicate": _term_json(term.predicate),
                                            "object": _term_json(term.object)}}
    raise TypeError(f"not an RDF term: {term!r}")
