"""Python's cycle collector kept off the build's millions of long-lived objects, and the memory
they leave once freed given back to the system.

The build makes objects by the million and keeps nearly all of them: a pyoxigraph term and
quad per fact and the provenance bookkeeping around them (:class:`~sekg.graph.provenance.
FactSink`). CPython's cyclic garbage collector runs whenever allocations outnumber
deallocations by a threshold, and each run of the oldest generation walks every tracked
object, so collecting 100,000 synthetic organisations (3.6M quads) spent a quarter of its
time there: 51.9 s with the collector, 39.4 s without (``/tmp`` script over
``collect_dataset``, 2026-11-27). Nothing it keeps forms a cycle worth looking for.

:func:`collector_paused` turns the collector off while such objects are made and, when they
are made, moves everything alive to the permanent generation (:func:`gc.freeze`) so that the
collector, back on, no longer walks them. Frozen objects are still freed by their reference
count; :func:`collector_thawed` puts them back under the collector when the work is done.

Freed, such objects leave their memory to the process: the C library keeps freed blocks for
later allocations rather than returning them. :func:`release_free_memory` asks glibc to give
its free pages back (``malloc_trim``); elsewhere it does nothing. The gap child calls it once
its analysis is done: at national scale its resident size while the build writes the dumps
fell from 5.1 to 4.0-4.2 GB, and its peak, answering the exports after, from 6.4 to 6.1 GB
(2026-11-27, one run each). In the build process, after the sources, it freed nothing
measurable: what it keeps is scattered over the pages the sources filled, so a large build
reads its sources in a child process that ends instead (graph/collecting.py).

Example
-------
>>> import gc
>>> with collector_paused():
...     gc.isenabled()
False
>>> gc.isenabled(), gc.get_freeze_count() > 0
(True, True)
>>> collector_thawed()
>>> gc.get_freeze_count()
0
"""

from __future__ import annotations

import ctypes
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["collector_paused", "collector_thawed", "release_free_memory"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cycle collector off, then freeze what it left alive and put
    the collector back as it was (also when the block raises)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def collector_thawed() -> None:
    """Put the objects frozen by :func:`collector_paused` back under the collector."""
    gc.unfreeze()


def release_free_memory() -> bool:
    """Return the memory the C library holds free to the system (glibc's ``malloc_trim``);
    True if it could be asked, False where there is no such call (another C library).

    >>> release_free_memory() in (True, False)
    True
    """
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None (looked up among the symbols the process has
    loaded, which include the C library's, rather than by searching for the library file)."""
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # no such function (musl, macOS) or no dlopen
        return None
