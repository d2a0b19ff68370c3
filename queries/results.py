"""Query results as a small table, and its renderings: CSV, JSON, Markdown, DataFrame.

Cells hold lexical values (what CSV and Markdown show); ``kinds``, when the table comes from
RDF terms, says what each cell is, so that JSON keeps numbers, booleans and unbound values.

Example
-------
>>> t = Table(["helix", "n"], [["finance", "8"], ["business", "19"]])
>>> print(t.to_markdown())
| helix | n |
|---|---|
| finance | 8 |
| business | 19 |
>>> t.to_records()[0]
{'helix': 'finance', 'n': '8'}
>>> typed = Table(["n", "label"], [["8", "ciao"], ["", "x"]],
...               [[XSD + "integer", "@it"], [None, ""]])
>>> typed.json_records()
[{'n': 8, 'label': 'ciao'}, {'n': None, 'label': 'x'}]
>>> typed.json_document()["lang"]
{'label': ['it', None]}
"""

from __future__ import annotations

import contextlib
import csv
import gc
import io
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

__all__ = ["FORMATS", "XSD", "Table", "binding_kind", "json_value", "paused_gc", "term_kind",
           "term_value"]

FORMATS = ("table", "csv", "json", "md")
XSD = "http://www.w3.org/2001/XMLSchema#"
_STRING = XSD + "string"
_INTEGERS = frozenset(XSD + n for n in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "negativeInteger", "nonPositiveInteger", "unsignedLong", "unsignedInt", "unsignedShort",
    "unsignedByte"))
_REALS = frozenset(XSD + n for n in ("decimal", "double", "float"))
_BOOLEAN = XSD + "boolean"
_NODE_KINDS: dict[type, str] = {NamedNode: "uri", BlankNode: "bnode", Triple: "triple"}
#: the kinds of literals met so far, by datatype IRI or "@" + language tag (at most
#: _KINDS_KEPT of them)
_KINDS: dict[str, str] = {}
_KINDS_KEPT = 1_000


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a large result is made, then resume it (if it
    was running): the cells and rows made are not garbage, yet each few hundred of them
    triggered a collection that walked them. Measured here: a 56k-row typed result of the
    Turin graph 1.1-2.6 s -> 0.7-1.4 s; the national ``network_actors`` answer file, 9.3 s
    -> 2.5 s (both at load ≈5).

    >>> import gc
    >>> with paused_gc():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


def term_value(term: NamedNode | BlankNode | Literal | Triple | None) -> str:
    """The lexical value of a term (IRI string, literal text), '' for unbound; an RDF 1.2
    triple term, which has no single value, as its N-Triples text.

    >>> term_value(Triple(NamedNode("http://e/s"), NamedNode("http://e/p"), Literal("o")))
    '<http://e/s> <http://e/p> "o"'
    """
    if term is None:
        return ""
    if isinstance(term, Triple):
        return str(term)
    return term.value


def term_kind(term: object) -> str | None:
    """What a term is, for :attr:`Table.kinds`: None (unbound), ``uri``, ``bnode``,
    ``triple``, ``""`` (a plain string), ``@tag`` (a language-tagged string) or a
    literal's datatype IRI.

    >>> term_kind(Literal(3)), term_kind(Literal("ciao", language="it")), term_kind(None)
    ('http://www.w3.org/2001/XMLSchema#integer', '@it', None)
    """
    if term is None:
        return None
    # by exact type, then the literal's parts: run for every cell of a table (≈15% of the
    # time to read a result)
    kind = _NODE_KINDS.get(type(term))
    if kind is not None:
        return kind
    if not isinstance(term, Literal):
        raise TypeError(f"not an RDF term: {term!r}")
    language = term.language
    key = "@" + language if language else term.datatype.value
    # one string per kind, not one per cell: a national export has millions of cells (the
    # kinds kept are bounded: a query can make as many language tags as it likes)
    kind = _KINDS.get(key)
    if kind is None:
        kind = "" if key == _STRING else key
        if len(_KINDS) < _KINDS_KEPT:
            _KINDS[key] = kind
    return kind


