"""The command line as a user meets it: build, info, help, errors as one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sekg.graph.build import BuildReport


def sekg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sekg.cli", *args], capture_output=True,
                          text=True, timeout=300, env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"})


def test_help_lists_the_commands() -> None:
    result = sekg("--help")
    assert result.returncode == 0
    assert "build" in result.stdout and "info" in result.stdout


def test_info_shows_counts_unknowns_and_contradictions(built: tuple[Path, BuildReport]) -> None:
    out, _ = built
    result = sekg("info", "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "graph/piano-2030" in text and "graph/territories" in text
    assert "org:Organization" in text and "clv:City" in text
    assert "Unknowns among the 134 listed organisations" in text
    assert "Council motion" in text or "council motion" in text


def test_info_without_a_build_says_what_to_do(tmp_path: Path) -> None:
    result = sekg("info", "--out", str(tmp_path / "nothing"))
    assert result.returncode == 1
    assert "no built graph" in result.stderr and "sekg build" in result.stderr
    assert "Traceback" not in result.stderr


def test_build_reports_each_stage(tmp_path: Path) -> None:
    result = sekg("build", "--out", str(tmp_path / "var"), "--no-reason", "--no-validate")
    assert result.returncode == 0, result.stderr
    for stage in ("territories", "participants", "process and plan", "store", "dumps"):
        assert stage in result.stdout
    assert (tmp_path / "var" / "dumps" / "dataset.trig").exists()


def test_unknown_option_is_a_usage_error() -> None:
    result = sekg("build", "--nonsense")
    assert result.returncode == 2
    assert "No such option" in result.stderr
