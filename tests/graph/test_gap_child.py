"""The gap analysis in a child forked before its data exists: the same facts, in the same
order, as the analysis run in the build's own process; a child never handed its data is
stopped by cancel()."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, serialize

from sekg.graph.build import BuildOptions, collect_dataset
from sekg.graph.forked import fork_available
from sekg.graph.gap_child import GapChild, add_gap_analysis, end_quietly_when_cancelled
from sekg.graph.store import EmbeddedStore
from tests.conftest import need
from tests.processes import PPID, running, with_field


def test_the_child_adds_what_the_analysis_adds_here(tmp_path: Path) -> None:
    options = BuildOptions()
    child = GapChild(options.minter)
    try:
        here, _ = collect_dataset(options)
        there, _ = collect_dataset(options)
        expected = add_gap_analysis(here, EmbeddedStore.from_quads(here.quads))
        handed = tmp_path / "quads.nq"
        serialize(there.quads, str(handed), format=RdfFormat.N_QUADS)
        started = time.perf_counter()
        child.hand(handed)
        assert child.add_to(there) == expected > 0
        assert there.quads == here.quads          # same facts, same order, same provenance
        # its own time, from the hand-over: not the seconds it waited while the data was read
        assert 0 < child.seconds <= time.perf_counter() - started
    finally:
        child.cancel()


def test_a_child_never_handed_its_data_is_stopped() -> None:
    child = GapChild(BuildOptions().minter)
    pid = child.pid
    # by its own pid, not by diffing this process's children: another test's may come or go
    assert pid is not None and running(pid) and pid in with_field(PPID, os.getpid())
    child.cancel()
    assert not running(pid) and pid not in with_field(PPID, os.getpid())



def _cancelled_in_a_callback(quiet: bool) -> None:
    """Run in a child: SIGTERM arrives inside a weakref callback, as it can inside
    importlib's while the gap child imports."""
    import gc
    import signal
    import weakref

    if quiet:
        end_quietly_when_cancelled()

    class Thing:
        pass

    def callback(_: object) -> None:
        os.kill(os.getpid(), signal.SIGTERM)
        sum(range(10_000))  # the handler runs between these bytecodes

    thing = Thing()
    ref = weakref.ref(thing, callback)
    del thing
    gc.collect()
    assert ref() is None


def test_a_cancelled_gap_child_ends_without_a_word() -> None:
    """Forked's SIGTERM handler raises SystemExit; inside a callback Python reports it on
    stderr. The gap child ends at once instead (exit status 128 + SIGTERM, nothing said)."""
    need(fork_available(), "no fork on this platform: the child is a thread")
    import subprocess
    import sys

    code = ("import sys; from sekg.graph.forked import Forked; "
            "from tests.graph.test_gap_child import _cancelled_in_a_callback as f; "
            "child = Forked(f, sys.argv[1] == 'quiet'); child._process.join(); "
            "print(child._process.exitcode)")
    said = {}
    for mode in ("quiet", "default"):
        done = subprocess.run([sys.executable, "-c", code, mode], capture_output=True,
                              text=True, timeout=60, cwd=Path(__file__).parents[2])
        said[mode] = (done.stdout.strip(), "Traceback" in done.stderr)
    assert said["quiet"] == ("143", False)
    assert said["default"][1]   # what the build printed before, once in a while


def test_recorded_facts_keep_plain_triples_too() -> None:
    """RecordedFacts stands for the build's sink in the child: a triple added without
    provenance (add_plain) went to its own quads, which are never sent back, and was lost."""
    from pyoxigraph import NamedNode

    from sekg.graph.gap_child import RecordedFacts
    from sekg.graph.provenance import FactSink, Record
    from sekg.ontology.iri import default_minter

    x, y = NamedNode("http://e/x"), NamedNode("http://e/y")
    facts = RecordedFacts(default_minter())
    facts.add_plain(x, x, y, "analysis")
    facts.add(x, x, x, "analysis", Record("http://e/s", "derived", "high"))
    here, there = FactSink(default_minter()), FactSink(default_minter())
    here.add_plain(x, x, y, "analysis")
    here.add(x, x, x, "analysis", Record("http://e/s", "derived", "high"))
    facts.replay(there)
    assert there.quads == here.quads and facts.quads == []


@pytest.mark.parametrize("early", [False, True], ids=["after-the-store", "while-it-is-written"])
def test_the_child_materialises_answers_with_what_was_added_since(tmp_path: Path,
                                                                   early: bool) -> None:
    """After its analysis the child is handed the quads the build added since (here an
    organisation of its own) and answers the whole-network exports from its in-memory
    store: the answers hold the addition, and equal live queries on the on-disk store. Asked
    before the on-disk store is written (as the build does), its index still matches the
    closed store."""
    from pyoxigraph import Literal, NamedNode, Quad

    from sekg.graph.answers import catalogue_answers
    from sekg.graph.questions import run_named

    options = BuildOptions()
    child = GapChild(options.minter)
    try:
        sink, _ = collect_dataset(options)
        handed = tmp_path / "quads.nq"
        serialize(sink.quads, str(handed), format=RdfFormat.N_QUADS)
        child.hand(handed)
        child.add_to(sink)
        new = NamedNode(options.minter.base + "/id/organisation/added-later")
        graph = NamedNode(options.minter.graph("piano-2030"))
        added = [Quad(new, NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                      NamedNode("http://www.w3.org/ns/org#Organization"), graph),
                 Quad(new, NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                      Literal("Added later"), graph)]
        added_file = tmp_path / "added.nq"
        serialize(added, str(added_file), format=RdfFormat.N_QUADS)
        queries = catalogue_answers(options.minter.base)
        if early:
            child.answer(added_file, tmp_path / "store", queries)
        saved = EmbeddedStore.load(tmp_path / "store", handed)
        saved.extend(added)
        saved.close()
        files = child.finish() if early else child.finish(added_file, tmp_path / "store",
                                                          queries)
        assert {f.name for f in files} == {"network_actors.answer",
                                           "network_actor_territories.answer", "index.json"}
    finally:
        child.cancel()
    store = EmbeddedStore.open(tmp_path / "store", in_memory=False)
    live = EmbeddedStore.open(tmp_path / "store", in_memory=False, answers=False)
    assert store.answers is not None
    actors = run_named(store, "network_actors", typed=True)
    assert [new.value, "Added later"] in [row[:2] for row in actors.rows]
    assert actors == run_named(live, "network_actors", typed=True)


