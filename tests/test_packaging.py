"""Every package folder is listed in pyproject.toml (an unlisted one is silently left out)."""

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
