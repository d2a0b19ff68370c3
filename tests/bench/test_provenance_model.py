"""The grouped-provenance count (bench/provenance_model.py) on the built Turin graph."""

from __future__ import annotations

import doctest
from pathlib import Path

from bench import provenance_model
from sekg.graph.build import BuildReport


def test_the_docstring_example_runs() -> None:
    assert doctest.testmod(provenance_model).failed == 0


def test_the_turin_counts_add_up(built: tuple[Path, BuildReport]) -> None:
    out, report = built
    found = provenance_model.count(out / "dumps" / "dataset.nq")
    assert found.quads == sum(report.quads_by_graph.values())
    # five quads per reified fact, one more per further record
    assert found.reification_quads >= 5 * found.statements
    assert found.pairs <= found.statements and found.ambiguous_facts <= found.statements
    assert 0 < found.grouped_total < found.quads
    assert found.grouped_quads >= 4 * found.provenance_nodes
