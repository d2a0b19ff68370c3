"""What the built graph holds: counts by named graph and class, unknowns, contradictions.

Every number comes from a named query of the catalogue (``queries/info_*.rq``) run on the
embedded store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sekg.graph.store import EmbeddedStore
from sekg.queries import load_query

__all__ = ["GraphInfo", "graph_info"]

_UNKNOWN_COLUMNS = {"seat": "missing_seat", "legal form": "missing_legal_form",
                    "helix": "missing_helix", "social-economy family": "missing_family",
                    "field of activity": "missing_field"}


@dataclass
class GraphInfo:
    """The summary ``sekg info`` prints."""

    triples_by_graph: dict[str, int] = field(default_factory=dict)
    instances_by_class: dict[str, int] = field(default_factory=dict)
    listed_organisations: int = 0
    unknowns: dict[str, list[int]] = field(default_factory=dict)
    contradictions: list[tuple[str, str]] = field(default_factory=list)


def graph_info(out: Path) -> GraphInfo:
    """Summarise the graph built in ``out`` (see ``sekg build``)."""
    store = EmbeddedStore.open(Path(out) / "store", in_memory=False)
    info = GraphInfo()
    for row in store.select(load_query("info_counts_by_graph")):
        info.triples_by_graph[row["graph"]] = int(row["triples"])
    for row in store.select(load_query("info_counts_by_class")):
        info.instances_by_class[row["class"]] = int(row["instances"])
    rows = store.select(load_query("info_unknowns"))
    info.listed_organisations = len(rows)
    for fact, column in _UNKNOWN_COLUMNS.items():
        info.unknowns[fact] = sorted(int(r["number"]) for r in rows if r[column] == "true")
    seen: set[str] = set()
    for row in store.select(load_query("info_contradictions")):
        if row["contradiction"] not in seen:  # one row per thing it concerns
            seen.add(row["contradiction"])
            info.contradictions.append((row["label"] or row["contradiction"], row["comment"]))
    return info
