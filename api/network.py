"""The neighbourhood of a resource as a small radial layout for an inline SVG (no script).

Example
-------
>>> view = radial("Centre", [("a", "A", "p", "out"), ("b", "B", "q", "in")], size=200)
>>> [(n.label, round(n.x), round(n.y)) for n in view.nodes]
[('A', 130, 100), ('B', 70, 100)]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["Neighbourhood", "Node", "radial"]


@dataclass(frozen=True)
class Node:
    """A neighbour: where it is drawn, its label, link and the edge's label and direction."""

    href: str
    label: str
    edge: str
    direction: str
    x: float
    y: float


@dataclass(frozen=True)
class Neighbourhood:
    """The centre's label and the neighbours around it in a ``size`` × ``size`` box."""

    centre: str
    nodes: list[Node]
    size: int
    more: int


def radial(centre: str, neighbours: list[tuple[str, str, str, str]], size: int = 520,
           limit: int = 24) -> Neighbourhood:
    """Place up to ``limit`` neighbours ``(href, label, edge, 'out'|'in')`` on a circle."""
    shown = neighbours[:limit]
    radius = size / 2 - 70   # room for the labels, centred under each node
    nodes = []
    for index, (href, label, edge, direction) in enumerate(shown):
        angle = 2 * math.pi * index / max(1, len(shown))
        nodes.append(Node(href, _short(label), edge, direction,
                          size / 2 + radius * math.cos(angle),
                          size / 2 + radius * math.sin(angle)))
    return Neighbourhood(_short(centre), nodes, size, max(0, len(neighbours) - limit))


def _short(text: str, width: int = 30) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"
