"""The command line's answers to wrong codes, malformed SPARQL and updates (one line, exit 1),
and its JSON output with types."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sekg.graph.build import BuildReport
from tests.cli.test_cli import sekg


@pytest.mark.parametrize(("args", "message", "valid"), [
    (("query", "run", "participants_of_helix", "-p", "helix=nope"),
     "parameter helix='nope' is not a code of the helix scheme", "finance"),
    (("query", "run", "participants_of_family", "-p", "family=nope"),
     "parameter family='nope' is not a code of the family scheme", "cooperative"),
    (("gaps", "--helix", "nope"), "--helix 'nope' is not a code of the helix scheme",
     "third-sector-civil-society"),
    (("sparql", "SELECT ?x WHERE { ?x "),
     "SPARQL syntax error at line 1, column 22 (at the end of the query): expected one of",
     "a name"),
    (("sparql", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"),
     "SPARQL Update is not supported here: the graph is read-only", "sekg load"),
])
def test_wrong_input_is_one_line_and_exit_1(built: tuple[Path, BuildReport], args: tuple,
                                            message: str, valid: str) -> None:
    result = sekg(*args, "--store", str(built[0]))
    assert result.returncode == 1, result.stderr
    assert message in result.stderr and valid in result.stderr
    assert "Traceback" not in result.stderr and "\\u{" not in result.stderr
    assert "No finding" not in result.stdout and result.stdout == ""
    # one message (rich may wrap it at the terminal's 200 columns)
    assert len(result.stderr.strip().splitlines()) <= 3


def test_sparql_json_keeps_types(built: tuple[Path, BuildReport]) -> None:
    query = 'SELECT ?x ?l WHERE { BIND(3 AS ?x) BIND(STRLANG("ciao","it") AS ?l) }'
    result = sekg("sparql", "-f", "json", query, "--store", str(built[0]))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"columns": ["x", "l"], "rows": [{"x": 3, "l": "ciao"}],
                                         "lang": {"l": ["it"]}}
    answer = sekg("sparql", "-f", "json", "ASK { }", "--store", str(built[0]))
    assert json.loads(answer.stdout)["rows"] == [{"ask": True}]


def test_brackets_in_input_and_data_are_shown_as_written(built: tuple[Path, BuildReport]) -> None:
    """Messages and table cells were printed as rich markup: '[bold]x' came out as 'x' and
    '[/x]' (a closing tag with no opening one) crashed with a traceback."""
    store = str(built[0])
    for value in ("[/x]", "[bold]x"):
        result = sekg("query", "run", "participants_of_helix", "-p", f"helix={value}",
                      "--store", store)
        assert result.returncode == 1, result.stderr
        assert f"parameter helix='{value}' is not a code" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    cell = "a [b]c[/b] [/x]"
    table = sekg("sparql", f'SELECT ?x WHERE {{ BIND("{cell}" AS ?x) }}', "--store", store)
    assert table.returncode == 0, table.stderr
    assert cell in table.stdout
