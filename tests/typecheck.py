"""Run mypy on the packages as they are installed (``sekg.graph``, ``sekg.api``, ...).

The layers live in folders named after themselves (``graph/``, ``api/``; pyproject's
``package-dir``), so mypy, which knows nothing of that mapping or of setuptools' editable
finder, would take every ``from sekg.graph ...`` for a missing module and check nothing
across layers. This lays the folders out as the ``sekg`` package under ``build/mypy`` with
symbolic links (pyproject's ``mypy_path``) and shows mypy's messages with the real paths.

Usage: ``python -m tests.typecheck`` (``make typecheck``); ``tests/test_packaging.py`` runs it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

__all__ = ["ROOT", "TREE", "link_tree", "run_mypy"]

ROOT = Path(__file__).resolve().parents[1]
#: Where the ``sekg`` package is laid out for mypy (``mypy_path`` in pyproject.toml).
TREE = ROOT / "build" / "mypy"


def link_tree(root: Path = ROOT, tree: Path = TREE) -> None:
    """Lay out ``tree/sekg`` from pyproject's ``package-dir``: the files of ``sekg/`` and one
    link per layer folder (sub-packages such as ``sekg.graph.analysis`` come with their
    layer). Relative links, remade each time, so a moved or renamed folder is followed."""
    config = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))
    package_dirs: dict[str, str] = config["tool"]["setuptools"]["package-dir"]
    top = tree / "sekg"
    top.mkdir(parents=True, exist_ok=True)
    wanted: dict[str, Path] = {}
    for source in sorted((root / package_dirs["sekg"]).glob("*.py")):
        wanted[source.name] = source
    for package, folder in package_dirs.items():
        parts = package.split(".")
        if len(parts) == 2:  # a layer; deeper packages sit inside their layer's folder
            wanted[parts[1]] = root / folder
    for entry in top.iterdir():
        if entry.is_symlink() or entry.is_file():
            entry.unlink()
    for name, target in wanted.items():
        (top / name).symlink_to(os.path.relpath(target, top))


def _real_paths(output: str, root: Path, tree: Path) -> str:
    """mypy's messages with ``build/mypy/sekg/graph/store.py`` shown as ``graph/store.py``."""
    prefix = os.path.relpath(tree, root) + os.sep
    lines = []
    for line in output.splitlines():
        path, sep, rest = line.partition(":")
        if sep and path.startswith(prefix):
            real = Path(os.path.realpath(root / path))
            path = str(real.relative_to(root)) if real.is_relative_to(root) else str(real)
        lines.append(path + sep + rest)
    return "\n".join(lines) + "\n"


def run_mypy(root: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Lay out the tree, run ``python -m mypy`` (what it checks is in pyproject.toml) from
    ``root`` and return the finished process, its messages with the real paths."""
    link_tree(root, root / "build" / "mypy")
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=root,
                            capture_output=True, text=True)
    result.stdout = _real_paths(result.stdout, root, root / "build" / "mypy")
    return result


def main() -> int:
    result = run_mypy()
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    return result.returncode


if __name__ == "__main__":
    raise SystemExit(main())
