"""Read curated CSV files with their line numbers, checking the header first.

Example
-------
>>> import io
>>> rows = read_rows(io.StringIO("a,b\\n1,2\\n"), "demo.csv", required=("a", "b"))
>>> rows[0].line, rows[0]["b"]
(2, '2')
>>> rows[0].where
'demo.csv:2'
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from sekg.ontology.errors import SourceError

__all__ = ["Row", "check_unique", "iter_rows", "parse_date", "read_rows", "unique_rows"]


@dataclass(frozen=True)
class Row:
    """One data row of a CSV file: its cells by column name and its line number."""

    file: str
    line: int
    cells: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells.get(column, "") or ""

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    def error(self, message: str, hint: str | None = None) -> SourceError:
        return SourceError(message, file=self.file, line=self.line, hint=hint)

    def codes(self, column: str) -> list[str]:
        """The ``;``-separated values of a cell, stripped, without empties."""
        return [part.strip() for part in self[column].split(";") if part.strip()]


def read_rows(stream: IO[str], file: str, required: Iterable[str]) -> list[Row]:
    """Parse ``stream`` as CSV; raise :class:`SourceError` naming the file and line on trouble.

    The header must contain every ``required`` column; a row with more cells than the header
    is an error (a stray comma), as is a CSV syntax error.
    """
    return list(iter_rows(stream, file, required))


def iter_rows(stream: IO[str], file: str, required: Iterable[str]) -> Iterator[Row]:
    """The rows of :func:`read_rows` as they are read (the header checked at once), for a
    file of 400,000 rows whose facts the build hands on while it reads.

    >>> import io
    >>> iter_rows(io.StringIO("a\\n1\\n"), "demo.csv", required=("b",))
    Traceback (most recent call last):
    ...
    sekg.ontology.errors.SourceError: demo.csv:1: missing column(s): b ...
    """
    reader = csv.reader(stream)
    try:
        header = next(reader)
    except StopIteration:
        raise SourceError("the file is empty", file=file, line=1,
                          hint="restore its header line") from None
    except csv.Error as exc:
        raise SourceError(f"CSV syntax error: {exc}", file=file, line=1) from None
    header = [h.strip() for h in header]
    missing = [c for c in required if c not in header]
    if missing:
        raise SourceError(
            f"missing column(s): {', '.join(missing)}", file=file, line=1,
            hint=f"the header must list: {', '.join(required)}",
        )
    return _rows(reader, file, header)


def _rows(reader: Any, file: str, header: list[str]) -> Iterator[Row]:
    try:
        for cells in reader:
            line = reader.line_num
            if not "".join(cells).strip():  # no cell but blanks (one join, not a strip each)
                continue
            if len(cells) > len(header):
                raise SourceError(
                    f"{len(cells)} cells but the header has {len(header)} columns",
                    file=file, line=line, hint="quote values that contain commas",
                )
            yield Row(file, line, dict(zip(header, cells, strict=False)))
    except csv.Error as exc:
        raise SourceError(f"CSV syntax error: {exc}", file=file, line=reader.line_num) from None


def check_unique(rows: Iterable[Row], column: str) -> dict[str, Row]:
    """Raise :class:`SourceError` on the second row that repeats a value of ``column``;
    return each value's row."""
    seen: dict[str, Row] = {}
    for _ in unique_rows(rows, column, seen):
        pass
    return seen


def unique_rows(rows: Iterable[Row], column: str, seen: dict[str, Row]) -> Iterator[Row]:
    """``rows`` as they come, each checked as :func:`check_unique` does against the values
    in ``seen`` (value -> its row) and those before it, which it adds there.

    >>> import io
    >>> rows = read_rows(io.StringIO("k\\na\\nb\\n"), "demo.csv", required=("k",))
    >>> [row["k"] for row in unique_rows(rows, "k", {})]
    ['a', 'b']
    """
    for row in rows:
        value = row[column].strip()
        if value:
            if value in seen:
                raise row.error(
                    f"duplicate {column} '{value}' (first at line {seen[value].line})",
                    hint=f"every {column} must be unique",
                )
            seen[value] = row
        yield row


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(text: str, row: Row, column: str) -> dt.date:
    """Parse an ISO date (YYYY-MM-DD) from a cell, or raise a :class:`SourceError`."""
    try:
        if not _DATE.match(text):
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise row.error(f"malformed date '{text}' in column {column}",
                        hint="write dates as YYYY-MM-DD, e.g. 2024-12-05") from None
