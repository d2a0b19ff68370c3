"""Materialised answers (graph/answers.py): the same table as the live query, used only for
the exact query text and only while the store is unchanged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, Store

from sekg.graph.answers import (
    ANSWERS_FOLDER,
    Answers,
    catalogue_answers,
    decode_table,
    encode_table,
    materialise,
    store_fingerprint,
)
from sekg.graph.build import BuildReport
from sekg.graph.provenance import FactSink
from sekg.graph.questions import run_named
from sekg.graph.store import EmbeddedStore
from sekg.ontology.namespaces import base_uri
from sekg.queries.catalog import load_catalog
from sekg.queries.results import Table


@pytest.fixture(scope="module")
def materialised(built: tuple[Path, BuildReport], tmp_path_factory: pytest.TempPathFactory
                 ) -> Path:
    """A copy of the Turin build with its answers materialised (the build does it only for
    graphs of a million quads or more)."""
    copy = tmp_path_factory.mktemp("answers") / "var"
    shutil.copytree(built[0], copy)
    materialise(copy / "store", catalogue_answers(base_uri()))
    return copy


def test_the_catalogue_marks_the_two_whole_network_exports() -> None:
    assert sorted(n for n, q in load_catalog().items() if q.materialise) == [
        "network_actor_territories", "network_actors"]


@pytest.mark.parametrize("in_memory", [False, True])
@pytest.mark.parametrize("name", ["network_actors", "network_actor_territories"])
def test_a_materialised_answer_is_the_live_answer(materialised: Path, name: str,
                                                  in_memory: bool) -> None:
    with_answers = EmbeddedStore.open(materialised / "store", in_memory=in_memory)
    live = EmbeddedStore.open(materialised / "store", in_memory=in_memory, answers=False)
    assert with_answers.answers is not None and live.answers is None
    for typed in (False, True):
        saved = run_named(with_answers, name, typed=typed)
        fresh = run_named(live, name, typed=typed)
        assert len(saved.rows) > 100
        assert (saved.columns, saved.rows, saved.kinds) == (fresh.columns, fresh.rows,
                                                            fresh.kinds)


def test_the_answer_is_read_from_the_file_not_the_store(materialised: Path,
                                                        tmp_path: Path) -> None:
    copy = tmp_path / "var"
    shutil.copytree(materialised, copy)
    answer = copy / ANSWERS_FOLDER / "network_actors.answer"
    saved = decode_table(answer.read_bytes(), typed=True)
    saved.rows[0][saved.columns.index("label")] = "edited in the answer file"
    answer.write_bytes(encode_table(saved))
    table = run_named(EmbeddedStore.open(copy / "store", in_memory=False), "network_actors")
    assert table.rows[0][table.columns.index("label")] == "edited in the answer file"


def test_other_parameters_or_queries_run_on_the_store(materialised: Path) -> None:
    store = EmbeddedStore.open(materialised / "store", in_memory=False)
    assert store.answers is not None
    text = catalogue_answers(base_uri())["network_actors"]
    assert store.answers.get(text, typed=False) is not None
    assert store.answers.get(text + "\n", typed=False) is None          # not the same text
    assert store.answers.get(text.replace(base_uri(), "https://example.org/kg"),
                             typed=False) is None                        # another base
    assert run_named(store, "participants_by_helix").rows                # live as usual


def test_answers_of_a_changed_store_are_ignored(materialised: Path, tmp_path: Path,
                                                caplog: pytest.LogCaptureFixture) -> None:
    copy = tmp_path / "var"
    shutil.copytree(materialised, copy)
    writable = Store(str(copy / "store"))
    writable.add(Quad(NamedNode("http://example.org/new"), NamedNode("http://example.org/p"),
                      Literal("x"), NamedNode("http://example.org/g")))
    writable.flush()
    del writable
    assert Answers.beside(copy / "store") is None
    assert "the store changed" in caplog.text
    assert EmbeddedStore.open(copy / "store", in_memory=False).answers is None


def test_opening_a_store_does_not_change_its_fingerprint(materialised: Path) -> None:
    before = store_fingerprint(materialised / "store")
    for in_memory in (False, True):
        store = EmbeddedStore.open(materialised / "store", in_memory=in_memory)
        assert run_named(store, "info_counts_by_graph").rows
        del store
    assert store_fingerprint(materialised / "store") == before


def test_a_broken_answer_file_falls_back_to_the_store(materialised: Path, tmp_path: Path,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    copy = tmp_path / "var"
    shutil.copytree(materialised, copy)
    (copy / ANSWERS_FOLDER / "network_actors.answer").write_bytes(b"{not json")
    store = EmbeddedStore.open(copy / "store", in_memory=False)
    live = EmbeddedStore.open(copy / "store", in_memory=False, answers=False)
    assert run_named(store, "network_actors").rows == run_named(live, "network_actors").rows
    assert "ignoring the materialised answer" in caplog.text


def test_a_dump_of_the_build_carries_its_answers(materialised: Path) -> None:
    store = EmbeddedStore.from_dump(materialised / "dumps" / "dataset.nq")
    assert store.answers is not None


def test_the_turin_build_materialises_nothing(built: tuple[Path, BuildReport]) -> None:
    # 34k quads: below MATERIALISE_MIN_QUADS, the live queries take milliseconds
    assert not (built[0] / ANSWERS_FOLDER).exists()


def test_a_build_of_a_large_graph_materialises_its_exports(tmp_path: Path) -> None:
    # the threshold lowered to the Turin graph's size: what a national build does
    from sekg.graph.build import BuildOptions, build

    out = tmp_path / "var"
    report = build(BuildOptions(out=out, reason=False, analyse=False, validate=False,
                                materialise_min_quads=1))
    assert {"answers/network_actors.answer", "answers/network_actor_territories.answer",
            "answers/index.json"} <= set(report.files)
    store = EmbeddedStore.open(out / "store", in_memory=False)
    assert store.answers is not None
    live = EmbeddedStore.open(out / "store", in_memory=False, answers=False)
    for name in ("network_actors", "network_actor_territories"):
        assert run_named(store, name, typed=True) == run_named(live, name, typed=True)


def test_the_gap_child_materialises_the_answers_of_the_final_store(tmp_path: Path) -> None:
    """With the gap analysis (and HermiT, when Java is there) the answers come from the gap
    child's in-memory store, handed what the build added after the hand-over (the analysis,
    HermiT's inferences, the VoID description): the same tables as live queries on the
    finished on-disk store."""
    from sekg.graph.build import BuildOptions, build

    out = tmp_path / "var"
    report = build(BuildOptions(out=out, materialise_min_quads=1))
    assert {"answers/network_actors.answer", "answers/network_actor_territories.answer",
            "answers/index.json"} <= set(report.files)
    assert not any(name.startswith(".") for name in report.files)
    assert not list(out.glob(".*.nq"))               # the hand-over files are gone
    store = EmbeddedStore.open(out / "store", in_memory=False)
    assert store.answers is not None                 # the index matches the store's files
    live = EmbeddedStore.open(out / "store", in_memory=False, answers=False)
    for name in ("network_actors", "network_actor_territories"):
        assert run_named(store, name, typed=True) == run_named(live, name, typed=True)
    # computed before the analysis (its projections read them), written as they were: the
    # analysis labels its findings, not organisations (queries/reads.py)
    assert report.answers_reused == ["network_actor_territories", "network_actors"]


def test_answers_computed_before_void_are_computed_again_when_it_may_change_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The gap child answers the exports before the VoID description is known; were the
    description to hold a quad they read (here a label given to an organisation, sorting
    first), the child is handed it and answers again: the answers are those of the final
    store all the same."""
    from sekg.graph import build as build_module
    from sekg.graph.build import BuildOptions, build

    given = build_module.metadata_quads

    def with_a_label(description: dict[str, list], minter: object) -> list[Quad]:
        quads = given(description, minter)  # type: ignore[arg-type]
        organisation = NamedNode(f"{base_uri()}/id/organisation/comune-di-torino")
        label = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
        return [*quads, Quad(organisation, label, Literal("!"), quads[0].graph_name)]

    monkeypatch.setattr(build_module, "metadata_quads", with_a_label)
    out = tmp_path / "var"
    build(BuildOptions(out=out, reason=False, validate=False, materialise_min_quads=1))
    store = EmbeddedStore.open(out / "store", in_memory=False)
    assert store.answers is not None
    live = EmbeddedStore.open(out / "store", in_memory=False, answers=False)
    answered = run_named(store, "network_actors", typed=True)
    assert answered == run_named(live, "network_actors", typed=True)
    labels = {row[0].rsplit("/", 1)[-1]: row[1] for row in answered.rows}
    assert labels["comune-di-torino"] == "!"
    assert not list(out.parent.glob(".*"))           # nor the hand-over files left


