"""Typed query parameters: text from a user -> an RDF term, bound with ``VALUES``.

Values are converted to pyoxigraph terms (IRIs validated, literals escaped by the library)
and bound by inserting ``VALUES ?name { term }`` at the start of the query's top-level
``WHERE`` group — never pasted into the query text as typed.

Example
-------
>>> p = Param("zone", "zona", default="1")
>>> str(p.to_term("7", base="https://example.org/kg"))
'<https://example.org/kg/id/zona-omogenea/7>'
>>> bind_values("SELECT ?x WHERE { ?x ?p ?o }", {"x": p.to_term("7", "https://e.org")})
'SELECT ?x WHERE { VALUES ?x { <https://e.org/id/zona-omogenea/7> } ?x ?p ?o }'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from pyoxigraph import Literal, NamedNode

from sekg.ontology.errors import SekgError
from sekg.ontology.iri import KEY_PATTERN, IriMinter
from sekg.ontology.schemes import check_code, scheme_codes

__all__ = ["PARAM_TYPES", "Param", "ParameterError", "bind_values", "mask_comments"]

Term = NamedNode | Literal

PARAM_TYPES = ("string", "integer", "decimal", "date", "boolean", "iri", "concept:SCHEME",
               "resource:KIND", "comune", "zona")
_XSD = "http://www.w3.org/2001/XMLSchema#"


class ParameterError(SekgError):
    """A parameter value does not fit its declared type, or the parameter is unknown."""


@dataclass(frozen=True)
class Param:
    """A declared parameter of a catalogue query."""

    name: str
    type: str
    default: str | None = None
    description: str = ""

    def to_term(self, text: str, base: str) -> Term:
        """Convert ``text`` to the RDF term of this parameter's type, or raise ParameterError."""
        kind, _, arg = self.type.partition(":")
        text = text.strip()
        minter = IriMinter(base)
        bad = ParameterError(
            f"parameter {self.name}={text!r} is not a valid {self.type}",
            hint=_HINTS.get(kind, "").format(arg=arg))
        try:
            if kind == "string":
                return Literal(text)
            if kind == "integer":
                if not re.fullmatch(r"[+-]?\d+", text):
                    raise bad
                return Literal(int(text))
            if kind == "decimal":
                Decimal(text)
                if not re.fullmatch(r"[+-]?\d+(\.\d+)?", text):
                    raise bad
                return Literal(text, datatype=NamedNode(_XSD + "decimal"))
            if kind == "date":
                return Literal(dt.date.fromisoformat(text).isoformat(),
                               datatype=NamedNode(_XSD + "date"))
            if kind == "boolean":
                if text not in ("true", "false"):
                    raise bad
                return Literal(text == "true")
            if kind == "iri":
                if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", text):
                    raise bad
                return NamedNode(text)
            if kind == "concept" and scheme_codes(arg) is not None:
                # a shipped scheme: the code must exist, not only look like one
                check_code(arg, text, f"parameter {self.name}={text!r}", ParameterError)
                return NamedNode(minter.concept(arg, text))
            if kind in ("concept", "resource"):
                if not KEY_PATTERN.match(text):
                    raise bad
                return NamedNode(minter.concept(arg, text) if kind == "concept"
                                 else minter.resource(arg, text))
            if kind == "comune":
                if not re.fullmatch(r"\d{6}", text):
                    raise bad
                return NamedNode(minter.resource("comune", text))
            if kind == "zona":
                if not text.isdigit() or not 1 <= int(text) <= 11:
                    raise bad
                return NamedNode(minter.resource("zona-omogenea", str(int(text))))
        except (ValueError, InvalidOperation, SekgError) as exc:
            if isinstance(exc, ParameterError):
                raise
            raise bad from None
        raise ParameterError(f"parameter {self.name} has an unknown type {self.type!r}",
                             hint=f"types: {', '.join(PARAM_TYPES)}")


_HINTS = {
    "integer": "write a whole number, e.g. 3",
    "decimal": "write a number such as 3.5",
    "date": "write a date as YYYY-MM-DD",
    "boolean": "write true or false",
    "iri": "write an absolute IRI, e.g. https://w3id.org/social-economy-kg/id/comune/001272",
    "concept": "write a code of the {arg} scheme: lower-case words joined by hyphens",
    "resource": "write a key such as comune-di-torino",
    "comune": "write a 6-digit ISTAT code, e.g. 001272",
    "zona": "write a zona omogenea number from 1 to 11",
}

_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def mask_comments(query: str) -> str:
    """The query with every comment replaced by spaces (same length, so offsets hold).

    A ``#`` inside an IRI (``<...#>``) or a string literal does not start a comment.

    >>> mask_comments('PREFIX r: <http://x#> # note\\nSELECT')
    'PREFIX r: <http://x#>       \\nSELECT'
    """
    out = list(query)
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch == "<":
            end = query.find(">", i)
            # '<' is an IRI only when no whitespace comes before the next '>'
            if end != -1 and not re.search(r"\s", query[i:end]):
                i = end + 1
                continue
        elif ch in "\"'":
            triple = query[i:i + 3] == ch * 3
            quote = ch * 3 if triple else ch
            j = i + len(quote)
            while j < n and query[j:j + len(quote)] != quote:
                j += 2 if query[j] == "\\" else 1
            i = j + len(quote)
            continue
        elif ch == "#":
            end = query.find("\n", i)
            end = n if end == -1 else end
            out[i:end] = " " * (end - i)
            i = end
            continue
        i += 1
    return "".join(out)


def bind_values(query: str, bindings: Mapping[str, Term]) -> str:
    """Insert ``VALUES`` blocks for ``bindings`` at the start of the top-level WHERE group.

    Comments are skipped when looking for ``WHERE``; terms are written in their N-Triples
    form by pyoxigraph.
    """
    if not bindings:
        return query
    # find WHERE outside comments and strings: blank out comments first (same length)
    masked = mask_comments(query)
    match = _WHERE.search(masked)
    if match is None:
        raise ParameterError("the query has no top-level 'WHERE {' to bind parameters in",
                             hint="write the query with an explicit WHERE keyword")
    for name in bindings:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise ParameterError(f"'{name}' is not a SPARQL variable name")
    values = " ".join(f"VALUES ?{name} {{ {term} }}" for name, term in sorted(bindings.items()))
    return f"{query[:match.end()]} {values}{query[match.end():]}"