def test_a_child_told_to_finish_without_answers_ends() -> None:
    options = BuildOptions()
    child = GapChild(options.minter)
    try:
        sink, _ = collect_dataset(options)
        handed = Path(os.environ.get("TMPDIR", "/tmp")) / f"gap-child-{os.getpid()}.nq"
        serialize(sink.quads, str(handed), format=RdfFormat.N_QUADS)
        child.hand(handed)
        child.add_to(sink)
        pid = child.pid
        assert child.finish() == [] and child.finish() == []
        assert pid is None or not running(pid)
        handed.unlink()
    finally:
        child.cancel()


def _validated(tmp_path: Path, quads: list, shapes: list) -> list[str] | None:
    """The child's SHACL verdict on ``quads`` (after its analysis)."""
    options = BuildOptions()
    child = GapChild(options.minter)
    return _verdict(child, tmp_path, quads, shapes)


def _verdict(child: GapChild, tmp_path: Path, quads: list, shapes: list) -> list[str] | None:
    options = BuildOptions()
    try:
        sink, _ = collect_dataset(options)
        handed = tmp_path / "quads.nq"
        serialize(quads, str(handed), format=RdfFormat.N_QUADS)
        child.hand(handed, shapes)
        child.add_to(sink)
        assert child.finish() == []
        assert child.validation_seconds > 0
        return child.violations
    finally:
        child.cancel()


def test_the_child_validates_on_its_store_with_literals_as_given(tmp_path: Path) -> None:
    """The child validates the quads it analysed on the same in-memory store; the datatype of
    a list number is read from the file, not from the store (where "7"^^xsd:integer and
    "7"^^xsd:positiveInteger are one value)."""
    from pyoxigraph import Literal, NamedNode, Quad

    sink, shapes = collect_dataset(BuildOptions())
    assert _validated(tmp_path, sink.quads, shapes) == []
    number = "https://w3id.org/social-economy-kg/ontology#listNumber"
    first = next(q for q in sink.quads if q.predicate.value == number)
    retyped = Literal(first.object.value,  # type: ignore[union-attr]
                      datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    broken = [Quad(q.subject, q.predicate, retyped, q.graph_name) if q == first else q
              for q in sink.quads]
    found = _validated(tmp_path, broken, shapes)
    assert found and all(first.subject.value in line  # type: ignore[union-attr]
                         and "listNumber" in line
                         for line in found), found


def test_shapes_the_compiler_refuses_are_validated_by_pyshacl_in_the_child(
        tmp_path: Path) -> None:
    from pyoxigraph import BlankNode, Literal, NamedNode, Triple

    sh = "http://www.w3.org/ns/shacl#"
    sink, shapes = collect_dataset(BuildOptions())
    shape, prop = NamedNode("http://e/Unsupported"), BlankNode()
    extra = [Triple(shape, NamedNode(sh + "targetClass"),
                    NamedNode("http://www.w3.org/ns/org#Organization")),
             Triple(shape, NamedNode(sh + "property"), prop),
             Triple(prop, NamedNode(sh + "path"),
                    NamedNode("https://w3id.org/social-economy-kg/ontology#vatNumber")),
             Triple(prop, NamedNode(sh + "qualifiedMinCount"),
                    Literal("1", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),
             Triple(prop, NamedNode(sh + "minCount"),
                    Literal("1", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer")))]
    found = _validated(tmp_path, sink.quads, shapes + extra)
    assert found and all("vatNumber" in line for line in found)


def test_on_a_large_graph_the_child_validates_beside_its_analysis(
        tmp_path: Path, monkeypatch) -> None:
    """Above VALIDATE_BESIDE_MIN_BYTES SHACL runs in a thread beside the analysis: the same
    verdicts as after it."""
    from pyoxigraph import Literal, Quad

    from sekg.graph import gap_child

    sink, shapes = collect_dataset(BuildOptions())
    zone = "https://w3id.org/social-economy-kg/ontology#zoneNumber"
    first = next(q for q in sink.quads if q.predicate.value == zone)
    number = Literal("99", datatype=first.object.datatype)  # type: ignore[union-attr]
    broken = [Quad(q.subject, q.predicate, number, q.graph_name) if q == first else q
              for q in sink.quads]
    after = _validated(tmp_path, broken, shapes)
    assert after and any("zoneNumber" in line for line in after)
    monkeypatch.setattr(gap_child, "VALIDATE_BESIDE_MIN_BYTES", 0)  # the child is forked now
    assert _verdict(GapChild(BuildOptions().minter), tmp_path, sink.quads, shapes) == []
    assert _verdict(GapChild(BuildOptions().minter), tmp_path, broken, shapes) == after
