"""Coverage of themes and zones by helices: counts, Blau diversity, observed vs expected.

A *cell* is how many actors of a helix are linked to a scope (a plan theme, an objective or a
zona omogenea). Under independence of helix and scope, a cell is expected to hold
``row_total * column_total / grand_total`` actors; :func:`coverage_table` gives both, the
Pearson residual and the probability of seeing at least one actor if actors were spread
independently (``1 - exp(-expected)``, a Poisson approximation), which ranks empty cells.

Examples
--------
>>> counts = {("zone-1", "business"): 3, ("zone-1", "public"): 1, ("zone-2", "public"): 4}
>>> table = coverage_table(counts, ["zone-1", "zone-2"], ["business", "public"])
>>> [(r.scope, r.helix, r.observed, round(r.expected, 2)) for r in table][:2]
[('zone-1', 'business', 3, 1.5), ('zone-1', 'public', 1, 2.5)]
>>> round(blau_index([3, 1]), 3)
0.375

References
----------
Blau, P. M. (1977). *Inequality and Heterogeneity*. Free Press (index of heterogeneity).
Agresti, A. (2013). *Categorical Data Analysis*, 3rd ed., §2.4 (Pearson residuals).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

__all__ = ["Cell", "blau_index", "count_cells", "coverage_table"]


@dataclass(frozen=True)
class Cell:
    """One scope × helix cell of a coverage table."""

    scope: str
    helix: str
    observed: int
    expected: float
    residual: float
    p_at_least_one: float
    scope_total: int
    helix_total: int


def blau_index(counts: Iterable[int]) -> float:
    """Blau's heterogeneity ``1 - Σ p_i²`` of category counts (0 = one category only).

    Parameters
    ----------
    counts : iterable of int
        Actors per category (helix).

    Returns
    -------
    float
        0.0 for no actors or one category; at most ``1 - 1/k`` for ``k`` equal categories.

    Examples
    --------
    >>> blau_index([2, 2]), blau_index([5]), blau_index([])
    (0.5, 0.0, 0.0)
    """
    values = [c for c in counts if c > 0]
    total = sum(values)
    if total == 0:
        return 0.0
    return 1.0 - sum((c / total) ** 2 for c in values)


def count_cells(memberships: Iterable[tuple[str, str, str]]) -> Counter[tuple[str, str]]:
    """Count distinct actors per (scope, helix) from ``(actor, scope, helix)`` triples.

    Examples
    --------
    >>> count_cells([("a", "z1", "h"), ("a", "z1", "h"), ("b", "z1", "h")])
    Counter({('z1', 'h'): 2})
    """
    seen = {(actor, scope, helix) for actor, scope, helix in memberships}
    return Counter((scope, helix) for _, scope, helix in seen)


def coverage_table(counts: Mapping[tuple[str, str], int], scopes: Sequence[str],
                   helices: Sequence[str]) -> list[Cell]:
    """Every scope × helix cell with its observed and expected count.

    Parameters
    ----------
    counts : mapping (scope, helix) -> int
        Observed actors per cell; missing cells are 0.
    scopes, helices : sequences of str
        All scopes and helices to report, empty ones included, in report order.

    Returns
    -------
    list of Cell
        ``expected = scope_total * helix_total / grand_total`` (0 when nothing is observed);
        ``residual = (observed - expected) / sqrt(expected)``; ``p_at_least_one =
        1 - exp(-expected)``.
    """
    scope_total = {s: sum(counts.get((s, h), 0) for h in helices) for s in scopes}
    helix_total = {h: sum(counts.get((s, h), 0) for s in scopes) for h in helices}
    grand = sum(scope_total.values())
    cells = []
    for scope in scopes:
        for helix in helices:
            observed = counts.get((scope, helix), 0)
            expected = scope_total[scope] * helix_total[helix] / grand if grand else 0.0
            residual = (observed - expected) / math.sqrt(expected) if expected > 0 else 0.0
            cells.append(Cell(scope, helix, observed, expected, residual,
                              1.0 - math.exp(-expected), scope_total[scope], helix_total[helix]))
    return cells