def binding_kind(binding: dict[str, Any] | None) -> str | None:
    """:func:`term_kind` of a term written in SPARQL JSON results (``{"type": ...}``).

    >>> binding_kind({"type": "literal", "value": "ciao", "xml:lang": "it"})
    '@it'
    """
    if binding is None:
        return None
    kind = binding.get("type")
    if kind in ("literal", "typed-literal"):
        if binding.get("xml:lang"):
            return "@" + binding["xml:lang"]
        datatype = binding.get("datatype", _STRING)
        return "" if datatype == _STRING else datatype
    return {"uri": "uri", "bnode": "bnode", "triple": "triple"}.get(str(kind), "")


def json_value(text: str, kind: str | None) -> Any:
    """A cell as a JSON value: xsd numbers as numbers, xsd:boolean as a boolean, unbound as
    None; everything else as its text (a number JSON cannot write, NaN or INF, too)."""
    if kind is None:
        return None
    try:
        if kind in _INTEGERS:
            return int(text)
        if kind in _REALS:
            number = float(text)
            return number if math.isfinite(number) else text
    except ValueError:
        return text      # an ill-typed literal ("x"^^xsd:integer) stays as written
    if kind == _BOOLEAN:
        return text in ("true", "1")
    return text


@dataclass
class Table:
    """Column names, rows of lexical values ('' for unbound) and, when known, each cell's
    kind (:func:`term_kind`)."""

    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    kinds: list[list[str | None]] | None = None

    @classmethod
    def ask(cls, answer: bool) -> Table:
        """The table of an ASK query's answer: one ``ask`` column, one boolean cell."""
        return cls(["ask"], [["true" if answer else "false"]], [[_BOOLEAN]])

    def to_records(self) -> list[dict[str, str]]:
        """Rows as ``{column: lexical value}`` dicts ('' for unbound)."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def json_records(self) -> list[dict[str, Any]]:
        """Rows as ``{column: JSON value}`` dicts (:func:`json_value`): numbers, booleans,
        ``None`` for unbound, text for the rest (a language-tagged string as its text). A
        table without kinds gives its text as written."""
        if self.kinds is None:
            return self.to_records()
        return [{c: json_value(text, kind) for c, text, kind in zip(self.columns, row, kinds,
                                                                     strict=True)}
                for row, kinds in zip(self.rows, self.kinds, strict=True)]

    def languages(self) -> dict[str, list[str | None]]:
        """For each column holding a language-tagged string, each row's tag (None where the
        cell has none), so that JSON loses no tag."""
        if self.kinds is None:
            return {}
        tagged = sorted({i for kinds in self.kinds for i, k in enumerate(kinds)
                         if k and k[0] == "@"})
        return {self.columns[i]: [k[1:] if k and k[0] == "@" else None
                                  for k in (kinds[i] for kinds in self.kinds)]
                for i in tagged}

    def json_document(self) -> dict[str, Any]:
        """``{"columns": [...], "rows": [{column: value}]}`` (:meth:`json_records`), with
        ``"lang"`` (:meth:`languages`) when a cell has a language tag."""
        document: dict[str, Any] = {"columns": self.columns, "rows": self.json_records()}
        languages = self.languages()
        if languages:
            document["lang"] = languages
        return document

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows(self.rows)
        return out.getvalue()

    def to_json(self) -> str:
        return json.dumps(self.json_document(), ensure_ascii=False, indent=1)

    def to_markdown(self) -> str:
        def cell(text: str) -> str:
            return text.replace("|", "\\|").replace("\n", " ")

        lines = ["| " + " | ".join(self.columns) + " |",
                 "|" + "---|" * len(self.columns)]
        lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in self.rows]
        return "\n".join(lines)

    def to_pandas(self) -> Any:
        """A pandas DataFrame of the table (all columns as strings)."""
        import pandas as pd

        return pd.DataFrame(self.rows, columns=self.columns)
