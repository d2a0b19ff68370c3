"""Every package folder is listed in pyproject.toml (an unlisted one is silently left out), and
the code passes ruff and mypy."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_python_package_folder_is_listed() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    listed_dirs = {Path(d) for d in config["package-dir"].values()}
    assert set(config["packages"]) == set(config["package-dir"])
    for layer in ("sekg", "ontology", "graph", "queries", "api", "viz"):
        for init in (ROOT / layer).rglob("__init__.py"):
            assert init.parent.relative_to(ROOT) in listed_dirs, init.parent


def test_ruff_is_clean() -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "ruff", "check", str(ROOT)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_mypy_is_clean() -> None:
    """mypy finds no error in the packages and bench/ (what and how: [tool.mypy] in
    pyproject.toml; tests/typecheck.py lays the layers out as ``sekg.*`` so imports across
    layers are checked too). Its cache in .mypy_cache keeps a re-run to seconds."""
    import importlib.util

    from tests.conftest import need
    from tests.typecheck import run_mypy

    need(importlib.util.find_spec("mypy") is not None,
         "mypy is not installed (pip install -e '.[test]')")
    result = run_mypy(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_command_line_starts_without_the_build() -> None:
    """``sekg --help`` (and every command's start) does not import the build pipeline: the
    ``sekg.graph`` package's names are imported when first asked for (graph/__init__.py)."""
    import subprocess
    import sys

    code = ("import sys, sekg.cli, sekg.graph; "
            "print(sorted(m for m in ('sekg.graph.build', 'pyoxigraph') if m in sys.modules)); "
            "from sekg.graph import BuildOptions; print(BuildOptions.__module__)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.split("\n")[:2] == ["[]", "sekg.graph.build"], result.stdout
