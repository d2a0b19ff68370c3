"""A query's final ``ORDER BY`` done in Python, where that gives Oxigraph's order exactly.

The build materialises the whole-network exports (:mod:`sekg.graph.answers`), whose queries
end with ``ORDER BY`` on plain variables. Oxigraph sorts by looking up every compared term's
text: on the synthetic national graph (400,000 organisations, in memory, 2026-11-27)
``network_actors`` took 28.3–30.8 s with its ``ORDER BY ?actor`` and 14.9–20.5 s without,
``network_actor_territories`` 11.9 against 5.6 s. Python sorts the rows' texts in well under
a second. So :func:`ordered_table` runs such a query without its ``ORDER BY`` and sorts the
rows as SPARQL orders them (unbound first, then IRIs, then literals: IRIs and plain strings
by code point, integers by value), when every sorted cell is of those kinds, each column's
literals of one kind, and no two rows tie on the keys (the order of ties would be
Oxigraph's); otherwise it runs the query as written. Tests compare both on the Turin graph
and on terms of every such kind.

Example
-------
>>> from pyoxigraph import Store, NamedNode as N, Quad as Q
>>> from sekg.graph.store import EmbeddedStore
>>> store = EmbeddedStore(Store())
>>> store.raw.extend([Q(N("http://e/b"), N("http://e/p"), N("http://e/o")),
...                   Q(N("http://e/a"), N("http://e/p"), N("http://e/o"))])
>>> ordered_table(store, "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s").rows
[['http://e/a'], ['http://e/b']]
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sekg.queries.results import Table

if TYPE_CHECKING:
    from sekg.graph.store import EmbeddedStore

__all__ = ["ordered_table", "split_order"]

_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
#: the literal kinds (:func:`~sekg.queries.results.term_kind`) ordered here: plain strings
#: by code point, integers by value
_LITERALS = {"", _INTEGER}
#: a final ``ORDER BY`` of plain variables, nothing after it
_FINAL_ORDER = re.compile(r"\bORDER\s+BY((?:\s+\?\w+)+)\s*\Z", re.IGNORECASE)


def split_order(text: str) -> tuple[str, list[str]] | None:
    """The query ``text`` without its final ``ORDER BY`` and the variables it sorts by, if
    it ends with one of plain variables (no ``ASC``/``DESC``, expression, ``LIMIT`` or
    ``OFFSET`` after); else None.

    >>> split_order("SELECT ?a ?b WHERE { ?a ?p ?b } ORDER BY ?a ?b")
    ('SELECT ?a ?b WHERE { ?a ?p ?b } ', ['a', 'b'])
    >>> split_order("SELECT ?a WHERE { ?a ?p ?b } ORDER BY DESC(?a)") is None
    True
    """
    found = _FINAL_ORDER.search(text)
    if found is None:
        return None
    return text[:found.start()], [v[1:] for v in found.group(1).split()]


def ordered_table(store: EmbeddedStore, text: str) -> Table:
    """The typed answer of ``text`` on ``store`` in the order its final ``ORDER BY`` gives,
    sorted in Python where that is exactly Oxigraph's order (see the module), else as
    Oxigraph sorts it."""
    split = split_order(text)
    if split is None:
        return store.table(text, typed=True)
    unordered, keys = split
    table = store.table(unordered, typed=True)
    order = _python_order(table, keys)
    if order is None:
        return store.table(text, typed=True)
    kinds = table.kinds or []
    return Table(table.columns, [table.rows[i] for i in order], [kinds[i] for i in order])


def _python_order(table: Table, keys: list[str]) -> list[int] | None:
    """The rows' indices in SPARQL order on the columns ``keys``, or None if a cell is of a
    kind ordered elsewhere, a column mixes literal kinds, or two rows tie."""
    if table.kinds is None or any(key not in table.columns for key in keys):
        return None
    columns = [table.columns.index(key) for key in keys]
    literal_kind: dict[int, str] = {}
    for kinds in table.kinds:
        for c in columns:
            kind = kinds[c]
            if kind is None or kind == "uri":
                continue
            if kind not in _LITERALS or literal_kind.setdefault(c, kind) != kind:
                return None
    integers = {c for c, kind in literal_kind.items() if kind == _INTEGER}

    def cell(row: int, c: int) -> tuple[int, object]:
        kind = table.kinds[row][c]  # type: ignore[index]
        if kind is None:
            return (0, "")
        if kind == "uri":
            return (1, table.rows[row][c])
        text = table.rows[row][c]
        return (2, int(text) if c in integers else text)

    sort_keys = [tuple(cell(row, c) for c in columns) for row in range(len(table.rows))]
    order = sorted(range(len(sort_keys)), key=sort_keys.__getitem__)
    if any(sort_keys[a] == sort_keys[b] for a, b in zip(order, order[1:], strict=False)):
        return None
    return order
