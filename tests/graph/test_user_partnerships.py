"""The user-data CSV of partnerships, projects and memberships: a valid file adds the
memberships and ties the analysis reads; every bad row is reported with its file and line and
nothing is written; the synthetic generator's output loads and is marked SYNTHETIC."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest

from sekg.graph.build import BuildOptions, collect_dataset
from sekg.graph.partnerships import add_partnerships
from sekg.graph.provenance import FactSink
from sekg.graph.questions import run_named
from sekg.graph.sourcefiles import SourceTree
from sekg.graph.store import EmbeddedStore
from sekg.graph.territories import TerritoryIndex
from sekg.ontology.errors import SourceError
from sekg.queries.results import term_value

HEADER = ("collaboration,kind,label,member,role,theme,objective,territory,start_date,end_date,"
          "source,method,confidence,notes")
#: lines 2-6: a project of three members (one of them a bank), a partnership of two, a
#: membership; the organisations, theme, objective and zone are those of the Turin data
VALID = f"""{HEADER}
valli-lavoro,project,Valli al lavoro,legacoop-piemonte,lead-partner,inclusione-sociale-e-lavorativa,accesso-lavoro-welfare-territori-rurali-montani,zona:7,2025-09-01,2027-08-31,https://example.org/valli,stated,high,
valli-lavoro,project,,comune-di-lemie,partner,,,,,,https://example.org/valli,stated,high,
valli-lavoro,project,,api-torino,partner,,,,,,https://example.org/valli,stated,medium,
tavolo-finanza,partnership,Tavolo finanza sociale,legacoop-piemonte,,\
finanza-ad-impatto-sociale,,cmto,2024-01-15,,doc,curated,medium,
tavolo-finanza,partnership,,comune-di-lemie,,,,,,,doc,curated,medium,a note
"""
BASE = "https://w3id.org/social-economy-kg/id/"


def org(key: str) -> str:
    return f"{BASE}organisation/{key}"


@pytest.fixture(scope="module")
def base() -> tuple[FactSink, TerritoryIndex]:
    """The dataset without user data, and its territories (to call add_partnerships on)."""
    sink, _ = collect_dataset(BuildOptions())
    return sink, TerritoryIndex.load(SourceTree.default_sources(), sink.minter)


def write(tmp_path: Path, text: str, name: str = "partnerships.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load_error(base: tuple[FactSink, TerritoryIndex], path: Path) -> str:
    """The one error that loading ``path`` raises; checks that nothing was added."""
    sink, territories = base
    before = len(sink.quads)
    with pytest.raises(SourceError) as caught:
        add_partnerships(sink, [path], territories)
    assert len(sink.quads) == before
    return str(caught.value)


def test_valid_file_adds_memberships_and_ties(tmp_path: Path) -> None:
    """3 members of valli-lavoro give 3 project ties, 2 of tavolo-finanza give 1 partnership
    tie; each tie carries the method and confidence of the second member's row."""
    path = write(tmp_path, VALID)
    sink, _ = collect_dataset(BuildOptions(partnerships=[path]))
    store = pyoxigraph.Store()
    store.bulk_extend(sink.quads)
    ties = run_named(EmbeddedStore(store), "network_declared_ties").to_records()
    got = sorted((r["kind"], r["source"], r["target"], r["via"]) for r in ties
                 if r["kind"] in ("partnership", "project"))
    valli, tavolo = f"{BASE}project/valli-lavoro", f"{BASE}partnership/tavolo-finanza"
    assert got == [
        ("partnership", org("comune-di-lemie"), org("legacoop-piemonte"), tavolo),
        ("project", org("api-torino"), org("comune-di-lemie"), valli),
        ("project", org("api-torino"), org("legacoop-piemonte"), valli),
        ("project", org("comune-di-lemie"), org("legacoop-piemonte"), valli),
    ]
    from sekg.graph.analysis import analyse, load_projections

    kinds = analyse(load_projections(EmbeddedStore(store))).summary["ties_by_kind"]
    assert (kinds["project"], kinds["partnership"]) == (3, 1)  # type: ignore[index]
    themes = run_named(EmbeddedStore(store), "network_actor_themes").to_records()
    assert {(r["actor"], r["target_kind"]) for r in themes if r["via"] == valli} == {
        (org(k), kind) for k in ("legacoop-piemonte", "comune-di-lemie", "api-torino")
        for kind in ("objective", "theme")}
    user = sink.graph("user")
    membership = f"{BASE}membership/valli-lavoro-legacoop-piemonte"
    facts = {(q.predicate.value.rsplit("#", 1)[-1], str(q.object)) for q in sink.quads
             if q.graph_name == user and term_value(q.subject) == membership}
    assert ("role", f"<{BASE}role/lead-partner>") in facts
    locations = {term_value(q.object) for q in sink.quads if q.graph_name == user
                 and q.predicate.value.endswith("#sourceLocation")}
    assert locations == {f"{path}:{n}" for n in range(2, 7)}


