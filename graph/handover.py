"""The collected quads, handed over in batches while the build reads on.

The build reads its sources in Python, on one core; at national scale that takes minutes, and
the other core had little to do meanwhile. So the sink passes its quads on in batches as they
come (:meth:`~sekg.graph.provenance.FactSink.checkpoint`, every million quads): each batch is
written as an N-Quads file in the build's temporary folder (pyoxigraph, ≈1 s a million), and
at once

* the gap child loads it into its in-memory store (:meth:`GapChild.hand_batch`);
* the on-disk store loads it (:class:`StoreLoader`), in a thread of this process whose
  priority is lowered: pyoxigraph parses and writes RocksDB without holding the GIL, on the
  idle core, and yields to the reading when both want a core;
* the dumps sort it, after the batches before it (:meth:`DumpPlan.add_file_in_turn`), at a
  lower priority still while the sources are read (graph/build.py, ``IDLE``): part of what
  the sort of the national graph's quads took once the sources were read (≈60 s of CPU while
  the gap analysis waited for a core) is done on the core the reading leaves idle.

Once everything is collected, HermiT reads the files (graph/build.py). The Turin graph
(≈0.1M quads) is handed over in one batch, as before.

Example
-------
>>> import tempfile, pathlib
>>> from pyoxigraph import NamedNode as N, Quad as Q
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> handover = Handover(folder, None, StoreLoader(folder / "store"))
>>> handover.batch([Q(N("http://e/s"), N("http://e/p"), N("http://e/o"), N("http://e/g"))])
>>> [f.name for f in handover.files]
['.collected-0.nq']
>>> len(handover.loader.result())
1
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from multiprocessing.connection import Connection
from pathlib import Path

from pyoxigraph import Quad, RdfFormat, serialize

from sekg.graph.forked import keep_from_children, lower_priority
from sekg.graph.gap_child import GapChild
from sekg.graph.store import EmbeddedStore

__all__ = ["Handover", "StoreLoader", "write_batch"]


def lower_thread_priority(nice: int) -> None:
    """Lower the calling thread's priority by ``nice`` (Linux: a thread's niceness is its
    own, and the threads it starts inherit it; elsewhere nothing: the call would name a
    process)."""
    if sys.platform == "linux":
        lower_priority(threading.get_native_id(), nice)


class StoreLoader:
    """The on-disk store at ``path`` (an empty or missing folder), filled from N-Quads files
    in the background, in the order they are added, then compacted (:meth:`EmbeddedStore.load`
    says why); its threads run ``nice`` steps below this one.

    Where the system can name a pipe as a file (``/dev/fd``, Linux), the files are streamed
    through one pipe into **one** bulk load, which runs from the first file to the last:
    RocksDB then merges one growing set of files rather than a set per file. Measured on the
    national bench graph (9.44M quads in ten files of 1M, 2026-11-27, CPU of the process with
    RocksDB's threads, loading and compaction): ten bulk loads 277.5 and 282.1 s, one load
    through the pipe 227.2 and 228.0 s; fed a file every 8 s, the one load kept pace,
    17 s of it left after the last. Elsewhere each file is a bulk load of its own.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.nq").write_text('<http://e/s> <http://e/p> "1" <http://e/g> .\\n')
    >>> loader = StoreLoader(folder / "store")
    >>> loader.add(folder / "a.nq")
    >>> loader.result().select("SELECT ?o { GRAPH ?g { ?s ?p ?o } }")
    [{'o': '1'}]
    """

    def __init__(self, path: Path, nice: int = 0, stream: bool | None = None) -> None:
        self.path = path
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store",
                                        initializer=lower_thread_priority, initargs=(nice,))
        self._store: EmbeddedStore | None = None
        self._tasks: list[Future[None]] = []
        self._compacting = False
        self._ended = False
        #: stream the files through one pipe (None: where ``/dev/fd`` exists)
        self.streaming = _pipes_have_paths() if stream is None else stream
        self._pipe: _Pipe | None = None
        self._feeder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store-feed",
                                          initializer=lower_thread_priority, initargs=(nice,))
        self._feeding: list[Future[None]] = []

    def _open(self) -> EmbeddedStore:
        if self._store is None:
            self._store = EmbeddedStore.at(self.path)
        return self._store

    def _load(self, nquads: Path) -> None:
        self._open().add_file(nquads)

    def _load_stream(self, pipe: _Pipe) -> None:
        try:
            self._open().add_file(pipe.path)
        finally:
            pipe.close_reading()  # a feeder still writing fails at once (EPIPE)

    def add(self, nquads: Path) -> None:
        """Load the N-Quads file ``nquads`` (written by pyoxigraph) after those added before;
        it must stay until :meth:`result`."""
        if not self.streaming:
            self._tasks.append(self._pool.submit(self._load, nquads))
            return
        if self._pipe is None:
            self._pipe = _Pipe()
            self._tasks.append(self._pool.submit(self._load_stream, self._pipe))
        self._feeding.append(self._feeder.submit(self._pipe.feed, nquads))

    def end_loads(self) -> None:
        """No file comes after those added so far: the one streamed load ends once it has
        read them (a load waits for more input until then)."""
        if self._pipe is not None and not self._ended:
            self._ended = True
            self._feeding.append(self._feeder.submit(self._pipe.close_writing))

    def compact(self) -> None:
        """Compact the store once the files added so far are in (in the background; see
        :meth:`end_loads`)."""
        self.end_loads()
        if not self._compacting:
            self._compacting = True
            self._tasks.append(self._pool.submit(lambda: self._open().optimize()))

    def extend(self, quads: list[Quad]) -> None:
        """Add ``quads`` once the files added so far and the compaction are in, in the
        background (:meth:`compact` is started now if it was not): the build adds what its
        later stages found while the last dumps are written, rather than after them.

        >>> import tempfile, pathlib
        >>> from pyoxigraph import NamedNode as N, Quad as Q
        >>> loader = StoreLoader(pathlib.Path(tempfile.mkdtemp()) / "store")
        >>> loader.extend([Q(N("http://e/s"), N("http://e/p"), N("http://e/o"), N("http://e/g"))])
        >>> len(loader.result())
        1
        """
        self.compact()
        self._tasks.append(self._pool.submit(lambda: self._open().extend(quads)))

    def result(self) -> EmbeddedStore:
        """Wait for every load and the compaction (started now if :meth:`compact` was not
        called); raise the first load's error."""
        self.compact()
        fed: BaseException | None = None
        for task in self._feeding:
            fed = fed or task.exception()  # a failed load breaks the pipe: its error first
        self._feeder.shutdown()
        for task in self._tasks:
            task.result()
        self._pool.shutdown()
        if fed is not None:
            raise fed
        return self._open()

    def close(self) -> None:
        """Drop the loads not started and wait for the one under way (a bulk load cannot be
        stopped; the build removes the folder after): for a failed build."""
        self._feeder.shutdown(wait=True, cancel_futures=True)
        if self._pipe is not None:
            self._pipe.close_writing()  # the load ends with what it was given
        self._pool.shutdown(wait=True, cancel_futures=True)


def _pipes_have_paths() -> bool:
    """Whether a pipe can be opened by a path, as ``/dev/fd/N`` (Linux)."""
    return sys.platform == "linux" and os.path.isdir("/dev/fd")


class _Pipe:
    """A pipe whose reading end a bulk load opens by its path (``/dev/fd/N``) and into which
    :meth:`feed` copies files; both ends are kept from the children forked later (a child
    holding the writing end would keep the load waiting for more)."""

    def __init__(self) -> None:
        reading, writing = os.pipe()
        self._reading = Connection(reading, writable=False)
        self._writing = Connection(writing, readable=False)
        keep_from_children(self._reading, self._writing)
        self.path = f"/dev/fd/{reading}"

    def feed(self, nquads: Path) -> None:
        """Copy the file ``nquads`` into the pipe (blocking while the load catches up)."""
        with open(nquads, "rb") as source, \
                open(self._writing.fileno(), "wb", closefd=False) as sink:
            shutil.copyfileobj(source, sink, _FEED_CHUNK)

    def close_writing(self) -> None:
        """End the stream (once)."""
        if not self._writing.closed:
            self._writing.close()

    def close_reading(self) -> None:
        """Close this process's reading end (once the load has opened its own and ended)."""
        if not self._reading.closed:
            self._reading.close()


#: bytes copied into the store's pipe at a time
_FEED_CHUNK = 1 << 20


def write_batch(quads: list[Quad], folder: Path, number: int) -> Path:
    """Write the ``number``-th batch of collected quads to its N-Quads file in ``folder``."""
    path = folder / f".collected-{number}.nq"
    serialize(quads, str(path), format=RdfFormat.N_QUADS)
    return path


class Handover:
    """Writes each batch of quads to an N-Quads file in ``folder`` and hands it to the gap
    child (if any) and the on-disk ``loader`` (see the module)."""

    def __init__(self, folder: Path, gaps: GapChild | None, loader: StoreLoader,
                 dumps: Callable[[Path], None] | None = None) -> None:
        self.folder = folder
        self.gaps = gaps
        self.loader = loader
        #: given each batch's file for the dumps to sort (graph/publish.py), if any
        self.dumps = dumps
        #: the batches' files, in order
        self.files: list[Path] = []

    def batch(self, quads: list[Quad]) -> None:
        """Hand over one batch (for :attr:`FactSink.on_batch`)."""
        self.take(write_batch(quads, self.folder, len(self.files)))

    def take(self, path: Path) -> None:
        """Hand over the batch already written to ``path`` (by :func:`write_batch`, here or
        in the build's sources child: graph/collecting.py)."""
        self.files.append(path)
        if self.gaps is not None:
            self.gaps.hand_batch(path)
        self.loader.add(path)
        if self.dumps is not None:
            self.dumps(path)

    def remove_files(self) -> None:
        """Remove the batches' files (once every reader is done with them)."""
        for path in self.files:
            path.unlink(missing_ok=True)
