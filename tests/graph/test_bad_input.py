"""Bad input stops the build with one line naming file, line and fix; outputs stay untouched."""

from __future__ import annotations

import shutil
import subprocess
import sys
from importlib.resources import as_file, files
from pathlib import Path

import pytest

PREVIOUS = "previous build output\n"


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    with as_file(files("sekg.graph.sources")) as src:
        shutil.copytree(src, tmp_path / "sources", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path / "sources"


@pytest.fixture
def ontology(tmp_path: Path) -> Path:
    with as_file(files("sekg.ontology")) as src:
        shutil.copytree(src, tmp_path / "ontology", ignore=shutil.ignore_patterns("*.py",
                                                                                  "__pycache__"))
    return tmp_path / "ontology"


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "var"
    (folder / "dumps").mkdir(parents=True)
    (folder / "dumps" / "dataset.nt").write_text(PREVIOUS)
    (folder / "build.json").write_text("{}\n")  # what marks a build (a build may replace it)
    return folder


def run_build(out: Path, *args: str, validate: bool = False
              ) -> subprocess.CompletedProcess[str]:
    checks = ["--no-reason"] if validate else ["--no-reason", "--no-validate"]
    return subprocess.run([sys.executable, "-m", "sekg.cli", "build", "--out", str(out),
                           *checks, *args], capture_output=True, text=True, timeout=300)


def assert_failed_cleanly(result: subprocess.CompletedProcess[str], out: Path,
                          *fragments: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    message = " ".join(result.stderr.split())  # rich may wrap the line on narrow terminals
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in message, message
    assert (out / "dumps" / "dataset.nt").read_text() == PREVIOUS
    assert sorted(p.name for p in out.iterdir()) == ["build.json", "dumps"]
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".var.")]


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), "utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_unknown_comune(sources: Path, out: Path) -> None:
    csv = sources / "participants.csv"
    line = line_of(csv, "Comune di Chieri")
    replace_in(csv, ",001078,", ",009999,")
    assert_failed_cleanly(run_build(out, "--sources", str(sources)), out,
                          f"participants.csv:{line}", "unknown comune '009999'", "ISTAT code")


def test_seat_outside_the_cmto_not_in_the_reference_list(sources: Path, out: Path) -> None:
    """Ceva (004066, provincia di Cuneo) is a real comune but not in comuni_outside_cmto.csv."""
    csv = sources / "participants.csv"
    line = line_of(csv, "BPER Banca")
    replace_in(csv, ",036023,", ",004066,")
    assert_failed_cleanly(run_build(out, "--sources", str(sources)), out,
                          f"participants.csv:{line}", "unknown comune '004066'",
                          "reference/comuni_outside_cmto.csv")


def test_outside_list_refuses_a_comune_of_the_cmto(sources: Path, out: Path) -> None:
    csv = sources / "reference" / "comuni_outside_cmto.csv"
    replace_in(csv, "058091,Roma,H501,ITI43,058,", "001272,Roma,H501,ITI43,058,")
    assert_failed_cleanly(run_build(out, "--sources", str(sources)), out,
                          f"comuni_outside_cmto.csv:{line_of(csv, '001272')}",
                          "comune '001272' is in the Città metropolitana di Torino")


def test_outside_list_rows_of_one_region_agree(sources: Path, out: Path) -> None:
    csv = sources / "reference" / "comuni_outside_cmto.csv"
    # the first row of Emilia-Romagna (Modena) spells it otherwise than the second (Bologna)
    replace_in(csv, ",08,emilia-romagna,Emilia-Romagna,", ",08,emilia-romagna,Emilia Romagna,")
    assert_failed_cleanly(run_build(out, "--sources", str(sources)), out,
                          f"comuni_outside_cmto.csv:{line_of(csv, '037006')}",
                          "region_key 'emilia-romagna' differs from its use at",
                          f"comuni_outside_cmto.csv:{line_of(csv, '036023')}")


