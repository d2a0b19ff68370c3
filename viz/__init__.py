"""Views of the graph: matplotlib heatmaps of the gap analysis (pyvis network views follow)."""

from __future__ import annotations

__all__: list[str] = []
