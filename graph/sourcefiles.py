"""Locate and read the build's input files: the curated sources and the ontology files.

Both default to the copies shipped as package data; tests and users point them elsewhere.

Example
-------
>>> tree = SourceTree.default_sources()
>>> "participants.csv" in tree.names("*.csv")
True
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from sekg.ontology.errors import SourceError

__all__ = ["SourceTree"]


@dataclass(frozen=True)
class SourceTree:
    """A folder of input files, on disk or inside the installed package."""

    root: Traversable
    label: str  # how error messages name the folder

    @classmethod
    def default_sources(cls) -> SourceTree:
        return cls(files("sekg.graph.sources"), "graph/sources")

    @classmethod
    def default_ontology(cls) -> SourceTree:
        return cls(files("sekg.ontology"), "ontology")

    @classmethod
    def at(cls, path: str | Path) -> SourceTree:
        root = Path(path)
        if not root.is_dir():
            raise SourceError(f"no such folder: {root}", hint="pass an existing folder")
        return cls(root, str(root))

    def _node(self, name: str) -> Traversable:
        node = self.root
        for part in name.split("/"):
            node = node / part
        return node

    def exists(self, name: str) -> bool:
        return self._node(name).is_file()

    def text(self, name: str) -> str:
        """The file's text; a missing or non-UTF-8 file is a :class:`SourceError`."""
        node = self._node(name)
        if not node.is_file():
            raise SourceError("file not found", file=self.path(name),
                              hint="restore it from the repository (git checkout)")
        try:
            return node.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise SourceError(f"not UTF-8 text ({exc.reason})", file=self.path(name),
                              hint="save the file as UTF-8") from None

    def names(self, pattern: str, folder: str = "") -> list[str]:
        """Sorted names (relative to the root) of the files in ``folder`` matching ``pattern``."""
        node = self._node(folder) if folder else self.root
        if not node.is_dir():
            return []
        prefix = f"{folder}/" if folder else ""
        return sorted(
            prefix + child.name for child in node.iterdir()
            if child.is_file() and fnmatch.fnmatch(child.name, pattern)
        )

    def path(self, name: str) -> str:
        """How to name a file of this tree in a message."""
        return f"{self.label}/{name}"

    def size(self) -> int:
        """The bytes of every file in the tree (its folders included).

        >>> SourceTree.default_ontology().size() > 100_000
        True
        """
        total, folders = 0, [self.root]
        while folders:
            for child in folders.pop().iterdir():
                if child.is_dir():
                    folders.append(child)
                elif child.is_file():
                    total += (child.stat().st_size if isinstance(child, Path)
                              else len(child.read_bytes()))
        return total
