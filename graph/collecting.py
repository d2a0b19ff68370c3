"""Reading a large build's sources in a child process that ends once they are read.

Reading the sources makes millions of Python objects: a term and a quad per fact, and the
provenance bookkeeping around them (:class:`~sekg.graph.provenance.FactSink`). Most of them are
handed over and freed long before the build ends, but the memory they took stays with the
process: freed blocks are kept for later allocations, and the few long-lived objects (the
records, the VoID tally) are spread over the pages they filled. At national scale the build
process held ≈4 GB from the end of the sources to the end of the build, while its gap child's
in-memory store grew to 6 GB beside it.

So a large build reads its sources in a child forked for that (:class:`CollectingChild`), which
sends, as they come, the stages it enters (for the progress display) and the names of the
batch files it writes (for :class:`~sekg.graph.handover.Handover` to hand over to the gap
child and the on-disk store, in this process), then returns the sealed sink — a fraction of
what it held — pickled, and exits: the system gets back all of its memory. A source error
raised in the child is raised again here with its file, line and hint; a failed or
interrupted build stops the child.

Example
-------
>>> def count_to(relay, n):
...     for i in range(n):
...         relay.send(("stage", f"step {i}"))
...     return n
>>> stages = []
>>> CollectingChild(count_to, 2).run(stages.append, print)
2
>>> stages
['step 0', 'step 1']
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Generic, TypeVar

from sekg.graph.forked import Forked, keep_from_children

__all__ = ["CollectingChild"]

T = TypeVar("T")


def _relaying(function: Callable[..., T], relay: Connection, *args: Any) -> T:
    """The child: ``function(relay, *args)``, the relay closed after (its end tells the
    parent to stop listening, also where the child is a thread and does not exit)."""
    try:
        return function(relay, *args)
    finally:
        relay.close()


class CollectingChild(Generic[T]):
    """``function(relay, *args)`` in a forked child, which sends ``("stage", name)`` and
    ``("batch", path)`` messages on ``relay`` and returns its (picklable) result."""

    def __init__(self, function: Callable[..., T], *args: Any,
                 label: str = "reading the sources") -> None:
        self._receive, send = multiprocessing.Pipe(duplex=False)
        # the child keeps its writing end (an argument), closes its copy of the reading one
        keep_from_children(self._receive, send)
        self._child: Forked[T] = Forked(_relaying, function, send, *args, label=label)
        send.close()  # the child's copy is the only one: its end is the relay's end

    def run(self, on_stage: Callable[[str], None], on_batch: Callable[[Path], None]) -> T:
        """Pass on the child's messages until it is done, then return its result (or raise
        its error); interrupted or failed here, stop the child."""
        try:
            while True:
                try:
                    kind, value = self._receive.recv()
                except EOFError:  # the child closed the relay: done, or failed
                    break
                if kind == "stage":
                    on_stage(value)
                else:
                    on_batch(Path(value))
            return self._child.result()
        except BaseException:
            self._child.cancel()
            raise
        finally:
            self._receive.close()
