"""Materialised answers: whole-network exports computed once per build, read back after.

Two catalogue questions (``materialise: true`` in their header: ``network_actors`` and
``network_actor_territories``) return a row per organisation, or per seat and area served.
On a national graph (400,000 organisations) Oxigraph cannot produce such an answer in two
seconds however the query is written: in memory, merely listing the organisations with their
labels takes 2.5 s, and sorting 400k IRIs 8.8 s (README, "Queries"). As the store is read-only
once built, the build runs these questions once, with their default parameters, and keeps
their answers beside the store (``answers/``); :class:`~sekg.graph.store.EmbeddedStore` then
answers the *exact same query text* from there, and anything else (other parameters, another
base IRI, any other query) from the store as usual.

An answer is used only while the store is the one it was computed on: the index records a
fingerprint of the store's files (:func:`store_fingerprint`), which any write changes. The
answers are tables of the same values and kinds the store gives (a test compares them).

Example
-------
>>> import tempfile
>>> from pathlib import Path
>>> from pyoxigraph import NamedNode as N, Literal as L, Quad as Q
>>> from sekg.graph.store import EmbeddedStore
>>> build = Path(tempfile.mkdtemp())
>>> EmbeddedStore.create(build / "store", [Q(N("http://e/x"), N("http://e/p"), L(1),
...                                          N("http://e/g"))]).close()
>>> text = "SELECT ?s ?o WHERE { ?s ?p ?o }"
>>> [p.name for p in materialise(build / "store", {"everything": text})]
['everything.answer', 'index.json']
>>> EmbeddedStore.open(build / "store", in_memory=False).table(text).rows
[['http://e/x', '1']]
"""

from __future__ import annotations

import array
import hashlib
import json
import logging
import os
import sys
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sekg.graph.ordering import ordered_table
from sekg.queries.results import Table, paused_gc

if TYPE_CHECKING:  # store.py imports this module
    from sekg.graph.store import EmbeddedStore

__all__ = ["ANSWERS_FOLDER", "MATERIALISE_MIN_QUADS", "Answers", "Encoded", "HeldAnswers",
           "answers_folder", "catalogue_answers", "decode_table", "encode_table", "materialise",
           "query_key", "store_fingerprint", "write_answers", "write_index"]

log = logging.getLogger(__name__)

#: the folder beside the store (``var/answers``) holding the materialised answers
ANSWERS_FOLDER = "answers"
INDEX_FILE = "index.json"
#: the build materialises answers for graphs of at least this many quads; below, the live
#: queries are fast enough (the Turin graph's slowest, ``network_actors``: 14 ms)
MATERIALISE_MIN_QUADS = 1_000_000
#: the store files whose content makes its fingerprint, and those whose name and size do (not
#: RocksDB's ``LOG``, which every opening, read-only included, rewrites)
_BY_CONTENT = ("CURRENT", "IDENTITY")
_BY_SIZE = (".sst", ".log", ".blob")


