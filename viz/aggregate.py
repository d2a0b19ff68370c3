"""Aggregation of a large network into groups of actors (zones, helices) with tie counts.

A view with more actors than a browser can lay out quickly shows one super-node per group
instead; the weight of the edge between two groups is the number of ties between their actors.
An actor may belong to several groups (e.g. active in two zones): it counts in each.

Example
-------
Four actors, two zones; ``c`` is active in both, so the tie ``a``-``c`` is internal to zone 1
and also joins zone 1 to zone 2, and ``c``-``d`` is internal to zone 2:

>>> import networkx as nx
>>> g = nx.Graph([("a", "b"), ("a", "c"), ("c", "d")])
>>> groups, between = aggregate(g, {"a": ["1"], "b": ["1"], "c": ["1", "2"], "d": ["2"]})
>>> {k: (len(v.members), v.internal_ties) for k, v in groups.items()}
{'1': (3, 2), '2': (2, 1)}
>>> between
{('1', '2'): 2}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import networkx as nx

__all__ = ["Group", "aggregate"]


@dataclass
class Group:
    """A group of actors: its key, members (sorted) and ties among them."""

    key: str
    members: list[str] = field(default_factory=list)
    internal_ties: int = 0


def aggregate(graph: nx.Graph, groups_of: Mapping[str, Iterable[str]]
              ) -> tuple[dict[str, Group], dict[tuple[str, str], int]]:
    """Group the actors of ``groups_of`` and count the ties of ``graph`` within and between
    groups.

    Parameters
    ----------
    graph
        One-mode actor graph (ties); nodes outside ``groups_of`` are ignored.
    groups_of
        Actor -> the keys of the groups it belongs to (an empty list leaves it out).

    Returns
    -------
    groups
        Key -> :class:`Group`, keys sorted.
    between
        ``(key, other)`` with ``key < other`` -> number of ties between the two groups; a tie
        counts once for each distinct pair of groups its two actors belong to.
    """
    member_of = {actor: sorted(set(keys)) for actor, keys in groups_of.items()}
    groups: dict[str, Group] = {}
    for actor in sorted(member_of):
        for key in member_of[actor]:
            groups.setdefault(key, Group(key)).members.append(actor)
    groups = dict(sorted(groups.items()))
    between: dict[tuple[str, str], int] = {}
    for u, v in graph.edges():
        first, second = member_of.get(u, ()), member_of.get(v, ())
        pairs = {(a, b) if a <= b else (b, a) for a in first for b in second}
        for a, b in pairs:
            if a == b:
                groups[a].internal_ties += 1
            else:
                between[(a, b)] = between.get((a, b), 0) + 1
    return groups, dict(sorted(between.items()))
