"""The analysis's tables become DataFrames when read, so the build never imports pandas."""

from __future__ import annotations

import subprocess
import sys

from sekg.graph.analysis.tables import LazyTables


def test_a_table_is_built_once_from_its_rows_and_columns() -> None:
    tables = LazyTables()
    tables.add("brokers", [("a", 2), ("b", 1)], columns=["actor", "degree"])
    tables.add("empty", [], columns=["actor"])
    assert list(tables) == ["brokers", "empty"] and len(tables) == 2
    frame = tables["brokers"]
    assert frame.to_dict("records") == [{"actor": "a", "degree": 2}, {"actor": "b", "degree": 1}]
    assert tables["brokers"] is frame
    assert list(tables["empty"].columns) == ["actor"] and tables["empty"].empty
    assert "missing" not in tables


def test_the_build_and_the_analysis_import_no_pandas() -> None:
    """Importing pandas cost ≈0.5 s of the Turin build's critical path; only readers of the
    tables (notebooks, web views, reports) pay for it."""
    code = ("import sys; from sekg.graph.build import BuildOptions, collect_dataset; "
            "from sekg.graph.gap_child import add_gap_analysis; "
            "from sekg.graph.store import EmbeddedStore; "
            "sink, _ = collect_dataset(BuildOptions()); "
            "print(add_gap_analysis(sink, EmbeddedStore.from_quads(sink.quads)) > 0, "
            "'pandas' in sys.modules)")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True)
    assert found.stdout.split() == ["True", "False"], found.stderr