def query_key(text: str) -> str:
    """The key of a query's answer: the SHA-256 of its exact text.

    >>> query_key("ASK {}")[:12]
    '819ea91ed5f1'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def store_fingerprint(store_path: Path) -> str:
    """A digest of the on-disk store's data files (names and sizes, plus RocksDB's
    ``CURRENT`` and ``IDENTITY``): writing to the store changes it, opening it does not."""
    parts = []
    for entry in sorted(os.scandir(store_path), key=lambda e: e.name):
        name = entry.name
        if name in _BY_CONTENT:
            parts.append(f"{name}:{Path(entry.path).read_bytes().hex()}")
        elif name.startswith("MANIFEST-") or name.endswith(_BY_SIZE):
            parts.append(f"{name}:{entry.stat().st_size}")
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def catalogue_answers(base: str) -> dict[str, str]:
    """The catalogue questions to materialise, by name, bound with their defaults for
    ``base`` (the text :func:`~sekg.graph.questions.run_named` runs)."""
    from sekg.queries.catalog import load_catalog

    return {name: query.bound({}, base) for name, query in load_catalog().items()
            if query.materialise}


def materialise(store_path: Path, queries: Mapping[str, str], in_memory: bool = False
                ) -> list[Path]:
    """Run ``queries`` (name -> exact text) on the closed store at ``store_path`` and write
    their answers to ``answers/`` beside it, with the index last; return the files written.

    ``in_memory``: run them on an in-memory copy of the store (see
    :meth:`~sekg.graph.store.EmbeddedStore.open`): several times faster on a large graph, for
    the memory of the copy (≈5 GB for 11M quads). The build's gap child answers them on the
    in-memory store it holds instead (:func:`write_answers`; at 100,000 synthetic
    organisations the two exports took 94 s on disk).
    """
    from sekg.graph.store import EmbeddedStore

    store = EmbeddedStore.open(store_path, in_memory=in_memory, answers=False)
    written, entries = write_answers(answers_folder(store_path), queries, store)
    del store
    return [*written, write_index(store_path, entries)]


def answers_folder(store_path: Path) -> Path:
    """The folder of the answers of the store at ``store_path`` (``answers/`` beside it)."""
    return store_path.parent / ANSWERS_FOLDER


def write_answers(folder: Path, queries: Mapping[str, str], store: EmbeddedStore,
                  ready: Mapping[str, Encoded] | None = None
                  ) -> tuple[list[Path], dict[str, dict[str, Any]]]:
    """Run ``queries`` on ``store`` and write each answer into ``folder`` (any index there
    removed first: no stale index while the answers change); return the files and the
    index's entries, for :func:`write_index` once the store they answer for is closed (the
    build computes them on an in-memory copy while the on-disk store is still written).
    ``ready``: answers already known, by query text (:meth:`HeldAnswers.encoded`), written as
    they are rather than computed again."""
    folder.mkdir(exist_ok=True)
    (folder / INDEX_FILE).unlink(missing_ok=True)
    entries: dict[str, dict[str, Any]] = {}
    names = sorted(queries)

    def write(name: str, encoded: Encoded) -> None:
        path = folder / f"{name}{ANSWER_SUFFIX}"
        _write_atomically(path, encoded.data)
        entries[query_key(queries[name])] = {"name": name, "file": path.name,
                                             "rows": encoded.rows}

    known = ready or {}
    for name in names:
        if queries[name] in known:
            write(name, known[queries[name]])
    # the others side by side: Oxigraph evaluates without holding the GIL (the national
    # exports: ≈12 s one after the other at 100,000 synthetic organisations, ≈7 s together)
    missing = [name for name in names if queries[name] not in known]
    with ThreadPoolExecutor(max_workers=max(1, min(len(missing), os.cpu_count() or 1)),
                            thread_name_prefix="answer") as pool:
        running = {pool.submit(ordered_table, store, queries[name]): name
                   for name in missing}
        for done in as_completed(running):
            write(running[done], Encoded.of(done.result()))
            # the next answer may still be running: keep one table at a time
    return [folder / f"{name}{ANSWER_SUFFIX}" for name in names], entries


@dataclass(frozen=True)
class Encoded:
    """An answer file's bytes (:func:`encode_table`) and the number of its rows."""

    data: bytes
    rows: int

    @classmethod
    def of(cls, table: Table) -> Encoded:
        return cls(encode_table(table), len(table.rows))


