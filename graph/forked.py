"""Run a function in a forked child process and collect its result later.

The build runs SHACL validation and HermiT beside its own work. Threads would share the GIL
with it: owlready2's thousands of SQLite calls and pySHACL's Python parts then wait for the
main thread at every step (measured: HermiT's 0.15 s of Python took 0.7 s in a thread). A
forked child has its own interpreter, sees the parent's data as it was at the fork without
copying or pickling it, and sends back only its (small) result. Where processes cannot fork
(Windows), the function runs in a thread instead.

Example
-------
>>> child = Forked(sum, [1, 2, 3])
>>> child.result()
6
>>> Forked(int, "x").result()
Traceback (most recent call last):
ValueError: invalid literal for int() with base 10: 'x'
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import time
import weakref
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

from sekg.ontology.errors import SekgError

__all__ = ["Forked", "Handed", "fork_available", "keep_from_children"]

T = TypeVar("T")

#: the pipe ends this process keeps for itself; a child forked later closes its copies
#: (see :func:`keep_from_children`)
_PARENT_ENDS: weakref.WeakSet[Connection] = weakref.WeakSet()


def keep_from_children(*ends: Connection) -> None:
    """Have every child forked from now on close its copies of ``ends`` first, unless it is
    given one as an argument.

    A forked child inherits every descriptor of its parent. Were it to keep a copy of the
    reading end of the pipe it answers on, its parent's death (or a cancel that closed that
    end) would leave its send() blocked for ever once the pipe is full (64 KiB), instead of
    failing with EPIPE; were it to keep the writing end of another child's pipe, that child
    would wait for ever for data from a dead parent. Only the parent's own ends are
    registered: a child given one as an argument keeps it.
    """
    _PARENT_ENDS.update(ends)


class Forked(Generic[T]):
    """``function(*args)`` running in a forked child; :meth:`result` waits for it.

    The child's exception is raised again in the parent (a SekgError keeps its file, line and
    hint); :meth:`cancel` stops a child whose result is no longer wanted. ``seconds`` is the
    child's own wall time, measured in the child from its start to its answer. ``nice`` lowers
    the child's scheduling priority by that much (``os.nice``), so that on a busy machine the
    work that is not on the critical path yields its core to the work that is; it changes no
    answer (a thread, where processes cannot fork, ignores it).
    """

    def __init__(self, function: Callable[..., T], *args: Any, label: str | None = None,
                 nice: int = 0) -> None:
        #: what the child does, for messages ("SHACL validation"); the function's name if unsaid
        self._name = label or getattr(function, "__name__", "a child process")
        self._outcome: tuple[bool, Any] | None = None
        self.seconds = 0.0
        self._started = time.perf_counter()
        self._thread: Future[T] | None = None
        if not fork_available():  # Windows: a thread, slower but the same answers
            pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sekg")
            self._thread = pool.submit(function, *args)
            pool.shutdown(wait=False)  # the thread ends with its task
            return
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        keep_from_children(self._receive)  # this child's too: see keep_from_children
        self._process = context.Process(target=_run, args=(send, function, args, nice), daemon=True,
                                        name=f"sekg {self._name}")
        self._process.start()
        try:
            # the child calls setpgid too; doing it on both sides (the usual idiom) means the
            # group exists once start() returns, so a cancel() right away cannot miss it
            with contextlib.suppress(OSError):  # the child may be gone already
                os.setpgid(self._process.pid, self._process.pid)  # type: ignore[arg-type]
        finally:
            send.close()

    @property
    def pid(self) -> int | None:
        """The child's process id; None where it runs as a thread."""
        return None if self._thread is not None else self._process.pid

    def result(self) -> T:
        """The function's return value, or its exception raised here."""
        if self._thread is not None:
            answer = self._thread.result()
            self.seconds = self.seconds or time.perf_counter() - self._started
            return answer
        if self._outcome is None:
            try:
                *outcome, self.seconds = self._receive.recv()
                self._outcome = (outcome[0], outcome[1])
            except EOFError:
                self._process.join()
                raise SekgError(f"{self._name} stopped without an answer (exit code "
                                f"{self._process.exitcode})",
                                hint="it may have run out of memory or been killed; "
                                     "`sekg --debug build` shows the log") from None
            finally:
                self._receive.close()
            self._process.join()
        ok, value = self._outcome
        if ok:
            return value
        raise value

    def done(self) -> bool:
        """Whether the answer is in (or the child is gone)."""
        if self._thread is not None:
            return self._thread.done()
        return self._outcome is not None or self._receive.closed \
            or not self._process.is_alive() or self._receive.poll()

    def cancel(self) -> None:
        """Stop the child if it still runs, with its own children (e.g. HermiT's JVM): the
        child leads its own process group. A thread (no fork) cannot be stopped: it is left to
        finish and its answer dropped.

        When this returns, the child is gone and reaped, and so is what it started (if it kept
        to its process group); calling it again, or after :meth:`result`, does nothing."""
        if self._thread is not None:
            self._thread.cancel()
            return
        # a child blocked sending an answer nobody reads now fails at once (EPIPE)
        self._receive.close()
        if self._process.exitcode is None:  # not reaped yet, so its pid is still its own
            _signal(self._process.pid, signal.SIGTERM)
            self._process.join(_TERM_SECONDS)
            if self._process.exitcode is None:
                _signal(self._process.pid, signal.SIGKILL)
        self._process.join()


