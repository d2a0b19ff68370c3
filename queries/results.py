"""Query results as a small table, and its renderings: CSV, JSON, Markdown, DataFrame.

Example
-------
>>> t = Table(["helix", "n"], [["finance", "8"], ["business", "19"]])
>>> print(t.to_markdown())
| helix | n |
|---|---|
| finance | 8 |
| business | 19 |
>>> t.to_records()[0]
{'helix': 'finance', 'n': '8'}
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

__all__ = ["FORMATS", "Table"]

FORMATS = ("table", "csv", "json", "md")


@dataclass
class Table:
    """Column names and rows of lexical values ('' for unbound)."""

    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)

    def to_records(self) -> list[dict[str, str]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows(self.rows)
        return out.getvalue()

    def to_json(self) -> str:
        return json.dumps({"columns": self.columns, "rows": self.to_records()},
                          ensure_ascii=False, indent=1)

    def to_markdown(self) -> str:
        def cell(text: str) -> str:
            return text.replace("|", "\\|").replace("\n", " ")

        lines = ["| " + " | ".join(self.columns) + " |",
                 "|" + "---|" * len(self.columns)]
        lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in self.rows]
        return "\n".join(lines)

    def to_pandas(self) -> Any:
        """A pandas DataFrame of the table (all columns as strings)."""
        import pandas as pd

        return pd.DataFrame(self.rows, columns=self.columns)