def test_duplicate_identifier_in_csv(sources: Path, out: Path) -> None:
    csv = sources / "participants.csv"
    line = line_of(csv, "AGCI Piemonte")
    key = csv.read_text("utf-8").splitlines()[line - 1].split(",")[2]
    replace_in(csv, f",{key},", ",acsel,")
    assert_failed_cleanly(run_build(out, "--sources", str(sources)), out,
                          f"participants.csv:{line}", "duplicate key 'acsel'")


@pytest.mark.parametrize(("old", "new", "said"), [
    # a key of the list again (the extra file's rows are checked as they are read)
    ("avventura-urbana,", "acsel,", "duplicate key 'acsel' (first at line"),
    # a key of an extra row before it
    ("avventura-urbana,", "arci,", "duplicate key 'arci' (first at line 2)"),
    ("avventura-urbana,", "Avventura_Urbana,", "malformed key 'Avventura_Urbana'"),
    ("avventura-urbana,Avventura Urbana,", "avventura-urbana,,", "empty label"),
])
def test_bad_extra_organisation(sources: Path, out: Path, old: str, new: str, said: str
                                ) -> None:
    csv = sources / "organisations_extra.csv"
    line = line_of(csv, old)
    replace_in(csv, "\n" + old, "\n" + new)
    assert_failed_cleanly(run_build(out, "--sources", str(sources)), out,
                          f"organisations_extra.csv:{line}", said)


def test_missing_column_of_the_extra_organisations(sources: Path, out: Path) -> None:
    csv = sources / "organisations_extra.csv"
    replace_in(csv, "key,label,legal_form,", "key,legal_form,")
    assert_failed_cleanly(run_build(out, "--sources", str(sources)), out,
                          "organisations_extra.csv:1", "missing column(s): label")


def test_duplicate_identifier_in_yaml(sources: Path, out: Path) -> None:
    yaml_file = sources / "process.yaml"
    replace_in(yaml_file, "- id: activity/phase-2", "- id: activity/phase-1")
    lines = [n for n, text in enumerate(yaml_file.read_text("utf-8").splitlines(), 1)
             if text.strip() == "- id: activity/phase-1"]
    line = lines[1]
    assert_failed_cleanly(run_build(out, "--sources", str(sources)), out,
                          f"process.yaml:{line}", "duplicate identifier 'activity/phase-1'")


def test_missing_column(sources: Path, out: Path) -> None:
    csv = sources / "participants.csv"
    text = csv.read_text("utf-8").replace("family,helix,", "helix,", 1)
    csv.write_text(text, "utf-8")
    assert_failed_cleanly(run_build(out, "--sources", str(sources)), out,
                          "participants.csv:1", "missing column(s): family")


def test_malformed_date_impossible_day(sources: Path, out: Path) -> None:
    yaml_file = sources / "process.yaml"
    line = line_of(yaml_file, "schema:startDate: 2025-02-25")
    replace_in(yaml_file, "schema:startDate: 2025-02-25", "schema:startDate: 2025-02-30")
    result = run_build(out, "--sources", str(sources))
    assert_failed_cleanly(result, out, f"process.yaml:{line}", "malformed date '2025-02-30'",
                          "YYYY-MM-DD (month 1-12, a day that month has)")
    # the YAML itself is well formed: no "syntax error", no hint about indentation
    assert "syntax" not in result.stderr and "indentation" not in result.stderr


def test_malformed_date_wrong_shape(sources: Path, out: Path) -> None:
    yaml_file = sources / "process.yaml"
    line = line_of(yaml_file, "schema:endDate: 2025-03-11")
    replace_in(yaml_file, "schema:endDate: 2025-03-11", "schema:endDate: 11/03/2025")
    assert_failed_cleanly(run_build(out, "--sources", str(sources)), out,
                          f"process.yaml:{line}", "malformed date '11/03/2025'", "YYYY-MM-DD")


def test_broken_turtle(ontology: Path, out: Path) -> None:
    ttl = ontology / "sekg-core.ttl"
    line = line_of(ttl, "sekg:PrivateCitizen a owl:Class ;")
    replace_in(ttl, "sekg:PrivateCitizen a owl:Class ;", "sekg:PrivateCitizen a owl:Class ;;;; ]")
    assert_failed_cleanly(run_build(out, "--ontology", str(ontology)), out,
                          f"sekg-core.ttl:{line}", "Turtle syntax error")