#: how long cancel() waits for a child to end on SIGTERM before it sends SIGKILL
_TERM_SECONDS = 5.0


def _signal(pid: int | None, signum: int) -> None:
    """Send ``signum`` to the process group ``pid`` leads and to ``pid`` itself (in case it
    had no group of its own yet); either may be gone already."""
    if pid is None:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signum)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, signum)


def lower_priority(pid: int, nice: int) -> None:
    """Lower the priority of the process ``pid`` (on Linux also a thread's native id: a
    thread's niceness is its own) by ``nice``; nothing if it has ended already.

    >>> lower_priority(os.getpid(), 0)
    """
    if nice:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.setpriority(os.PRIO_PROCESS, pid, os.getpriority(os.PRIO_PROCESS, pid) + nice)


def fork_available() -> bool:
    """Whether this platform forks processes (every POSIX system; not Windows)."""
    return "fork" in multiprocessing.get_all_start_methods()


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _run(send: Connection, function: Callable[..., object], args: tuple[object, ...],
         nice: int = 0) -> None:
    started = time.perf_counter()
    # cancel()'s SIGTERM unwinds the function, so that what it started is waited for (e.g.
    # subprocess.run kills and reaps HermiT's JVM) rather than left to init as a zombie; set
    # first, as cancel() may come right after the start
    signal.signal(signal.SIGTERM, _stop)
    os.setpgid(0, 0)  # a group of its own, so that cancel() stops its children too
    for end in list(_PARENT_ENDS):
        if not end.closed and not any(end is arg for arg in args):
            end.close()
    if nice:
        os.nice(nice)
    # a child does one job and exits: cyclic garbage, if any, goes with it, and the
    # collector's walks over its millions of objects (the gap child's store answers and
    # projections) would only cost time (graph/gcpause.py)
    gc.disable()
    try:
        outcome: tuple[bool, object] = (True, function(*args))
    except BaseException as exc:  # noqa: BLE001 - handed to the parent, which raises it
        outcome = (False, exc)
    # its own time: sending may wait for the parent to read (a pipe holds 64 KiB)
    seconds = time.perf_counter() - started
    try:
        send.send((*outcome, seconds))
    except OSError:  # the parent no longer listens (it cancelled): nobody to tell
        pass
    except Exception as exc:  # an unpicklable result or exception: say what it was
        send.send((False, SekgError(f"{type(outcome[1]).__name__} from a child process "
                                    f"could not be sent back: {exc}"), seconds))
    finally:
        send.close()


class Handed(Generic[T]):
    """A :class:`Forked` child started before its input exists: ``function(receive, forked,
    *args)`` gets the reading end of a pipe, on which :meth:`hand` sends it its input later,
    and whether it runs in a process of its own (else a thread, where processes cannot fork).

    The child can prepare meanwhile (import, start a JVM) on a core the parent leaves idle.
    A forked child closes its copy of the writing end (and so do the children forked after
    it), so that it sees the end of the pipe if this process dies before handing it the data.

    >>> def double(receive, forked):
    ...     return 2 * receive.recv()
    >>> child = Handed(double)
    >>> child.hand(21)
    >>> child.result()
    42
    """

    def __init__(self, function: Callable[..., T], *args: Any, label: str | None = None,
                 nice: int = 0) -> None:
        self._receive, self._send = multiprocessing.Pipe(duplex=False)
        keep_from_children(self._receive, self._send)
        self._child = Forked(function, self._receive, fork_available(), *args, label=label,
                             nice=nice)

    @property
    def pid(self) -> int | None:
        """The child's process id; None where it runs as a thread."""
        return self._child.pid

    @property
    def seconds(self) -> float:
        """The child's own wall time, from its start to its answer (0 until answered)."""
        return self._child.seconds

    def hand(self, value: object) -> None:
        """Send the child its input (picklable; best small: a file name)."""
        self._send.send(value)

    def result(self) -> T:
        """The function's return value, or its exception raised here."""
        return self._child.result()

    def cancel(self) -> None:
        """Stop the child if it still runs (see :meth:`Forked.cancel`) and close the pipe."""
        self._child.cancel()
        self._receive.close()
        self._send.close()
