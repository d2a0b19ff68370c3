"""Network analysis of the graph: projections (named queries) -> networkx -> partnership gaps.

The few names other layers use::

    from sekg.graph.analysis import gap_report
    report = gap_report("var")            # a GapReport: findings, tables (DataFrames), limits
    report.findings_frame()               # a DataFrame, one row per finding
"""

from __future__ import annotations

from sekg.graph.analysis.gaps import AnalysisOptions, GapReport, analyse
from sekg.graph.analysis.projection import DECLARED, INDUCED, Projections, load_projections
from sekg.graph.analysis.report import FORMATS, render
from sekg.graph.questions import StoreLike, resolve_store

__all__ = ["DECLARED", "FORMATS", "INDUCED", "AnalysisOptions", "GapReport", "Projections",
           "analyse", "gap_report", "load_projections", "render"]


def gap_report(store: StoreLike = None, options: AnalysisOptions | None = None) -> GapReport:
    """Load the projections from ``store`` (a build folder, a SPARQL URL, a store, or None for
    ``$SEKG_OUT``/``var``) and run every gap analysis.

    Example
    -------
    >>> gap_report("var").findings_frame().head()      # doctest: +SKIP
    """
    return analyse(load_projections(resolve_store(store)), options)
