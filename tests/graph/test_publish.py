"""The dumps written in batches (as the build does while HermiT reasons) equal the dumps
written at once, whatever the batches."""

from __future__ import annotations

import json
import random
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse

from sekg.graph.build import BuildReport
from sekg.graph.publish import DumpPlan, write_dumps
from sekg.ontology.iri import default_minter

Built = tuple[Path, BuildReport]


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_dumps_in_batches_equal_dumps_at_once(built: Built, tmp_path: Path) -> None:
    """Three batches that overlap (a quad repeated in a later batch, a triple in a second
    graph), each prepared before the next arrives, touching subjects already rendered."""
    out, _ = built
    quads = list(parse(path=str(out / "dumps" / "dataset.nq"), format=RdfFormat.N_QUADS))
    random.Random(7).shuffle(quads)
    first, second, third = quads[:30000], quads[30000:50000], quads[50000:]
    again = NamedNode("https://w3id.org/social-economy-kg/graph/analysis")
    moved = [Quad(q.subject, q.predicate, q.object, again) for q in first[:5]]
    minter = default_minter()
    at_once = write_dumps(list(dict.fromkeys(quads + moved)), tmp_path / "at-once", minter)

    plan = DumpPlan(minter)
    plan.add(first)
    plan.prepare()
    plan.add(second + first[:100])
    plan.prepare()
    plan.add(third + moved + moved)
    in_batches = plan.write(tmp_path / "in-batches")

    assert _files(tmp_path / "in-batches") == _files(tmp_path / "at-once")
    assert in_batches[1] == at_once[1]
    assert sum(plan.quads_by_graph().values()) == len(set(quads + moved))


def test_a_late_triple_rerenders_its_node(tmp_path: Path) -> None:
    """A node rendered before its last triple arrives is rendered again with it."""
    minter = default_minter()
    s = NamedNode(minter.resource("organisation", "x"))
    label = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    g = NamedNode(minter.graph("piano-2030"))
    plan = DumpPlan(minter)
    plan.add([Quad(s, label, Literal("X"), g)])
    plan.prepare()
    plan.add([Quad(s, label, Literal("Y", language="it"), g)])
    plan.write(tmp_path)
    text = (tmp_path / "dataset.jsonld").read_text("utf-8")
    assert '"rdfs:label": ["X", {"@language": "it", "@value": "Y"}]' in text


def test_a_literal_with_a_unicode_line_separator_is_one_line(tmp_path: Path) -> None:
    """N-Quads leaves U+2028 and U+0085 unescaped in literals: the plan must still read each
    quad's line whole (str.splitlines would cut it in two)."""
    minter = default_minter()
    s = NamedNode(minter.resource("organisation", "x"))
    label = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    g = NamedNode(minter.graph("piano-2030"))
    quads = [Quad(s, label, Literal("a\u2028b\x85c"), g), Quad(s, label, Literal("d"), g)]
    plan = DumpPlan(minter)
    plan.add(quads)
    plan.write(tmp_path)
    assert plan.quads_by_graph() == {g.value: 2}
    for name in ("dataset.nq", "dataset.trig"):
        fmt = RdfFormat.N_QUADS if name.endswith(".nq") else RdfFormat.TRIG
        assert set(parse(path=str(tmp_path / name), format=fmt)) == set(quads)
    assert '"a\u2028b\x85c"' in (tmp_path / "dataset.jsonld").read_text("utf-8")


def test_the_nquads_dump_is_handed_over_complete_before_the_other_files(built: Built,
                                                                       tmp_path: Path) -> None:
    """The build loads its on-disk store from the N-Quads dump while the other files are
    written: the callback sees the whole dump and none of the files written after it."""
    out, _ = built
    quads = list(parse(path=str(out / "dumps" / "dataset.nq"), format=RdfFormat.N_QUADS))
    plan = DumpPlan(default_minter())
    plan.add(quads)
    seen: list[tuple[Path, bytes, set[str]]] = []
    folder = tmp_path / "dumps"
    files, _ = plan.write(folder, on_nquads=lambda path: seen.append(
        (path, path.read_bytes(), {p.name for p in folder.iterdir()})))
    ((path, text, present),) = seen
    assert path == folder / "dataset.nq" and text == (out / "dumps" / "dataset.nq").read_bytes()
    assert "dataset.ttl" not in present and "dataset.jsonld" not in present
    assert {f.name for f in files} >= {"dataset.ttl", "dataset.jsonld", "void.ttl"}


def test_chunked_writes_equal_whole_ones(built: Built, tmp_path: Path) -> None:
    """The N-Quads and JSON-LD writers go out in chunks (national-scale memory); whatever the
    chunk size, the bytes are those of the whole text."""
    from sekg.graph.jsonld import JsonLdDocument
    from sekg.graph.publish import _write_lines

    groups = [(["<a> <b> <c>", "<d> <e> <f>", "<g> <h> <i>"], " <g1> ."), ([], " <g2> ."),
              (["<j> <k> <l>"], " <g3> .")]
    whole = ("<a> <b> <c> <g1> .\n<d> <e> <f> <g1> .\n<g> <h> <i> <g1> .\n"
             "<j> <k> <l> <g3> .\n")
    for chunk in (1, 2, 3, 50_000):
        _write_lines(tmp_path / f"lines-{chunk}.nq", groups, chunk=chunk)
        assert (tmp_path / f"lines-{chunk}.nq").read_text() == whole
    _write_lines(tmp_path / "empty.nq", [([], " <g> .")])
    assert (tmp_path / "empty.nq").read_bytes() == b"\n"

    out, _ = built
    quads = list(parse(path=str(out / "dumps" / "dataset.nq"), format=RdfFormat.N_QUADS))
    document = JsonLdDocument(DumpPlan(default_minter()).prefixes)
    document.add(quads[:3000])
    whole_json = document.dumps()
    assert b"".join(document._chunks(size=7)) == whole_json
    document.write(tmp_path / "doc.jsonld")
    assert (tmp_path / "doc.jsonld").read_bytes() == whole_json
    nodes = json.loads(whole_json)["@graph"]
    assert len(nodes) == len({q.subject for q in quads[:3000]}) > 7  # several chunks