class HeldAnswers:
    """Answers computed once and held in memory, by exact query text, for a store to give
    instead of running those queries again (as :class:`Answers` does from files): the build's
    gap child computes the exports before its analysis, whose projections read them, and
    writes the same answers once the analysis cannot have changed them
    (graph/gap_child.py).

    >>> from pyoxigraph import Store
    >>> from sekg.graph.store import EmbeddedStore
    >>> store = EmbeddedStore(Store())
    >>> held = HeldAnswers.compute(store, ["SELECT (1 AS ?one) {}"])
    >>> held.encoded()["SELECT (1 AS ?one) {}"].rows
    1
    >>> store.answers = HeldAnswers({"SELECT ?s {}": Table(["s"], [["held"]])})
    >>> store.table("SELECT ?s {}").rows  # not run: the store itself has no such row
    [['held']]
    """

    def __init__(self, tables: Mapping[str, Table]) -> None:
        self._tables = dict(tables)

    @classmethod
    def compute(cls, store: EmbeddedStore, texts: list[str]) -> HeldAnswers:
        """The answers (typed) of the queries ``texts`` on ``store``, side by side."""
        with ThreadPoolExecutor(max_workers=max(1, min(len(texts), os.cpu_count() or 1)),
                                thread_name_prefix="held") as pool:
            tables = dict(zip(texts, pool.map(lambda t: ordered_table(store, t), texts),
                              strict=True))
        return cls(tables)

    def get(self, text: str, typed: bool) -> Table | None:
        """The answer to exactly ``text`` (with its cells' kinds if ``typed``), or None."""
        table = self._tables.get(text)
        if table is None or typed:
            return table
        return Table(table.columns, table.rows)

    def encoded(self) -> dict[str, Encoded]:
        """Every answer as the bytes of its file; the tables are let go."""
        encoded = {text: Encoded.of(table) for text, table in self._tables.items()}
        self._tables.clear()
        return encoded


def write_index(store_path: Path, entries: dict[str, dict[str, Any]]) -> Path:
    """Write the index of the answers (:func:`write_answers`' entries) for the closed store
    at ``store_path``, with its fingerprint: the answers are used while the store is that one.
    """
    index_path = answers_folder(store_path) / INDEX_FILE
    index = {"store": store_fingerprint(store_path), "answers": entries}
    _write_atomically(index_path, json.dumps(index, indent=1, sort_keys=True).encode("utf-8"))
    return index_path


#: an answer file: a JSON header line, then each column's bytes. A column of few distinct
#: values (helix, family, zone, each cell's kind...) is its distinct values, in the header,
#: and one code per cell (1 or 2 bytes); any other column is its cells as UTF-8 text joined
#: by :data:`_SEPARATOR` (one holding that character anywhere is a JSON list in the header).
#: Both read back in C (``bytes.split``, ``map(list.__getitem__, codes)``), where JSON would
#: parse cell by cell: the national ``network_actors`` (400,139 rows, 4M cells) reads in
#: well under a second.
ANSWER_SUFFIX = ".answer"
_SEPARATOR = "\x1f"  # ASCII unit separator
_CODE_TYPES = (("B", 2**8), ("H", 2**16))


def _encode_column(cells: list[str | None], text: bool, blobs: list[bytes]
                   ) -> dict[str, object]:
    """How one column is stored (its header entry); its bytes, if any, go to ``blobs``.

    Only a column that will be coded has its distinct values sorted: sorting the 400,000
    IRIs or labels of the national ``network_actors`` took most of its 8 s to encode.
    """
    values = set(cells)
    for typecode, limit in _CODE_TYPES:
        if len(values) <= limit and (len(values) * 2 <= len(cells) or not text):
            distinct = sorted(values, key=lambda c: (c is not None, c or ""))
            index = {value: i for i, value in enumerate(distinct)}
            codes = array.array(typecode, map(index.__getitem__, cells))
            if sys.byteorder != "little":
                codes.byteswap()
            blobs.append(codes.tobytes())
            return {"distinct": distinct, "codes": typecode, "bytes": len(blobs[-1])}
    if text and not any(_SEPARATOR in c for c in cells):  # type: ignore[operator]
        blobs.append(_SEPARATOR.join(cells).encode("utf-8"))  # type: ignore[arg-type]
        return {"text": True, "bytes": len(blobs[-1])}
    return {"list": cells}


def _decode_column(entry: dict[str, Any], blob: bytes, n: int) -> list[Any]:
    if "list" in entry:
        return list(entry["list"])
    if "text" in entry:
        return blob.decode("utf-8").split(_SEPARATOR) if n else []
    codes = array.array(entry["codes"])
    codes.frombytes(blob)
    if sys.byteorder != "little":
        codes.byteswap()
    return list(map(entry["distinct"].__getitem__, codes))


