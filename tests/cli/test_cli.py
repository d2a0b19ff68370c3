"""The command line as a user meets it: build, info, help, errors as one line."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from sekg.graph.build import BuildReport
from sekg.graph.info import graph_info


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


def test_info_no_longer_lists_seats_a_source_places_outside_the_cmto(
        built: tuple[Path, BuildReport]) -> None:
    """BPER (23, Modena), Labsus (93, Roma), University of Bologna and its department (127,
    129) have seats outside the CmTo; Banco Azzoaglio (22) and the Ministero (99) do not."""
    out, _ = built
    seat = set(graph_info(out).unknowns["seat"])
    assert not seat & {23, 93, 127, 129}
    assert {22, 99} <= seat and len(seat) == 93  # participants.csv: 93 empty seat_istat


def test_info_without_a_build_says_what_to_do(tmp_path: Path) -> None:
    result = sekg("info", "--out", str(tmp_path / "nothing"))
    assert result.returncode == 1
    assert "no built graph" in result.stderr and "sekg build" in result.stderr
    assert "Traceback" not in result.stderr


def test_build_reports_each_stage(tmp_path: Path) -> None:
    result = sekg("build", "--out", str(tmp_path / "var"), "--no-reason")
    assert result.returncode == 0, result.stderr
    for stage in ("territories", "participants", "process and plan", "hand over", "dumps",
                  "analyse gaps", "validate (SHACL)"):
        assert stage in result.stdout
    # the gap analysis and SHACL ran in their own processes: their own times are said, and
    # HermiT did not run
    beside = re.search(r"In their own processes, beside the stages above: (.*?)\(",
                       result.stdout.replace("\n", " "))
    assert beside and re.fullmatch(r"gap analysis \d+\.\d\d s, SHACL \d+\.\d\d s ",
                                   beside.group(1)), result.stdout
    assert (tmp_path / "var" / "dumps" / "dataset.trig").exists()
    assert "warning" not in result.stderr  # no false alarm about the free disk


def test_build_warns_when_the_disk_may_be_too_small(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from typer.testing import CliRunner

    from sekg.cli import app

    real = shutil.disk_usage
    monkeypatch.setattr(shutil, "disk_usage", lambda path: real(path)._replace(free=10**6))
    result = CliRunner().invoke(app, ["build", "--out", str(tmp_path / "var"), "--no-reason",
                                      "--no-validate"])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "warning: this build may need about 0.1 GB of free disk in" in said, said
    assert "0.0 GB are free: free some space or pass --out on a larger disk" in said


def test_the_disk_estimate_covers_the_turin_build(built: tuple[Path, BuildReport]) -> None:
    from sekg.graph.build import BuildOptions, disk_needed

    output = sum(f.stat().st_size for f in built[0].rglob("*") if f.is_file())
    assert output < disk_needed(BuildOptions()) < 20 * output


def test_unknown_option_is_a_usage_error() -> None:
    result = sekg("build", "--nonsense")
    assert result.returncode == 2
    assert "No such option" in result.stderr


def test_query_list_show_and_run(built: tuple[Path, BuildReport]) -> None:
    out, _ = built
    listing = sekg("query", "list")
    assert listing.returncode == 0 and "info_counts_by_graph" in listing.stdout
    shown = sekg("query", "show", "info_counts_by_graph")
    assert shown.returncode == 0 and "#+ title:" in shown.stdout and "SELECT" in shown.stdout
    for fmt, marker in (("csv", "graph,triples"), ("json", '"columns"'), ("md", "| graph |"),
                        ("table", "piano-2030")):
        result = sekg("query", "run", "info_counts_by_graph", "--store", str(out), "-f", fmt)
        assert result.returncode == 0, result.stderr
        assert marker in result.stdout, (fmt, result.stdout[:200])


def test_query_errors_are_one_line(built: tuple[Path, BuildReport]) -> None:
    out, _ = built
    cases = [
        (("query", "run", "no_such_query", "--store", str(out)), "no query named"),
        (("query", "run", "info_counts_by_graph", "-p", "x=1", "--store", str(out)),
         "has no parameter 'x'"),
        (("query", "run", "info_counts_by_graph", "-p", "novalue", "--store", str(out)),
         "is not name=value"),
        (("sparql", "SELECT ?x WHERE { ?x ?y }", "--store", str(out)), "SPARQL syntax error"),
        (("query", "run", "info_counts_by_graph", "-f", "xml", "--store", str(out)),
         "unknown format"),
    ]
    for args, message in cases:
        result = sekg(*args)
        assert result.returncode == 1, (args, result.stderr)
        assert message in result.stderr and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) <= 3  # one message, maybe wrapped


def test_sparql_command_runs_text_and_files(built: tuple[Path, BuildReport],
                                            tmp_path: Path) -> None:
    out, _ = built
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/italia/onto/CLV/City> }"
    result = sekg("sparql", text, "--store", str(out), "-f", "csv")
    assert result.stdout.splitlines() == ["n", "316"]  # 312 of the CmTo + 4 outside it
    query_file = tmp_path / "q.rq"
    query_file.write_text(text)
    result = sekg("sparql", str(query_file), "--store", str(out), "-f", "csv")
    assert result.stdout.splitlines() == ["n", "316"]


def test_build_without_java_skips_reasoning_with_a_warning(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sekg.cli", "build", "--out", str(tmp_path / "var"),
         "--no-validate"], capture_output=True, text=True, timeout=300,
        env={"COLUMNS": "200", "PATH": str(tmp_path)})  # a PATH with no java on it
    assert result.returncode == 0, result.stderr
    assert "Java is not installed" in result.stderr and "default-jre-headless" in result.stderr
    assert (tmp_path / "var" / "dumps" / "dataset.nt").exists()
