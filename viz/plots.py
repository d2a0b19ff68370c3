"""Heatmaps of the gap analysis: coverage (scope × helix) and the helix mixing matrix.

Builders return matplotlib figures; :func:`write_figure` writes them (PNG and SVG, with fixed
metadata so the files are reproducible).

Example
-------
>>> from sekg.graph.analysis import gap_report
>>> report = gap_report("var")                                   # doctest: +SKIP
>>> paths = write_figure(coverage_heatmap(report), "plots", "coverage-zone-helix")  # doctest: +SKIP
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no screen: render to files only

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from sekg.graph.analysis import GapReport  # noqa: E402

__all__ = ["coverage_heatmap", "figure_svg", "mixing_heatmap", "write_figure",
           "write_gap_plots"]

matplotlib.rcParams["svg.hashsalt"] = "social-economy-kg"


def _short(text: str, width: int = 38) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _heatmap(values: np.ndarray, annotations: list[list[str]], rows: list[str],
             columns: list[str], title: str, colour_label: str) -> Figure:
    height = max(3.0, 0.45 * len(rows) + 1.8)
    width = max(6.0, 1.25 * len(columns) + 3.8)
    fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    limit = max(2.0, float(np.nanmax(np.abs(values))) if values.size else 2.0)
    image = ax.imshow(values, cmap="RdBu", vmin=-limit, vmax=limit, aspect="auto")
    ax.set_xticks(range(len(columns)), [_short(c, 28) for c in columns], rotation=30,
                  ha="right")
    ax.set_yticks(range(len(rows)), [_short(r) for r in rows])
    for i in range(len(rows)):
        for j in range(len(columns)):
            dark = abs(values[i, j]) > 0.6 * limit
            ax.text(j, i, annotations[i][j], ha="center", va="center", fontsize=8,
                    color="white" if dark else "black")
    ax.set_title(title, fontsize=11)
    fig.colorbar(image, ax=ax, label=colour_label, shrink=0.8)
    return fig


def coverage_heatmap(report: GapReport, table: str = "coverage_zone_helix") -> Figure:
    """Observed (expected) actors per scope × helix, coloured by the Pearson residual.

    ``table`` is ``coverage_zone_helix`` or ``coverage_theme_helix``. Blue cells hold more
    actors than independence predicts, red cells fewer; an empty red cell is a gap.
    """
    frame = report.tables[table]
    scopes = list(dict.fromkeys(frame["scope"]))
    helices = list(dict.fromkeys(frame["helix"]))
    values = np.zeros((len(scopes), len(helices)))
    notes = [["" for _ in helices] for _ in scopes]
    for row in frame.itertuples():
        i, j = scopes.index(row.scope), helices.index(row.helix)
        values[i, j] = row.residual
        notes[i][j] = f"{row.observed}\n({row.expected:.1f})"
    what = "zona omogenea" if "zone" in table else "theme / objective"
    return _heatmap(values, notes, [report.labels.get(s, s) for s in scopes],
                    [h.replace("-", " ") for h in helices],
                    f"Actors per {what} and helix: observed (expected)",
                    "Pearson residual (observed - expected) / sqrt(expected)")


def mixing_heatmap(report: GapReport) -> Figure:
    """Ties between helices: observed (expected under random ties), coloured by residual."""
    frame = report.tables["mixing_matrix"]
    helices = list(dict.fromkeys([*frame["first"], *frame["second"]]))
    helices.sort()
    n = len(helices)
    values = np.zeros((n, n))
    notes = [["" for _ in helices] for _ in helices]
    for row in frame.itertuples():
        i, j = helices.index(row.first), helices.index(row.second)
        for a, b in ((i, j), (j, i)):
            values[a, b] = row.residual
            notes[a][b] = f"{row.ties}\n({row.expected:.1f})"
    labels = [h.replace("-", " ") for h in helices]
    return _heatmap(values, notes, labels, labels,
                    "Ties between helices: observed (expected at random)",
                    "Pearson residual")


def write_figure(figure: Figure, folder: str | Path, name: str) -> list[Path]:
    """Write ``figure`` as ``name.png`` and ``name.svg`` in ``folder``; returns the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{name}.png", folder / f"{name}.svg"]
    figure.savefig(paths[0], dpi=150, metadata={"Software": None})
    figure.savefig(paths[1], metadata={"Date": None, "Creator": None})
    plt.close(figure)
    return paths


def figure_svg(figure: Figure) -> str:
    """The figure as an ``<svg>`` element to inline in an HTML page (no XML prolog or DOCTYPE,
    so the page stays self-contained); closes the figure.

    >>> fig, ax = plt.subplots()
    >>> figure_svg(fig).startswith("<svg")
    True
    """
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(figure)
    text = out.getvalue()
    return text[text.index("<svg"):]


def write_gap_plots(report: GapReport, folder: str | Path) -> list[Path]:
    """Every heatmap of a gap report (coverage by zone, by theme when linked, mixing)."""
    paths = write_figure(coverage_heatmap(report), folder, "coverage-zone-helix")
    if report.summary.get("actors_linked_to_themes"):
        paths += write_figure(coverage_heatmap(report, "coverage_theme_helix"), folder,
                              "coverage-theme-helix")
    paths += write_figure(mixing_heatmap(report), folder, "mixing-helix")
    return paths
