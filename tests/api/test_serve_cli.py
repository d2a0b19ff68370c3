"""``sekg serve`` refuses clearly when there is nothing to serve (a running one is the
``live`` fixture, used by test_client.py and test_browser.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_serve_without_a_build_is_one_clear_line(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "sekg.cli", "serve", "--store",
                             str(tmp_path / "missing"), "--port", "1"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "no built graph at" in result.stderr and "sekg build" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_rejects_a_bad_limit_from_the_environment(tmp_path: Path) -> None:
    import os

    result = subprocess.run([sys.executable, "-m", "sekg.cli", "serve", "--store",
                             str(tmp_path)], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "SEKG_QUERY_TIMEOUT": "soon"})
    assert result.returncode == 1 and "SEKG_QUERY_TIMEOUT='soon' is not a number" in \
        result.stderr
