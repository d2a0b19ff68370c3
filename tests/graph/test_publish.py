"""The dumps: written in batches (as the build does) or at once, the same files; sorted by
construction; the JSON-LD document one node per subject and per line, whatever the chunks."""

from __future__ import annotations

import io
import json
import random
import time
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse

from sekg.graph.build import BuildReport
from sekg.graph.jsonld import _NodePerLine
from sekg.graph.publish import DUMP_FILES, DumpPlan, write_dumps
from sekg.graph.quadsort import Sorting
from sekg.ontology.iri import default_minter

Built = tuple[Path, BuildReport]


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_dumps_in_batches_equal_dumps_at_once(built: Built, tmp_path: Path) -> None:
    """Three batches that overlap (a quad repeated in a later batch, a triple in a second
    graph), one of them an N-Quads file, in shuffled order."""
    out, _ = built
    quads = list(parse(path=str(out / "dumps" / "dataset.nq"), format=RdfFormat.N_QUADS))
    random.Random(7).shuffle(quads)
    first, second, third = quads[:30000], quads[30000:50000], quads[50000:]
    again = NamedNode("https://w3id.org/social-economy-kg/graph/analysis")
    moved = [Quad(q.subject, q.predicate, q.object, again) for q in first[:5]]
    minter = default_minter()
    at_once = write_dumps(list(dict.fromkeys(quads + moved)), tmp_path / "at-once", minter)

    work = tmp_path / "work"
    work.mkdir()
    (work / "second.nq").write_bytes(
        b"".join(str(q).encode() + b" .\n" for q in second + first[:100]))
    plan = DumpPlan(minter, work)
    plan.add(first)
    plan.add_file(work / "second.nq")
    plan.add(third + moved + moved)
    in_batches = plan.write(tmp_path / "in-batches")

    assert _files(tmp_path / "in-batches") == _files(tmp_path / "at-once")
    assert in_batches[1] == at_once[1]
    assert sum(plan.quads_by_graph().values()) == len(set(quads + moved))
    assert sorted(p.name for p in work.iterdir()) == ["second.nq"]  # no sorted run left

    # the same batches sorted in turn, as the build sorts its batches while it reads on, each
    # sort with so little memory that it spills to temporary files and merges them
    (work / "first.nq").write_bytes(b"".join(str(q).encode() + b" .\n" for q in first))
    (work / "third.nq").write_bytes(
        b"".join(str(q).encode() + b" .\n" for q in third + moved + moved))
    plan = DumpPlan(minter, work)
    for name in ("first.nq", "second.nq", "third.nq"):
        plan.add_file_in_turn(work / name, buffer="64K")
    plan.write(tmp_path / "in-turn")
    assert _files(tmp_path / "in-turn") == _files(tmp_path / "at-once")


