"""The cycle collector paused while the build makes its long-lived objects, and freed memory
given back to the system (graph/gcpause.py)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from sekg.graph.build import BuildOptions, build
from sekg.graph.forked import Forked, fork_available
from sekg.graph.gcpause import collector_paused, collector_thawed, release_free_memory


def test_the_collector_comes_back_when_the_block_raises() -> None:
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        assert not gc.isenabled()
        raise ValueError("boom")
    assert gc.isenabled()
    collector_thawed()
    assert gc.get_freeze_count() == 0


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
        collector_thawed()


@pytest.mark.skipif(not fork_available(), reason="no fork here: children are threads")
def test_a_forked_child_runs_without_the_collector_and_the_parent_keeps_it() -> None:
    assert Forked(gc.isenabled).result() is False
    assert gc.isenabled()


def test_a_build_gives_the_collector_back_with_nothing_frozen(tmp_path: Path) -> None:
    build(BuildOptions(out=tmp_path / "var", validate=False, reason=False, analyse=False))
    assert gc.isenabled() and gc.get_freeze_count() == 0


def _resident_bytes() -> int:
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4096


def _in_child_freed_then_released() -> tuple[int, int, bool]:
    """In a fresh process: 200 MB of blocks the C library allocates (over pymalloc's 512
    bytes), all freed but the last (which keeps the heap from shrinking by itself); the
    resident size before and after release_free_memory, and what it returned."""
    blocks = [bytes(1000) + bytes([i % 256]) for i in range(200_000)]
    last = blocks[-1]
    del blocks
    before = _resident_bytes()
    released = release_free_memory()
    after = _resident_bytes()
    assert last  # alive to here
    return before, after, released


@pytest.mark.skipif(not Path("/proc/self/statm").exists() or not fork_available(),
                    reason="needs Linux's /proc and fork to measure a process of its own")
def test_release_gives_the_freed_memory_back_to_the_system() -> None:
    before, after, released = Forked(_in_child_freed_then_released).result()
    if not released:
        pytest.skip("this C library has no malloc_trim (not glibc): nothing to release")
    assert before - after > 150 * 10**6, (before, after)
