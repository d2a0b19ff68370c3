"""The knowledge graph: curated sources -> build -> validate -> store -> publish.

The names other layers use::

    from sekg.graph import BuildOptions, open_store, ask, sparql
    from sekg.graph.build import build

They are imported when first asked for, not with the package: every ``sekg`` command imports
it (``sekg.graph.sourcefiles``), and importing the build with it cost ``sekg --help`` 0.17 of
its 0.6 s. ``sekg.graph.build`` is the module (its function is ``sekg.graph.build.build``).

>>> import sekg.graph
>>> sekg.graph.open_store.__module__
'sekg.graph.store'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sekg.graph.build import BuildOptions, BuildReport
    from sekg.graph.questions import ask, run_named, sparql
    from sekg.graph.store import EmbeddedStore, GraphStore, RemoteStore, open_store

__all__ = ["BuildOptions", "BuildReport", "EmbeddedStore", "GraphStore", "RemoteStore", "ask",
           "open_store", "run_named", "sparql"]

_MODULES = {"BuildOptions": "build", "BuildReport": "build", "ask": "questions",
            "run_named": "questions", "sparql": "questions", "EmbeddedStore": "store",
            "GraphStore": "store", "RemoteStore": "store", "open_store": "store"}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module 'sekg.graph' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"sekg.graph.{module}"), name)
    globals()[name] = value
    return value
