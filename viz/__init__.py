"""Views of the graph: pyvis network views of the ecosystem and its gaps, rendered as
self-contained HTML pages, and matplotlib heatmaps of the gap analysis.

The few names other layers use::

    from sekg.viz import ViewOptions, build_view, load_vocabulary, render_page, gap_plots
    view = build_view("ecosystem", projections, report, ViewOptions(lang="it"), words)
    html = render_page(view, gap_plots(report, "it"))
"""

from __future__ import annotations

from sekg.viz.links import Links
from sekg.viz.page import Plot, gap_plots, render_page, write_page
from sekg.viz.views import CENTRALITIES, GROUPINGS, VIEWS, View, ViewOptions, build_view
from sekg.viz.vocab import LANGUAGES, Vocabulary, load_vocabulary

__all__ = ["CENTRALITIES", "GROUPINGS", "LANGUAGES", "VIEWS", "Links", "Plot", "View",
           "ViewOptions", "Vocabulary", "build_view", "gap_plots", "load_vocabulary",
           "render_page", "write_page"]
