"""SHACL validation of the built dataset against ``ontology/shapes.ttl``.

Three engines give the same results: ``sparql`` (the default: each constraint compiled to a
SPARQL query on Oxigraph, :mod:`sekg.graph.shacl`), and pySHACL and pyshacl-turbo, the
reference, to which the default falls back for shapes it cannot compile.

Example
-------
>>> from pyoxigraph import NamedNode as N, Literal as L, Triple as T
>>> sh = "http://www.w3.org/ns/shacl#"
>>> shape = [T(N("http://e/S"), N("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
...            N(sh + "NodeShape")),
...          T(N("http://e/S"), N(sh + "targetNode"), N("http://e/x"))]
>>> validate_triples([T(N("http://e/x"), N("http://e/p"), L("v"))], shape)
[]
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from pyoxigraph import BlankNode, DefaultGraph, NamedNode, Quad, RdfFormat, Triple, serialize

from sekg.graph.shacl import Unsupported, Violation, compile_shapes, validate
from sekg.ontology.errors import ValidationError

__all__ = ["ENGINES", "check_conformance", "default_engine", "raise_violations",
           "validate_triples", "violations"]

log = logging.getLogger(__name__)

#: SHACL engines: SHACL compiled to SPARQL on Oxigraph (sekg.graph.shacl), pySHACL (the
#: reference) and pyshacl-turbo (pySHACL's API and results, in Rust; see
#: ../shared/ENGINES.md). The last two read an rdflib graph or their own copy of the data.
ENGINES = ("sparql", "pyshacl", "pyshacl-turbo")


def default_engine() -> str:
    """pyshacl-turbo when installed, else pySHACL: the engine used where the shapes use SHACL
    that :mod:`sekg.graph.shacl` does not compile."""
    try:
        import pyshacl_turbo  # noqa: F401
    except ImportError:
        return "pyshacl"
    return "pyshacl-turbo"


def _to_rdflib(triples: Iterable[Triple]):
    """An rdflib graph of the triples, built term by term (faster than re-parsing)."""
    import rdflib

    def convert(term):
        if isinstance(term, NamedNode):
            return rdflib.URIRef(term.value)
        if isinstance(term, BlankNode):
            return rdflib.BNode(term.value)
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))

    graph = rdflib.Graph()
    graph.addN((convert(t.subject), convert(t.predicate), convert(t.object), graph)
               for t in triples)
    return graph


def _turbo_input(triples: Iterable[Triple]):
    """The data as pyshacl-turbo's native input: N-Triples text parsed in Rust.

    pyshacl-turbo's public entry points convert anything but an rdflib graph or a pyoxigraph
    ``Store`` through rdflib (slow), and a ``Store`` is not faithful here: Oxigraph stores
    literals by value, so ``"1"^^xsd:positiveInteger`` comes back as ``xsd:integer`` and would
    fail the ``listNumber`` shape. Its ``Input`` record of N-Quads text is what it builds from a
    ``Store`` itself; we hand it our own serialisation. Returns None if that record changes.
    """
    try:
        from pyshacl_turbo.rdf import Input
    except ImportError:
        return None
    data = serialize(triples, format=RdfFormat.N_TRIPLES)
    if data is None:  # only when given a file to write to
        raise ValidationError("pyoxigraph.serialize returned no N-Triples")
    return Input(data.decode("utf-8"), "oxigraph-nquads", None, {}, preserve_ids=True)


def violations(data: Iterable[Triple] | Sequence[Quad], shapes: Iterable[Triple],
               engine: str = "sparql") -> list[Violation]:
    """Validate the merged graph of ``data`` (triples, or quads of any graphs) against
    ``shapes``; return the violations, sorted (empty: it conforms). ``sparql`` falls back to
    pySHACL (:func:`default_engine`) for shapes it cannot compile, and says so in the log."""
    shapes = list(shapes)
    if engine == "sparql":
        quads = [d if isinstance(d, Quad) else Quad(d.subject, d.predicate, d.object,
                                                     DefaultGraph()) for d in data]
        try:
            compiled = compile_shapes(shapes)
        except Unsupported as exc:
            log.info("SHACL by pySHACL: the SPARQL validator does not compile the shapes (%s)",
                     exc)
            return _pyshacl([q.triple for q in quads], shapes, default_engine())
        return validate(quads, compiled)
    if engine not in ENGINES:
        raise ValueError(f"unknown SHACL engine {engine!r}; use one of {ENGINES}")
    triples = (d.triple if isinstance(d, Quad) else d for d in data)
    return _pyshacl(triples, shapes, engine)


def validate_triples(data: Iterable[Triple] | Sequence[Quad], shapes: Iterable[Triple],
                     engine: str = "sparql") -> list[str]:
    """Validate ``data`` against ``shapes``; return one line per violation (empty: conforms)."""
    return sorted(v.line() for v in violations(data, shapes, engine))


def _pyshacl(data: Iterable[Triple], shapes: Iterable[Triple], engine: str
             ) -> list[Violation]:
    """pySHACL's or pyshacl-turbo's results, as :class:`Violation` records."""
    from rdflib import BNode, Namespace

    if engine == "pyshacl-turbo":
        import pyshacl_turbo as pyshacl
    elif engine == "pyshacl":
        import pyshacl  # type: ignore[no-redef]
    sh = Namespace("http://www.w3.org/ns/shacl#")
    data_graph = _turbo_input(data) if engine == "pyshacl-turbo" else None
    conforms, report, _text = pyshacl.validate(
        _to_rdflib(data) if data_graph is None else data_graph,
        shacl_graph=_to_rdflib(shapes), inference="none",
        advanced=True, allow_warnings=True,
    )
    if conforms:
        return []
    found = set()
    for result in report.subjects(sh.resultSeverity, sh.Violation):
        focus = report.value(result, sh.focusNode)
        path = report.value(result, sh.resultPath)
        if isinstance(path, BNode):  # the only complex path the shapes use
            path = f"^{report.value(path, sh.inversePath)}"
        component = str(report.value(result, sh.sourceConstraintComponent))
        message = report.value(result, sh.resultMessage)
        found.add(Violation(str(focus), str(path) if path is not None else None,
                            component.rsplit("#", 1)[-1], str(message or "violation")))
    return sorted(found, key=lambda v: (v.focus, v.path or "", v.component, v.message))


def check_conformance(data: Iterable[Triple] | Sequence[Quad], shapes: Iterable[Triple]
                      ) -> None:
    """Raise :class:`ValidationError` listing the first violations, if any."""
    raise_violations(validate_triples(data, shapes))


def raise_violations(lines: Sequence[str]) -> None:
    """Raise :class:`ValidationError` listing the first of these violations, if any.

    >>> raise_violations([])
    """
    if lines:
        shown = "; ".join(lines[:5])
        more = f" (and {len(lines) - 5} more)" if len(lines) > 5 else ""
        raise ValidationError(f"{len(lines)} SHACL violation(s): {shown}{more}",
                              file="ontology/shapes.ttl",
                              hint="fix the source rows the focus nodes come from")