def test_valid_file_conforms_to_the_shapes(tmp_path: Path) -> None:
    from sekg.graph.validate import validate_triples

    sink, shapes = collect_dataset(BuildOptions(partnerships=[write(tmp_path, VALID)]))
    assert validate_triples([q.triple for q in sink.quads], shapes) == []


def test_membership_row_adds_member_of(tmp_path: Path,
                                       base: tuple[FactSink, TerritoryIndex]) -> None:
    sink, territories = base
    copy = FactSink(sink.minter, list(sink.quads))
    path = write(tmp_path, "collaboration,kind,member,source\n"
                           "legacoop-piemonte,membership,comune-di-lemie,https://example.org/m\n")
    assert add_partnerships(copy, [path], territories) == 1
    added = [q for q in copy.quads[len(sink.quads):]
             if term_value(q.subject) == org("comune-di-lemie")]
    assert [(q.predicate.value, term_value(q.object)) for q in added] == [
        ("http://www.w3.org/ns/org#memberOf", org("legacoop-piemonte"))]


# (what to change in VALID, the line reported, what the message says)
BAD_CASES = {
    "unknown member": (("api-torino,partner", "api-torinoo,partner"), 4,
                       "unknown organisation 'api-torinoo' in column member"),
    "unknown theme": (("finanza-ad-impatto-sociale", "finanza"), 5, "unknown plan theme 'finanza'"),
    "unknown territory": ((",cmto,", ",zona:12,"), 5, "unknown area 'zona:12' in column territory"),
    "malformed date": (("2024-01-15", "15/01/2024"), 5,
                       "malformed date '15/01/2024' in column start_date"),
    "end before start": (("2027-08-31", "2025-08-31"), 2,
                         "end_date 2025-08-31 is before start_date 2025-09-01"),
    "conflicting label": ((",project,,api-torino", ",project,Valli,api-torino"), 4,
                          "label 'Valli' of 'valli-lavoro' conflicts with 'Valli al lavoro'"),
    "single member": (("tavolo-finanza,partnership,,comune-di-lemie,,,,,,,doc,curated,medium,a "
                       "note\n", ""), 5, "partnership 'tavolo-finanza' has only one member"),
    "duplicate member": (("valli-lavoro,project,,api-torino", "valli-lavoro,project,,"
                          "comune-di-lemie"), 4,
                         "duplicate member 'comune-di-lemie' of 'valli-lavoro' (first at"),
    "missing source": (("doc,curated,medium,a note", ",curated,medium,a note"), 6,
                       "missing source"),
    "unknown method": (("doc,curated,medium,a", "doc,guessed,medium,a"), 6,
                       "unknown method 'guessed'"),
    "unknown kind": (("tavolo-finanza,partnership,,", "tavolo-finanza,network,,"), 6,
                     "unknown kind 'network'"),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_row_is_reported_with_file_and_line(case: str, tmp_path: Path,
                                                base: tuple[FactSink, TerritoryIndex]) -> None:
    (old, new), line, fragment = BAD_CASES[case]
    assert old in VALID, old
    path = write(tmp_path, VALID.replace(old, new, 1))
    message = load_error(base, path)
    assert message.startswith(f"{path}:{line}: "), message
    assert fragment in message, message
    assert " errors: " not in message, message  # only the bad row, nothing else reported


def test_missing_column(tmp_path: Path, base: tuple[FactSink, TerritoryIndex]) -> None:
    text = "\n".join(",".join(line.split(",")[:3] + line.split(",")[4:])
                     for line in VALID.splitlines())  # drop the member column
    message = load_error(base, write(tmp_path, text))
    assert ":1: missing column(s): member" in message, message


def test_misspelt_column_is_not_ignored(tmp_path: Path,
                                        base: tuple[FactSink, TerritoryIndex]) -> None:
    message = load_error(base, write(tmp_path, VALID.replace(",notes", ",note", 1)))
    assert ":1: unknown column(s): note" in message, message


def test_every_bad_row_is_reported(tmp_path: Path,
                                   base: tuple[FactSink, TerritoryIndex]) -> None:
    text = (VALID.replace("api-torino,partner", "nobody,partner")
            .replace("2024-01-15", "2024-13-01")
            .replace("doc,curated,medium,a note", ",curated,medium,a note"))
    path = write(tmp_path, text)
    message = load_error(base, path)
    assert message.startswith("3 errors: "), message
    for line, fragment in ((4, "unknown organisation 'nobody'"),
                           (5, "malformed date '2024-13-01'"), (6, "missing source")):
        assert f"{path}:{line}: {fragment}" in message, message


def test_cli_fails_cleanly_and_keeps_previous_outputs(tmp_path: Path) -> None:
    out = tmp_path / "var"
    (out / "dumps").mkdir(parents=True)
    (out / "dumps" / "dataset.nt").write_text("previous\n")
    (out / "build.json").write_text("{}\n")  # what marks a build (a build may replace it)
    bad = write(tmp_path, VALID.replace("finanza-ad-impatto-sociale", "finanza"), "bad.csv")
    result = subprocess.run([sys.executable, "-m", "sekg.cli", "build", "--out", str(out),
                             "--no-reason", "--no-validate", "--partnerships", str(bad)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    message = " ".join(result.stderr.split())
    assert "bad.csv:5: unknown plan theme 'finanza'" in message, message
    assert (out / "dumps" / "dataset.nt").read_text() == "previous\n"
    assert sorted(p.name for p in out.iterdir()) == ["build.json", "dumps"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".var.")]


def test_synthetic_partnerships_load_and_are_marked(tmp_path: Path,
                                                   base: tuple[FactSink, TerritoryIndex]) -> None:
    from bench.partnerships import SYNTHETIC_NOTE, SYNTHETIC_SOURCE, write_synthetic_partnerships

    path = write_synthetic_partnerships(tmp_path / "bench" / "out" / "synthetic.csv", n=20,
                                        seed=3)
    with path.open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert len({r["collaboration"] for r in rows}) == 20
    assert all(r["label"].startswith("SYNTHETIC") and r["notes"] == SYNTHETIC_NOTE
               and r["source"] == SYNTHETIC_SOURCE and r["method"] == "curated"
               and r["confidence"] == "low" for r in rows)
    sink, territories = base
    copy = FactSink(sink.minter, list(sink.quads))
    assert add_partnerships(copy, [path], territories) == len(rows)


def test_synthetic_partnerships_never_go_into_the_sources() -> None:
    from importlib.resources import files

    from bench.partnerships import write_synthetic_partnerships

    target = Path(str(files("sekg.graph.sources"))) / "synthetic.csv"
    with pytest.raises(ValueError, match="never goes into the curated sources"):
        write_synthetic_partnerships(target, n=2)
    assert not target.exists()


def test_documented_example_loads(tmp_path: Path, base: tuple[FactSink, TerritoryIndex]) -> None:
    from importlib.resources import files

    readme = (files("sekg.graph.sources") / "README.md").read_text("utf-8")
    example = readme.split("```csv\n", 1)[1].split("```", 1)[0]
    sink, territories = base
    copy = FactSink(sink.minter, list(sink.quads))
    assert add_partnerships(copy, [write(tmp_path, example)], territories) == 4