def test_batches_sorted_in_turn_are_sorted_one_at_a_time_at_the_plan_s_priority(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sekg.graph import publish

    spans: list[tuple[float, float]] = []
    niceness: list[object] = []
    given = publish.start_sort

    def timed(*args: object, **kwargs: object) -> Sorting:
        niceness.append(kwargs["nice"])
        sorting = given(*args, **kwargs)  # type: ignore[arg-type]
        started = time.monotonic()
        for process in sorting.processes:
            process.wait()
        spans.append((started, time.monotonic()))
        return sorting

    monkeypatch.setattr(publish, "start_sort", timed)
    lines = [f'<http://e/s{i}> <http://e/p> "{i}" <http://e/g> .\n' for i in range(20000)]
    plan = DumpPlan(default_minter(), tmp_path)
    plan.in_turn_nice = 3
    for n in range(3):
        path = tmp_path / f"{n}.nq"
        path.write_text("".join(lines[n::3]), encoding="utf-8")
        plan.add_file_in_turn(path)
    plan.write(tmp_path / "dumps")
    assert len(spans) == 3
    assert niceness == [3, 3, 3]
    assert all(end <= start for (_, end), (start, _) in zip(spans, spans[1:], strict=False))
    assert (tmp_path / "dumps" / "dataset.nq").read_text(encoding="utf-8").count("\n") == 20000


def test_cancelling_a_plan_stops_its_sorts_in_turn(tmp_path: Path) -> None:
    lines = "".join(f'<http://e/s{i}> <http://e/p> "{i}" <http://e/g> .\n' for i in range(50000))
    plan = DumpPlan(default_minter(), tmp_path)
    for n in range(4):
        (tmp_path / f"{n}.nq").write_text(lines, encoding="utf-8")
        plan.add_file_in_turn(tmp_path / f"{n}.nq")
    plan.cancel()
    assert all(p.returncode is not None for s in plan._started for p in s.processes)
    assert len(plan._started) < 4  # those not started never are


def test_the_dumps_are_sorted_by_construction(built: Built) -> None:
    """N-Quads: graph by graph (graphs by IRI), each graph's lines in code-point order, each
    once; N-Triples: the distinct triples in code-point order. So the order depends on the
    set of quads alone: not on the order they came in, a hash or the process."""
    out, _ = built
    nquads = (out / "dumps" / "dataset.nq").read_text("utf-8").split("\n")[:-1]
    graph_of = {line: line[line.rindex(" <", 0, -2):] for line in nquads}
    assert nquads == sorted(set(nquads), key=lambda line: (graph_of[line], line))
    triples = (out / "dumps" / "dataset.nt").read_text("utf-8").split("\n")[:-1]
    assert triples == sorted({line[:-len(graph_of[line])] + " ." for line in nquads})


def test_a_literal_with_a_unicode_line_separator_is_one_line(tmp_path: Path) -> None:
    """N-Quads leaves U+2028 and U+0085 unescaped in literals: sorting splits lines at line
    feeds only, so each quad stays one line."""
    minter = default_minter()
    s = NamedNode(minter.resource("organisation", "x"))
    label = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    g = NamedNode(minter.graph("piano-2030"))
    quads = [Quad(s, label, Literal("a\u2028b\x85c"), g), Quad(s, label, Literal("d"), g)]
    plan_dir = tmp_path / "work"
    plan_dir.mkdir()
    plan = DumpPlan(minter, plan_dir)
    plan.add(quads)
    plan.write(tmp_path / "dumps")
    assert plan.quads_by_graph() == {g.value: 2}
    for name in ("dataset.nq", "dataset.trig"):
        fmt = RdfFormat.N_QUADS if name.endswith(".nq") else RdfFormat.TRIG
        assert set(parse(path=str(tmp_path / "dumps" / name), format=fmt)) == set(quads)
    document = json.loads((tmp_path / "dumps" / "dataset.jsonld").read_text("utf-8"))
    (node,) = document["@graph"]
    assert {"@value": "a\u2028b\x85c"} in node[label.value]


def test_jsonld_has_one_node_per_subject_and_line(built: Built) -> None:
    """pyoxigraph starts a node object at each run of a subject's triples: from the sorted
    triples, one per subject, each on its own line after the context's two lines."""
    out, _ = built
    text = (out / "dumps" / "dataset.jsonld").read_text("utf-8")
    document = json.loads(text)
    subjects = {q.subject for q in parse(path=str(out / "dumps" / "dataset.nt"),
                                         format=RdfFormat.N_TRIPLES)}
    ids = [node["@id"] for node in document["@graph"]]
    assert len(ids) == len(set(ids)) == len(subjects)
    assert text.count("\n") == len(ids) + 1


def test_node_per_line_whatever_the_chunks() -> None:
    """The line breaks between node objects do not depend on where the writer's chunks end,
    and a value that looks like a boundary inside a string is left alone."""
    nodes = [{"@id": f"http://e/{i}", "http://e/p": [{"@value": ']},{"@id":' * i}]}
             for i in range(5)]
    text = json.dumps(nodes, separators=(",", ":")).encode()
    expected = text.replace(b']},{"@id":', b']},\n{"@id":')
    assert expected.count(b"\n") == 4
    for size in (1, 2, 3, 7, 11, len(text)):
        handle = io.BytesIO()
        writer = _NodePerLine(handle)
        for start in range(0, len(text), size):
            writer.write(text[start:start + size])
        writer.close()
        assert handle.getvalue() == expected, size
    assert json.loads(expected) == nodes


def test_the_longest_conversion_yields_least(tmp_path: Path) -> None:
    """JSON-LD, the longest of the conversions of the triples, runs above Turtle and
    RDF/XML (all below the merge the TriG dump waits for), so as not to end alone."""
    plan = DumpPlan(default_minter(), tmp_path, yielding=5)
    nice = {dump.name: plan._conversion_nice(dump) for dump in DUMP_FILES if not dump.quads}
    assert 0 < nice["dataset.jsonld"] < nice["dataset.ttl"] == nice["dataset.rdf"] == 5
