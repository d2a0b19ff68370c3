"""HermiT on a JVM started beforehand (ontology/warm_hermit.py, graph/reasoner_child.py): the same
answers and errors as a cold start, a fallback without ``javac``, and no JVM left behind."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, Quad, RdfFormat, Triple, serialize

from sekg.graph.build import BuildOptions, collect_dataset
from sekg.graph.reasoner_child import ReasonerChild, reasoning_input
from sekg.ontology import warm_hermit
from sekg.ontology.errors import ReasoningError
from sekg.ontology.reasoning import infer_types
from sekg.ontology.warm_hermit import WarmHermit, javac_for
from tests.conftest import need

RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
OWL = "http://www.w3.org/2002/07/owl#"


def _need_jdk() -> None:
    java = shutil.which("java")
    need(java is not None, "Java is not installed (HermiT needs it)")
    need(javac_for(java) is not None,  # type: ignore[arg-type]
         "javac is not installed (a JDK, e.g. Debian's default-jdk-headless, warms HermiT up)")


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _descendants(pid: int) -> set[int]:
    """Process ids below ``pid`` (Linux /proc)."""
    found: set[int] = set()
    todo = [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*/children"):
            try:
                children = task.read_text().split()
            except FileNotFoundError:  # the thread ended meanwhile
                continue
            for child in children:
                found.add(int(child))
                todo.append(int(child))
    return found


def _command_line(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:  # gone meanwhile
        return b""


@pytest.fixture(scope="module")
def turin_quads() -> list[Quad]:
    sink, _ = collect_dataset(BuildOptions())
    return sink.quads


@pytest.fixture(scope="module")
def turin_input(turin_quads: list[Quad]) -> list[Triple]:
    return reasoning_input(turin_quads, BuildOptions().minter)


def test_a_warm_jvm_infers_what_a_cold_one_does(turin_input: list[Triple]) -> None:
    _need_jdk()
    jvm = WarmHermit.start()
    assert jvm is not None
    try:
        warm = infer_types(turin_input, jvm=jvm)
        assert not jvm.accepts(["-c"]), "the JVM runs HermiT once"
    finally:
        jvm.close()
    cold = infer_types(turin_input)
    assert warm == cold
    assert len(warm) > 500


def test_an_inconsistent_graph_is_reported_by_the_warm_jvm() -> None:
    _need_jdk()
    a, b, x = (NamedNode(f"http://e/{n}") for n in "ABx")
    owl_class = NamedNode(OWL + "Class")
    kb = [Triple(a, RDF_TYPE, owl_class), Triple(b, RDF_TYPE, owl_class),
          Triple(a, NamedNode(OWL + "disjointWith"), b), Triple(x, RDF_TYPE, a),
          Triple(x, RDF_TYPE, b)]
    jvm = WarmHermit.start()
    assert jvm is not None
    try:
        with pytest.raises(ReasoningError, match="inconsistent"):
            infer_types(kb, jvm=jvm)
    finally:
        jvm.close()


def test_without_javac_hermit_runs_cold(monkeypatch: pytest.MonkeyPatch,
                                        turin_quads: list[Quad]) -> None:
    need(shutil.which("java") is not None, "Java is not installed (HermiT needs it)")
    monkeypatch.setattr(warm_hermit, "javac_for", lambda java: None)
    assert WarmHermit.start() is None
    child = ReasonerChild(BuildOptions().minter)  # falls back to a cold JVM
    try:
        path = Path(os.environ["XDG_CACHE_HOME"]) / "turin-input.nq"
        serialize(turin_quads, str(path), format=RdfFormat.N_QUADS)
        child.hand(path)
        inferred, seconds = child.result()
    finally:
        child.cancel()
    assert len(inferred) > 500 and seconds > 0  # about the plan's resources (563 on 2026-11-26)


def test_the_launcher_is_compiled_once(tmp_path: Path) -> None:
    _need_jdk()
    import owlready2.reasoning

    java = shutil.which("java") or ""
    hermit_jar = Path(owlready2.reasoning.__file__).parent / "hermit" / "HermiT.jar"
    jar = warm_hermit.warm_jar(java, hermit_jar, tmp_path)
    assert jar is not None and jar.is_file()
    made = jar.stat().st_mtime_ns
    time.sleep(0.01)
    assert warm_hermit.warm_jar(java, hermit_jar, tmp_path) == jar
    assert jar.stat().st_mtime_ns == made
    assert [p.name for p in tmp_path.iterdir()] == [jar.name], "no temporary file left"


def test_arguments_the_line_cannot_carry_are_refused() -> None:
    _need_jdk()
    jvm = WarmHermit.start(warm_up=[])
    assert jvm is not None
    try:
        assert jvm.accepts(["-c", "file:///tmp/x.nt"])
        assert not jvm.accepts(["-c", "file:///tmp/a\tb.nt"])
        with pytest.raises(ValueError, match="cannot run HermiT"):
            jvm.run(["file:///tmp/a\nb.nt"])
    finally:
        jvm.close()
    assert not jvm.accepts(["-c"])


def test_a_cancelled_reasoner_leaves_no_jvm() -> None:
    """A build that fails while it reads its sources cancels the child: its JVM goes too."""
    _need_jdk()
    child = ReasonerChild(BuildOptions().minter)
    assert child.pid is not None
    jvms: set[int] = set()
    deadline = time.monotonic() + 60
    while not jvms and time.monotonic() < deadline:
        jvms = {p for p in _descendants(child.pid) if b"WarmHermit" in _command_line(p)}
        time.sleep(0.05)
    assert jvms, "the child started no JVM"
    child.cancel()
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in jvms) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(p) for p in jvms)
