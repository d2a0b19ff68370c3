"""What the command line shows a reader: help with an example for every command, and tables
that fit an 80-column terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sekg.graph.build import BuildReport
from sekg.ontology.namespaces import DEFAULT_BASE

COMMANDS = [("build",), ("info",), ("sparql",), ("load",), ("gaps",), ("serve",), ("viz",),
            ("query", "list"), ("query", "show"), ("query", "run")]


def sekg(*args: str, columns: int = 200) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sekg.cli", *args], capture_output=True,
                          text=True, timeout=300,
                          env={"COLUMNS": str(columns), "PATH": os.environ.get("PATH", "")})


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_an_example_in_its_help(command: tuple[str, ...]) -> None:
    result = sekg(*command, "--help")
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert f"Example: sekg {' '.join(command)}" in text, result.stdout


def test_the_command_list_shows_whole_sentences() -> None:
    """`sekg --help` shows each command's first line: it must not stop mid-sentence."""
    result = sekg("--help")
    rows = [line.strip("│ ").rstrip() for line in result.stdout.splitlines()
            if line.startswith("│ ") and not line.startswith("│ --")]
    assert {row.split()[0] for row in rows} >= {"build", "gaps", "viz", "query"}, rows
    for row in rows:
        assert row.endswith("."), row


@pytest.mark.parametrize("command", [("query", "show"), ("query", "run")], ids=" ".join)
def test_the_name_argument_is_described(command: tuple[str, ...]) -> None:
    text = " ".join(sekg(*command, "--help").stdout.split())
    assert "NAME" in text and "A question of the catalogue" in text


def test_a_table_fits_80_columns_with_short_iris(built: tuple[Path, BuildReport]) -> None:
    out, _ = built
    result = sekg("query", "run", "participants_of_helix", "-p", "helix=finance", "--store",
                  str(out), columns=80)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines and max(len(line) for line in lines) <= 80
    assert DEFAULT_BASE not in result.stdout and "social-economy-kg" not in result.stdout
    assert "id:organisation/" in result.stdout and "id:concept/helix/" in result.stdout
    assert "BPER Banca" in result.stdout
    # the other formats keep the full IRIs
    csv = sekg("query", "run", "participants_of_helix", "-p", "helix=finance", "--store",
               str(out), "-f", "csv", columns=80)
    assert f"{DEFAULT_BASE}/id/organisation/bper-banca" in csv.stdout


def test_parsing_a_command_line_imports_no_pydantic() -> None:
    """The build's start is on its critical path: typer 0.29 imports pydantic to coerce the
    options (0.2 s of CPU), which is why pyproject.toml keeps typer below it."""
    code = ("import sys\nsys.argv = ['sekg', 'build', '--help']\nfrom sekg.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('pydantic' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, env={"COLUMNS": "200", "PATH": os.environ.get("PATH", "")})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "False", result.stdout[-500:]
