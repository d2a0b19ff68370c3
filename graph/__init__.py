"""The knowledge graph: curated sources -> build -> validate -> store -> publish.

The names other layers use::

    from sekg.graph import BuildOptions, build, open_store, ask, sparql
"""

from sekg.graph.build import BuildOptions, BuildReport, build
from sekg.graph.questions import ask, run_named, sparql
from sekg.graph.store import EmbeddedStore, GraphStore, RemoteStore, open_store

__all__ = ["BuildOptions", "BuildReport", "EmbeddedStore", "GraphStore", "RemoteStore", "ask",
           "build", "open_store", "run_named", "sparql"]
