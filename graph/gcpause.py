"""Python's cycle collector kept off the build's millions of long-lived objects.

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

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused", "collector_thawed"]


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
