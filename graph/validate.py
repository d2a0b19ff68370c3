"""SHACL validation of the built dataset with pySHACL, against ``ontology/shapes.ttl``.

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

from collections.abc import Iterable

from pyoxigraph import BlankNode, NamedNode, RdfFormat, Triple, serialize

from sekg.ontology.errors import ValidationError

__all__ = ["ENGINES", "check_conformance", "default_engine", "validate_triples"]

#: SHACL engines: pySHACL (the reference) and pyshacl-turbo (same API and results, several
#: times faster; see ../shared/ENGINES.md). Both read an rdflib graph.
ENGINES = ("pyshacl", "pyshacl-turbo")


def default_engine() -> str:
    """pyshacl-turbo when installed, else pySHACL."""
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


def validate_triples(data: Iterable[Triple], shapes: Iterable[Triple],
                     engine: str | None = None) -> list[str]:
    """Validate ``data`` against ``shapes``; return one line per violation (empty: conforms)."""
    from rdflib import Namespace

    engine = engine or default_engine()
    if engine == "pyshacl-turbo":
        import pyshacl_turbo as pyshacl
    elif engine == "pyshacl":
        import pyshacl  # type: ignore[no-redef]
    else:
        raise ValueError(f"unknown SHACL engine {engine!r}; use one of {ENGINES}")
    sh = Namespace("http://www.w3.org/ns/shacl#")
    data_graph = _turbo_input(data) if engine == "pyshacl-turbo" else None
    conforms, report, _text = pyshacl.validate(
        _to_rdflib(data) if data_graph is None else data_graph,
        shacl_graph=_to_rdflib(shapes), inference="none",
        advanced=True, allow_warnings=True,
    )
    if conforms:
        return []
    lines = []
    for result in report.subjects(sh.resultSeverity, sh.Violation):
        focus = report.value(result, sh.focusNode)
        path = report.value(result, sh.resultPath)
        message = report.value(result, sh.resultMessage)
        text = str(message or "violation")
        text = text if len(text) <= 160 else text[:157] + "..."
        lines.append(f"<{focus}> {path or ''}: {text}".replace(" :", ":"))
    return sorted(lines)


def check_conformance(data: Iterable[Triple], shapes: Iterable[Triple]) -> None:
    """Raise :class:`ValidationError` listing the first violations, if any."""
    violations = validate_triples(data, shapes)
    if violations:
        shown = "; ".join(violations[:5])
        more = f" (and {len(violations) - 5} more)" if len(violations) > 5 else ""
        raise ValidationError(f"{len(violations)} SHACL violation(s): {shown}{more}",
                              file="ontology/shapes.ttl",
                              hint="fix the source rows the focus nodes come from")
