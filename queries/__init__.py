"""The catalogue of analyst questions: one SPARQL ``.rq`` file per question.

Example
-------
>>> "SELECT" in load_query("info_counts_by_graph")
True
"""

from __future__ import annotations

from importlib.resources import files

from sekg.ontology.errors import SekgError

__all__ = ["load_query", "query_names"]


def query_names() -> list[str]:
    """Names of the catalogue's queries (file names without ``.rq``), sorted."""
    return sorted(p.name[:-3] for p in files("sekg.queries").iterdir() if p.name.endswith(".rq"))


def load_query(name: str) -> str:
    """The text of the named query; an unknown name is a :class:`SekgError` listing the known."""
    node = files("sekg.queries") / f"{name}.rq"
    if not node.is_file():
        raise SekgError(f"no query named '{name}'",
                        hint=f"known queries: {', '.join(query_names())}")
    return node.read_text(encoding="utf-8")