def test_answers_computed_before_the_analysis_are_computed_again_when_it_may_change_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The gap child answers the exports before its analysis and keeps the answers; were
    the analysis to give an organisation a label (sorting first), those of
    ``network_actors`` are computed again: the answers are those of the final store."""
    from sekg.graph import gap_child
    from sekg.graph.build import BuildOptions, build

    given = gap_child.add_gap_analysis

    def with_a_label(sink: FactSink, store: EmbeddedStore) -> int:
        gaps = given(sink, store)
        organisation = NamedNode(f"{base_uri()}/id/organisation/comune-di-torino")
        label = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
        sink.add_plain(organisation, label, Literal("!"), "analysis")
        return gaps

    monkeypatch.setattr(gap_child, "add_gap_analysis", with_a_label)  # before the fork
    out = tmp_path / "var"
    report = build(BuildOptions(out=out, reason=False, validate=False, materialise_min_quads=1))
    assert report.answers_reused == ["network_actor_territories"]
    store = EmbeddedStore.open(out / "store", in_memory=False)
    live = EmbeddedStore.open(out / "store", in_memory=False, answers=False)
    answered = run_named(store, "network_actors", typed=True)
    assert answered == run_named(live, "network_actors", typed=True)
    labels = {row[0].rsplit("/", 1)[-1]: row[1] for row in answered.rows}
    assert labels["comune-di-torino"] == "!"


@pytest.mark.parametrize("table", [
    Table(["a"], [], []),
    Table(["a", "b"], [["x\x1fy", "é\n"], ["", "z"]], [["", "@it"], [None, ""]]),
    Table(["k"], [[str(i)] for i in range(40)],
          [[f"http://e/datatype{i}"] for i in range(40)]),   # more kinds than codes
], ids=["empty", "separator-in-a-cell", "many-kinds"])
def test_answer_files_keep_every_cell_and_kind(table: Table) -> None:
    assert decode_table(encode_table(table), typed=True) == table
    assert decode_table(encode_table(table), typed=False).rows == table.rows


def test_a_truncated_answer_file_is_refused() -> None:
    data = encode_table(Table(["a", "b"], [["x", "y"], ["z", "w"]], [["", ""], ["", ""]]))
    with pytest.raises(ValueError, match="its header says"):
        decode_table(data[:-2], typed=False)
