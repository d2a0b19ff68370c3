"""Sorting the dumps' text with ``sort`` and ``awk`` or in Python: the same files and counts;
and the counts are those of the quads (graph/statistics.py's rules)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse, serialize

from sekg.graph import quadsort
from sekg.graph.build import BuildReport
from sekg.graph.quadsort import Census, CensusTerms, merge_runs, start_sort
from sekg.graph.statistics import NON_DATA_GRAPHS, DatasetStatistics, partition_triples
from sekg.ontology.iri import default_minter
from sekg.ontology.namespaces import PREFIXES

Built = tuple[Path, BuildReport]


def _sorted(batches: list[list[Quad]], folder: Path) -> tuple[Census, bytes, bytes]:
    folder.mkdir()
    runs = []
    for n, batch in enumerate(batches):
        serialize(batch, str(folder / f"{n}.nq"), format=RdfFormat.N_QUADS)
        run = folder / f"{n}.run"
        start_sort(folder / f"{n}.nq", run, folder).wait()
        runs.append(run)
    minter = default_minter()
    terms = CensusTerms(f"{minter.base}/id/", tuple(minter.graph(g) for g in NON_DATA_GRAPHS))
    census = merge_runs(runs, folder / "d.nq", folder / "d.nt", folder, terms)
    return census, (folder / "d.nq").read_bytes(), (folder / "d.nt").read_bytes()


def _batches(built: Built) -> list[list[Quad]]:
    """The Turin quads in two overlapping batches, plus quads whose text sorts awkwardly: a
    graph IRI that extends another's, literals that are prefixes of others, a line separator."""
    out, _ = built
    quads = list(parse(path=str(out / "dumps" / "dataset.nq"), format=RdfFormat.N_QUADS))
    minter = default_minter()
    s = NamedNode(minter.resource("organisation", "x"))
    p = NamedNode(PREFIXES["rdfs"] + "label")
    g, g2 = NamedNode(minter.graph("piano-2030")), NamedNode(minter.graph("piano-2030-x"))
    odd = [Quad(s, p, Literal("a"), g), Quad(s, p, Literal("a", language="it"), g),
           Quad(s, p, Literal("a b\u2028c"), g2), Quad(s, p, Literal("a"), g2),
           Quad(s, NamedNode(PREFIXES["rdf"] + "type"), NamedNode("http://e/C"), g2)]
    return [quads[::2] + odd, quads[1::2] + quads[:50] + odd[:2]]


def test_python_sorts_and_counts_as_the_tools_do(built: Built, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    if not quadsort._external():
        pytest.skip("sort or awk is not on the PATH")
    batches = _batches(built)
    with_tools = _sorted(batches, tmp_path / "tools")
    monkeypatch.setattr(quadsort, "_external", lambda: False)
    in_python = _sorted(batches, tmp_path / "python")
    assert in_python == with_tools


def test_the_census_counts_what_void_describes(built: Built, tmp_path: Path) -> None:
    batches = _batches(built)
    census, nquads, ntriples = _sorted(batches, tmp_path / "d")
    quads = set(batches[0] + batches[1])
    minter = default_minter()
    by_graph: dict[str, int] = {}
    for q in quads:
        graph = q.graph_name.value  # type: ignore[union-attr]
        by_graph[graph] = by_graph.get(graph, 0) + 1
    assert census.quads_by_graph == dict(sorted(by_graph.items()))
    assert census.triples == len({q.triple for q in quads}) == ntriples.count(b"\n")
    assert nquads.count(b"\n") == len(quads)
    assert census.properties == len({q.predicate for q in quads})
    rdf_type = PREFIXES["rdf"] + "type"
    assert census.classes == len({q.object for q in quads if q.predicate.value == rdf_type})
    space = f"{minter.base}/id/"
    assert census.entities == len({q.subject for q in quads if isinstance(q.subject, NamedNode)
                                   and q.subject.value.startswith(space)})
    statistics = DatasetStatistics(minter)
    statistics.add(quads)
    assert statistics.triples() == partition_triples(minter, census.by_class)


def test_cancelling_a_finished_sort_does_nothing(tmp_path: Path) -> None:
    """A build that fails after its dumps were written (SHACL's verdict comes last) cancels
    them: the sorts it waited for must not be read again (their pipes are closed)."""
    nquads = tmp_path / "a.nq"
    nquads.write_text('<http://e/b> <http://e/p> "1" <http://e/g> .\n')
    run = start_sort(nquads, tmp_path / "a.run", tmp_path)
    run.wait()
    run.cancel()
    run.cancel()
    assert (tmp_path / "a.run").read_text() == (
        '<http://e/g> <http://e/b> <http://e/p> "1" <http://e/g> .\n')


@pytest.mark.skipif(quadsort.shutil.which("sort") is None or quadsort.shutil.which("awk") is None,
                    reason="the tools are not on the PATH: the sort runs in Python, in process")
def test_a_sort_wanted_later_runs_below_the_build(tmp_path: Path) -> None:
    # the build sorts the collected quads while the gap analysis runs: its tools yield to it
    import os

    source = tmp_path / "quads.nq"
    os.mkfifo(source)  # the tools wait on it: they are still running when looked at
    run = tmp_path / "run"
    own = os.getpriority(os.PRIO_PROCESS, 0)
    sorting = start_sort(source, run, tmp_path, nice=3)
    try:
        assert len(sorting.processes) == 4
        assert {os.getpriority(os.PRIO_PROCESS, p.pid) for p in sorting.processes} == {own + 3}
    finally:
        sorting.cancel()  # the tools never got their input
    assert os.getpriority(os.PRIO_PROCESS, 0) == own  # the build's own is untouched
