"""How the network views encode meaning — colour = helix, shape = social-economy family, size =
centrality, edge style = kind of tie — and the legend that says so (vis-network has none).

Example
-------
>>> helix_colour("finance"), family_shape("cooperative")
('#8c564b', 'triangle')
>>> node_size(0.0, 1.0), node_size(1.0, 1.0)
(8.0, 36.0)
>>> legend = Legend(title="Legend")
>>> legend.add("Helix", "Finance", colour=helix_colour("finance"))
>>> [(e.section, e.label) for e in legend.entries]
[('Helix', 'Finance')]
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

__all__ = ["EDGE_STYLES", "HELIX_COLOURS", "FAMILY_SHAPES", "Legend", "LegendEntry",
           "family_shape", "helix_colour", "node_size"]

#: helix code -> colour (Okabe-Ito palette, readable by colour-blind people; red is kept for gaps)
HELIX_COLOURS = {
    "public-administration": "#0072B2",
    "third-sector-civil-society": "#009E73",
    "business": "#E69F00",
    "knowledge-education": "#CC79A7",
    "finance": "#8c564b",
    "representation": "#56B4E9",
    "unknown": "#9e9e9e",
}

#: family code -> vis-network shape (all draw the label below the shape)
FAMILY_SHAPES = {
    "cooperative": "triangle",
    "mutual": "star",
    "association": "square",
    "foundation": "diamond",
    "social-enterprise": "hexagon",
    "outside-social-economy": "dot",
    "unknown": "triangleDown",
}

#: edge style name -> vis-network edge options
EDGE_STYLES: dict[str, dict[str, object]] = {
    "tie": {"color": {"color": "#7a7a7a", "highlight": "#222222"}, "dashes": False},
    "context": {"color": {"color": "#c8c8c8", "highlight": "#888888"}, "dashes": [2, 4]},
    "missing": {"color": {"color": "#d62728", "highlight": "#a00000"}, "dashes": [10, 6]},
    "weak": {"color": {"color": "#ff9f1c", "highlight": "#c06000"}, "dashes": [6, 6]},
    "suggested": {"color": {"color": "#2ca02c", "highlight": "#126012"}, "dashes": [4, 4]},
    "member": {"color": {"color": "#bdbdbd", "highlight": "#666666"}, "dashes": False},
}

SIZE_MIN, SIZE_MAX = 8.0, 36.0


def helix_colour(code: str) -> str:
    return HELIX_COLOURS.get(code, HELIX_COLOURS["unknown"])


def family_shape(code: str) -> str:
    return FAMILY_SHAPES.get(code, FAMILY_SHAPES["unknown"])


def node_size(value: float, largest: float) -> float:
    """Node size for a centrality ``value``: area proportional to the value (square root), from
    8 (zero) to 36 (the largest)."""
    if largest <= 0 or value <= 0:
        return SIZE_MIN
    return round(SIZE_MIN + (SIZE_MAX - SIZE_MIN) * math.sqrt(min(value, largest) / largest), 2)


@dataclass(frozen=True)
class LegendEntry:
    """One line of the legend: a swatch (colour, shape or edge style) and its meaning."""

    section: str
    label: str
    colour: str = ""
    shape: str = ""
    edge: str = ""
    count: int | None = None


@dataclass
class Legend:
    """The legend of a view, section by section, in the order entries were added."""

    title: str
    entries: list[LegendEntry] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, section: str, label: str, *, colour: str = "", shape: str = "",
            edge: str = "", count: int | None = None) -> None:
        self.entries.append(LegendEntry(section, label, colour, shape, edge, count))

    def sections(self) -> dict[str, list[LegendEntry]]:
        """Entries grouped by section, sections in first-seen order."""
        grouped: dict[str, list[LegendEntry]] = {}
        for entry in self.entries:
            grouped.setdefault(entry.section, []).append(entry)
        return grouped
