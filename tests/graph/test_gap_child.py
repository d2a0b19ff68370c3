"""The gap analysis in a child forked before its data exists: the same facts, in the same
order, as the analysis run in the build's own process; a child never handed its data is
stopped by cancel()."""

from __future__ import annotations

import os
from pathlib import Path

from pyoxigraph import RdfFormat, serialize

from sekg.graph.build import BuildOptions, collect_dataset
from sekg.graph.gap_child import GapChild, add_gap_analysis
from sekg.graph.store import EmbeddedStore
from tests.processes import PPID, running, with_field


def test_the_child_adds_what_the_analysis_adds_here(tmp_path: Path) -> None:
    options = BuildOptions()
    child = GapChild(options.minter)
    try:
        here, _ = collect_dataset(options)
        there, _ = collect_dataset(options)
        expected = add_gap_analysis(here, EmbeddedStore.from_quads(here.quads))
        handed = tmp_path / "quads.nq"
        serialize(there.quads, str(handed), format=RdfFormat.N_QUADS)
        child.hand(handed)
        assert child.add_to(there) == expected > 0
        assert there.quads == here.quads          # same facts, same order, same provenance
        assert child.seconds > 0
    finally:
        child.cancel()


def test_a_child_never_handed_its_data_is_stopped() -> None:
    before = with_field(PPID, os.getpid())
    child = GapChild(BuildOptions().minter)
    (pid,) = with_field(PPID, os.getpid()) - before
    assert running(pid)
    child.cancel()
    assert not running(pid) and with_field(PPID, os.getpid()) == before
