"""The JSON-LD dump: pyoxigraph's JSON-LD of the sorted triples, one node object per line,
inside a document that carries the published ``@context``.

pyoxigraph writes JSON-LD in expanded form (full IRIs, every value an object in an array) on
one line, in Rust, a node object per run of triples with the same subject: from the sorted
N-Triples dump, one node per subject. This module puts that array under ``@graph`` beside the
``@context`` of ``context.jsonld`` (the prefixes), so the file is one JSON-LD document that a
processor compacts with the published context (absolute IRIs need no context to be read), and
breaks the line between node objects. Compacting it here took a Python object per triple:
≈9 µs a triple, minutes at national scale.

Example
-------
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "d.nt").write_text('<http://e/a> <http://e/p> "x" .\\n'
...                                  '<http://e/b> <http://e/p> "y" .\\n')
>>> write_jsonld(folder / "d.nt", folder / "d.jsonld", {"e": "http://e/"})
>>> print((folder / "d.jsonld").read_text())
{"@context": {"e": "http://e/"},
"@graph": [{"@id":"http://e/a","http://e/p":[{"@value":"x"}]},
{"@id":"http://e/b","http://e/p":[{"@value":"y"}]}]}
<BLANKLINE>
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO, cast

from pyoxigraph import RdfFormat, parse, serialize

__all__ = ["context_document", "write_jsonld"]

#: Where one top-level node object ends and the next begins in pyoxigraph's expanded output
#: of triples: a node ends its last property's array (``]}``) and the next opens with its
#: ``@id``. Nowhere else: a value object holds no array, and inside a string a quote is
#: escaped (``\\"``).
_BETWEEN_NODES = b']},{"@id":'
_NODE_PER_LINE = b']},\n{"@id":'


def context_document(prefixes: Mapping[str, str]) -> dict[str, Any]:
    """The JSON-LD context published with the dumps: the prefixes, sorted.

    >>> context_document({"b": "http://b/", "a": "http://a/"})
    {'@context': {'a': 'http://a/', 'b': 'http://b/'}}
    """
    return {"@context": {k: prefixes[k] for k in sorted(prefixes)}}


class _NodePerLine:
    """A binary writer that breaks the line between top-level node objects, whatever the
    chunks it is given (a boundary may straddle two of them)."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.pending = b""

    def write(self, data: bytes) -> int:
        text = (self.pending + bytes(data)).replace(_BETWEEN_NODES, _NODE_PER_LINE)
        keep = len(_BETWEEN_NODES) - 1  # the start of a boundary the next chunk may complete
        self.handle.write(text[:-keep])
        self.pending = text[-keep:]
        return len(data)

    def flush(self) -> None:
        """Nothing to do until :meth:`close`: the pending bytes may start a boundary."""

    def close(self) -> None:
        self.handle.write(self.pending)
        self.pending = b""


def write_jsonld(ntriples: Path, target: Path, prefixes: Mapping[str, str]) -> None:
    """Write the JSON-LD dump of the sorted N-Triples file ``ntriples`` to ``target`` (see
    the module)."""
    context = json.dumps(context_document(prefixes)["@context"], ensure_ascii=False,
                         sort_keys=True)
    with target.open("wb") as handle:
        handle.write(f'{{"@context": {context},\n"@graph": '.encode())
        writer = _NodePerLine(handle)
        # pyoxigraph only calls write() on the object it is given
        serialize(parse(path=str(ntriples), format=RdfFormat.N_TRIPLES, lenient=True),
                  cast(BinaryIO, writer), format=RdfFormat.JSON_LD)
        writer.close()
        handle.write(b"}\n")
