"""The cycle collector paused while the build makes its long-lived objects (graph/gcpause.py)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from sekg.graph.build import BuildOptions, build
from sekg.graph.forked import Forked, fork_available
from sekg.graph.gcpause import collector_paused, collector_thawed


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
