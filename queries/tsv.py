"""A query's solutions read from Oxigraph's SPARQL TSV text rather than term by term.

Reading a large answer through pyoxigraph makes a Python term object per cell and asks each
for its value and kind: the national ``network_actors`` export (400,139 rows, 4M cells) took
≈7 s on top of the ≈15 s Oxigraph took to answer it. Oxigraph writes the same solutions as
TSV (SPARQL 1.1 Query Results TSV: each term in Turtle syntax) in well under a second, and
``str.split`` cuts them into cells in C. :func:`decode_tsv` then reads each cell as
:func:`~sekg.queries.results.term_value` and :func:`~sekg.queries.results.term_kind` read its
term: IRIs (``<...>``) and plain, language-tagged or typed strings without escapes directly;
anything else (an escape, a blank node, a number or boolean in Turtle's short form, an RDF
1.2 triple term) by parsing the cell with pyoxigraph, once per distinct text. Tests compare
both readings on terms of every kind and on the Turin graph's exports.

Example
-------
>>> decode_tsv(b'?s\\t?o\\n<http://e/s>\\t"caf\\xc3\\xa9"@it\\n<http://e/t>\\t\\n')
(['s', 'o'], [['http://e/s', 'café'], ['http://e/t', '']], [['uri', '@it'], ['uri', None]])
"""

from __future__ import annotations

from pyoxigraph import RdfFormat, parse

from sekg.queries.results import XSD, term_kind, term_value

__all__ = ["UnreadableCell", "decode_tsv"]

#: the datatype of a string literal written without one
_STRING = XSD + "string"
#: how many distinct cells the parsed ones are remembered for
_PARSED_KEPT = 100_000


class UnreadableCell(ValueError):
    """A TSV cell that is no Turtle term pyoxigraph reads (not one Oxigraph writes: a guard
    against a form this module does not know): read the solutions term by term instead."""


def decode_tsv(data: bytes, kinds: bool = True
               ) -> tuple[list[str], list[list[str]], list[list[str | None]] | None]:
    """The variable names, each row's lexical values and, if ``kinds``, each cell's kind, of
    SPARQL TSV results ``data`` as Oxigraph writes them (see the module); an
    :class:`UnreadableCell` if one is not a term this module reads."""
    lines = data.decode("utf-8").split("\n")
    names = [name[1:] for name in lines[0].split("\t")] if lines[0] else []
    if lines and lines[-1] == "":
        lines.pop()
    parsed: dict[str, tuple[str, str | None]] = {}
    values: list[list[str]] = []
    cell_kinds: list[list[str | None]] = []
    width = len(names)
    for line in lines[1:]:
        cells = line.split("\t") if width else []
        row: list[str] = []
        row_kinds: list[str | None] = []
        for cell in cells:
            value, kind = _decode(cell, parsed)
            row.append(value)
            row_kinds.append(kind)
        values.append(row)
        if kinds:
            cell_kinds.append(row_kinds)
    return names, values, cell_kinds if kinds else None


def _decode(cell: str, parsed: dict[str, tuple[str, str | None]]) -> tuple[str, str | None]:
    """The lexical value and kind of one TSV cell (see :func:`decode_tsv`).

    >>> _decode('"a"^^<http://www.w3.org/2001/XMLSchema#date>', {})[1][-4:]
    'date'
    >>> _decode("12", {})
    ('12', 'http://www.w3.org/2001/XMLSchema#integer')
    """
    if not cell:
        return "", None
    first = cell[0]
    if "\\" not in cell:
        if first == "<" and cell[-1] == ">" and not cell.startswith("<<"):
            return cell[1:-1], "uri"
        if first == "_" and cell.startswith("_:"):
            return cell[2:], "bnode"
        if first == '"':
            if cell[-1] == '"' and len(cell) > 1:
                return cell[1:-1], ""
            text, quote, suffix = cell.rpartition('"')
            if quote and len(text) > 0:
                if suffix.startswith("@") and suffix[1:]:
                    return text[1:], "@" + suffix[1:]
                if suffix.startswith("^^<") and suffix.endswith(">"):
                    datatype = suffix[3:-1]
                    return text[1:], "" if datatype == _STRING else datatype
    found = parsed.get(cell)
    if found is None:
        found = _parsed(cell)
        if len(parsed) < _PARSED_KEPT:
            parsed[cell] = found
    return found


def _parsed(cell: str) -> tuple[str, str | None]:
    """A cell read by pyoxigraph: the object of a one-triple Turtle document."""
    try:
        (quad,) = parse(f"<urn:s> <urn:p> {cell} .", format=RdfFormat.TURTLE)
    except (SyntaxError, ValueError) as exc:
        raise UnreadableCell(f"cannot read the TSV cell {cell!r}: {exc}") from None
    return term_value(quad.object), term_kind(quad.object)