def test_unknown_code(sources: Path, out: Path) -> None:
    csv = sources / "participants.csv"
    line = line_of(csv, "Acsel Spa")
    replace_in(csv, "Acsel Spa,acsel,organisation,spa,", "Acsel Spa,acsel,organisation,spaa,")
    assert_failed_cleanly(run_build(out, "--sources", str(sources)), out,
                          f"participants.csv:{line}", "unknown legal-form code 'spaa'",
                          "use one of")


def test_broken_yaml(sources: Path, out: Path) -> None:
    yaml_file = sources / "plan.yaml"
    yaml_file.write_text(yaml_file.read_text("utf-8") + "\n  - id: [unclosed\n", "utf-8")
    assert_failed_cleanly(run_build(out, "--sources", str(sources)), out,
                          "plan.yaml:", "YAML syntax error")


def test_missing_output_of_a_failed_first_build_is_not_created(sources: Path,
                                                              tmp_path: Path) -> None:
    replace_in(sources / "participants.csv", ",001078,", ",009999,")
    fresh = tmp_path / "fresh"
    result = run_build(fresh, "--sources", str(sources))
    assert result.returncode == 1
    assert not fresh.exists()


def test_a_shacl_violation_stops_the_build(ontology: Path, out: Path) -> None:
    with (ontology / "shapes.ttl").open("a", encoding="utf-8") as shapes:
        shapes.write("\nshapes:NeedsVatNumber a sh:NodeShape ; sh:targetClass org:Organization ;\n"
                     "    sh:property [ sh:path sekg:vatNumber ; sh:minCount 1 ] .\n")
    assert_failed_cleanly(run_build(out, "--ontology", str(ontology), validate=True), out,
                          "SHACL violation", "vatNumber")


def test_an_inconsistency_found_by_hermit_stops_the_build(ontology: Path, out: Path) -> None:
    """HermiT runs in a child process; its verdict stops the build like any bad input.
    Declaring organisations and agents disjoint contradicts the ontology (org:Organization is
    a prov:Agent through its alignments)."""
    from sekg.ontology.reasoning import java_available
    from tests.conftest import need

    need(java_available(), "Java is not installed (HermiT needs it)")
    with (ontology / "alignments.ttl").open("a", encoding="utf-8") as alignments:
        alignments.write("\n<http://www.w3.org/ns/org#Organization> "
                         "<http://www.w3.org/2002/07/owl#disjointWith> "
                         "<http://www.w3.org/ns/prov#Agent> .\n")
    result = subprocess.run([sys.executable, "-m", "sekg.cli", "build", "--out", str(out),
                             "--ontology", str(ontology), "--no-validate", "--reason"],
                            capture_output=True, text=True, timeout=300)
    assert_failed_cleanly(result, out, "HermiT finds the ontology and data inconsistent",
                          "sekg build --no-reason")


@pytest.mark.parametrize("apart", [False, True], ids=["in process", "in the sources child"])
def test_a_source_error_is_the_same_where_the_sources_are_read(sources: Path, out: Path,
                                                                apart: bool) -> None:
    """A large build reads its sources in a child (graph/collecting.py): its source error
    reaches the build as the same error, file, line and hint, and the outputs stay."""
    from sekg.graph.build import BuildOptions, build
    from sekg.graph.sourcefiles import SourceTree
    from sekg.ontology.errors import SourceError

    csv = sources / "participants.csv"
    line = line_of(csv, "Comune di Chieri")
    replace_in(csv, ",001078,", ",009999,")
    with pytest.raises(SourceError) as raised:
        build(BuildOptions(out=out, sources=SourceTree.at(sources), reason=False,
                           collect_apart=apart))
    assert f"participants.csv:{line}" in str(raised.value), raised.value
    assert "unknown comune '009999'" in str(raised.value) and raised.value.hint
    assert (out / "dumps" / "dataset.nt").read_text() == PREVIOUS
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".var.")]