def encode_table(table: Table) -> bytes:
    """The bytes of an answer file holding ``table`` (:func:`decode_table` reads it).

    >>> t = Table(["s", "n"], [["http://e/x", "1"], ["http://e/y", ""]],
    ...           [["uri", "http://www.w3.org/2001/XMLSchema#integer"], ["uri", None]])
    >>> decode_table(encode_table(t), typed=True) == t
    True
    >>> decode_table(encode_table(t), typed=False).kinds is None
    True
    """
    n = len(table.rows)
    blobs: list[bytes] = []
    cells = [_encode_column([row[i] for row in table.rows], True, blobs)
             for i in range(len(table.columns))]
    kinds = [_encode_column([k[i] for k in table.kinds] if table.kinds is not None
                            else [None] * n, False, blobs)
             for i in range(len(table.columns))]
    header = {"columns": table.columns, "rows": n, "cells": cells, "kinds": kinds}
    head = json.dumps(header, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    return head + b"\n" + b"".join(blobs)


def decode_table(data: bytes, typed: bool) -> Table:
    """The table in an answer file's bytes; ``typed``: with each cell's kind.

    The garbage collector is paused meanwhile: the millions of strings and row lists made
    here are not garbage, and collecting as they are made tripled the time (measured on the
    national ``network_actors``: 9.3 s against 2.5 s).
    """
    end = data.index(b"\n")
    header = json.loads(data[:end])
    n: int = header["rows"]
    offsets, offset = [], end + 1
    for entry in header["cells"] + header["kinds"]:
        size = entry.get("bytes", 0)
        offsets.append((offset, offset + size))
        offset += size
    if offset != len(data):
        raise ValueError(f"the answer file holds {len(data)} bytes, its header says {offset}")
    with paused_gc():
        width = len(header["cells"])
        columns = [_decode_column(entry, data[start:stop], n) for entry, (start, stop)
                   in zip(header["cells"], offsets, strict=False)]
        if any(len(c) != n for c in columns):
            raise ValueError(f"an answer of {n} rows has a column of another length")
        rows = list(map(list, zip(*columns, strict=True))) if width else [[] for _ in range(n)]
        kinds = None
        if typed:
            kind_columns = [_decode_column(entry, data[start:stop], n) for entry, (start, stop)
                            in zip(header["kinds"], offsets[width:], strict=True)]
            kinds = (list(map(list, zip(*kind_columns, strict=True))) if width
                     else [[] for _ in range(n)])
    return Table(list(header["columns"]), rows, kinds)


def _write_atomically(path: Path, data: bytes) -> None:
    part = path.with_name(path.name + ".part")
    part.write_bytes(data)
    part.replace(path)


@dataclass
class Answers:
    """The materialised answers beside a store, by query key (see :func:`query_key`)."""

    folder: Path
    entries: dict[str, dict[str, object]]

    @classmethod
    def beside(cls, store_path: Path) -> Answers | None:
        """The answers computed on the store at ``store_path`` as it is now, or None (no
        answers, or a store changed since they were computed)."""
        index_path = store_path.parent / ANSWERS_FOLDER / INDEX_FILE
        if not index_path.is_file():
            return None
        try:
            index = json.loads(index_path.read_text(encoding="utf-8"))
            recorded, entries = index["store"], index["answers"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("ignoring the materialised answers in %s: %s", index_path.parent, exc)
            return None
        if recorded != store_fingerprint(store_path):
            log.warning("ignoring the materialised answers in %s: the store changed since "
                        "they were computed (rebuild to refresh them)", index_path.parent)
            return None
        return cls(index_path.parent, entries)

    def get(self, text: str, typed: bool) -> Table | None:
        """The answer to exactly ``text``, or None."""
        entry = self.entries.get(query_key(text))
        if entry is None:
            return None
        path = self.folder / str(entry["file"])
        try:
            return decode_table(path.read_bytes(), typed)
        except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
            log.warning("ignoring the materialised answer %s: %s", path, exc)
            return None
