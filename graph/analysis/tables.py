"""The gap analysis's tables, turned into pandas DataFrames only when someone reads them.

The analysis writes a dozen tables (coverage, mixing, brokers, ...) that notebooks and the web
views read as DataFrames, while ``sekg build`` only needs the findings. Keeping the rows and
building each DataFrame on first access spares the build importing pandas (≈0.5 s of its
critical path on the Turin graph) and making frames nobody reads.

Example
-------
>>> tables = LazyTables()
>>> tables.add("ei_by_helix", [{"helix": "business", "ei_index": 0.5}])
>>> list(tables)
['ei_by_helix']
>>> tables["ei_by_helix"].to_dict("records")
[{'helix': 'business', 'ei_index': 0.5}]
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["LazyTables"]


class LazyTables(Mapping[str, "pd.DataFrame"]):
    """A read-only mapping of table name to DataFrame, each built from its rows when first read
    (``pandas.DataFrame(rows, columns=columns)``) and kept."""

    def __init__(self) -> None:
        self._rows: dict[str, tuple[Sequence[Any], list[str] | None]] = {}
        self._frames: dict[str, pd.DataFrame] = {}

    def add(self, name: str, rows: Sequence[Any], columns: list[str] | None = None) -> None:
        """Record a table: its rows (dicts or sequences) and, optionally, its column names."""
        self._rows[name] = (rows, columns)
        self._frames.pop(name, None)

    def __getitem__(self, name: str) -> pd.DataFrame:
        frame = self._frames.get(name)
        if frame is None:
            import pandas as pd

            rows, columns = self._rows[name]
            frame = self._frames[name] = pd.DataFrame(rows, columns=columns)
        return frame

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)
