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

from pyoxigraph import RdfFormat, Triple, serialize

from sekg.ontology.errors import ValidationError

__all__ = ["check_conformance", "validate_triples"]


def _to_rdflib(triples: Iterable[Triple]):  # type: ignore[no-untyped-def]
    import rdflib

    graph = rdflib.Graph()
    graph.parse(data=serialize(triples, format=RdfFormat.N_TRIPLES), format="nt")
    return graph


def validate_triples(data: Iterable[Triple], shapes: Iterable[Triple]) -> list[str]:
    """Validate ``data`` against ``shapes``; return one line per violation (empty: conforms)."""
    import pyshacl
    from rdflib import Namespace

    sh = Namespace("http://www.w3.org/ns/shacl#")
    conforms, report, _text = pyshacl.validate(
        _to_rdflib(data), shacl_graph=_to_rdflib(shapes), inference="none",
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
