"""Query processes that can be abandoned: the only way to stop a runaway SPARQL query.

pyoxigraph cannot cancel a running query, and a thread cannot be killed, so every query runs
in one of a few worker processes, each with the store open read-only. A query that has not
answered within the timeout gets its process killed (SIGKILL) and replaced: the CPU it was
burning is really given back. The replacement serves once it has opened the store. While
every process is busy, a request waits for one, and that wait counts towards its timeout too.

Example
-------
>>> import asyncio
>>> from sekg.api.execute import QueryTask
>>> async def demo(location):                                    # doctest: +SKIP
...     pool = QueryPool(location, size=1, timeout=5)
...     await pool.start()
...     out = await pool.run(QueryTask("ASK {}"))
...     await pool.close()
...     return out.boolean
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from sekg.api.execute import QueryFailed, QueryOutcome, QueryTask, execute

__all__ = ["QueryPool", "QueryTimeout"]

log = logging.getLogger(__name__)
_CONTEXT = multiprocessing.get_context("spawn")   # no fork of a threaded server
_READY = "ready"                                   # a process's first message: store open


class QueryTimeout(QueryFailed):
    """A query did not answer within the time limit (its process was killed)."""


def _worker_main(conn: Connection, location: str, in_memory: bool | None = None) -> None:
    """Loop of one query process: receive a task, send back an outcome or the failure."""
    from sekg.graph.store import open_store

    store = open_store(location, in_memory=in_memory)
    conn.send(_READY)
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        try:
            reply: Any = execute(store, task)
        except QueryFailed as exc:
            reply = exc
        except Exception as exc:  # noqa: BLE001 - reported to the parent, logged there
            reply = RuntimeError(f"{type(exc).__name__}: {exc}")
        conn.send(reply)


@dataclass
class _Worker:
    process: Any
    conn: Connection
    ready: bool = False

    @classmethod
    def spawn(cls, location: str, in_memory: bool | None = None) -> _Worker:
        parent, child = _CONTEXT.Pipe()
        process = _CONTEXT.Process(target=_worker_main, args=(child, location, in_memory),
                                   daemon=True, name="sekg-query")
        process.start()
        child.close()
        return cls(process, parent)

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


def _wake(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


class QueryPool:
    """``size`` query processes over the store at ``location`` (folder or SPARQL URL), each on
    a copy in memory or on disk as ``in_memory`` says (see ``EmbeddedStore.open``)."""

    #: seconds a process may take to open the store; a copy of a national graph in memory
    #: (``in_memory=True``) takes minutes, so it gets ``OPEN_SECONDS_IN_MEMORY``
    OPEN_SECONDS = 120.0
    OPEN_SECONDS_IN_MEMORY = 900.0

    def __init__(self, location: str | Path, size: int = 2, timeout: float = 10.0,
                 in_memory: bool | None = None) -> None:
        self.location = str(location)
        self.in_memory = in_memory
        self._open_seconds = self.OPEN_SECONDS_IN_MEMORY if in_memory else self.OPEN_SECONDS
        self.size = size
        self.timeout = timeout
        self.killed = 0
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: list[_Worker] = []
        self._admissions: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        """Start the processes and check that one of them can open the store."""
        from sekg.graph.store import open_store

        open_store(self.location, in_memory=False)    # a missing build fails here, with its hint
        self._idle = asyncio.Queue()
        for _ in range(self.size):
            self._all.append(_Worker.spawn(self.location, self.in_memory))
        # serve only once every process has the store open (imports take a second or two)
        for worker in self._all:
            await asyncio.wait_for(self._receive(worker, until_ready=True),
                                   self._open_seconds)
            self._idle.put_nowait(worker)

    async def _receive(self, worker: _Worker, until_ready: bool = False) -> Any:
        """The next message of ``worker`` other than its ready signal (or that signal, with
        ``until_ready``), awaited without blocking the event loop."""
        loop = asyncio.get_running_loop()
        fd = worker.conn.fileno()
        while True:
            readable: asyncio.Future[None] = loop.create_future()
            loop.add_reader(fd, _wake, readable)
            try:
                await readable
            finally:
                loop.remove_reader(fd)
            message = worker.conn.recv()
            if worker.ready or message != _READY:
                return message
            worker.ready = True
            if until_ready:
                return message

    async def close(self) -> None:
        """Stop every process."""
        for admission in list(self._admissions):
            admission.cancel()
        for worker in self._all:
            worker.kill()
        self._all.clear()

    @property
    def pids(self) -> list[int]:
        """Process ids of the query processes (for tests and monitoring)."""
        return [w.process.pid for w in self._all]

    async def run(self, task: QueryTask, timeout: float | None = None) -> QueryOutcome:
        """Run ``task`` in a free process; kill it if it does not answer within the timeout."""
        if self._idle is None:
            raise RuntimeError("the query pool is not started")
        limit = self.timeout if timeout is None else timeout
        started = time.monotonic()
        try:
            worker = await asyncio.wait_for(self._idle.get(), limit)
        except TimeoutError:
            raise QueryTimeout(
                f"every query process stayed busy for {limit:g} s: the server is overloaded, "
                "try again later", status=503) from None
        remaining = max(0.001, limit - (time.monotonic() - started))
        try:
            worker.conn.send(task)
            reply = await asyncio.wait_for(self._receive(worker), remaining)
        except (TimeoutError, EOFError, OSError) as exc:
            self._replace(worker)
            if isinstance(exc, TimeoutError):
                raise QueryTimeout(
                    f"the query ran longer than {limit:g} s, this server's time limit, and "
                    "was stopped: make it more selective (LIMIT, fewer patterns), or "
                    "download the dataset from /dumps/ and query it locally",
                    status=503) from None
            raise RuntimeError(f"query process died: {exc}") from None
        except BaseException:
            # the request was cancelled (client gone) while the query ran: same as a timeout
            self._replace(worker)
            raise
        self._idle.put_nowait(worker)
        if isinstance(reply, BaseException):
            raise reply
        return reply

    def _replace(self, worker: _Worker) -> None:
        """Kill a process whose query is abandoned and start a fresh one in its place."""
        self.killed += 1
        log.warning("killing query process %s (query abandoned)", worker.process.pid)
        worker.kill()
        fresh = _Worker.spawn(self.location, self.in_memory)
        self._all = [fresh if w is worker else w for w in self._all]
        # it joins the idle ones once its store is open: its start-up (a second or two, more
        # on a loaded machine) must not count against the next query's time limit
        admission = asyncio.get_running_loop().create_task(self._admit(fresh))
        self._admissions.add(admission)
        admission.add_done_callback(self._admissions.discard)

    async def _admit(self, worker: _Worker) -> None:
        try:
            await asyncio.wait_for(self._receive(worker, until_ready=True),
                                   self._open_seconds)
        except (TimeoutError, EOFError, OSError) as exc:
            log.error("a query process could not open the store (%s); serving with fewer", exc)
            worker.kill()
            return
        assert self._idle is not None
        self._idle.put_nowait(worker)
