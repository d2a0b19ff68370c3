"""Opening the embedded store: in memory when small, on disk when large or asked."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from sekg.graph import store as store_module
from sekg.graph.build import BuildReport
from sekg.graph.questions import resolve_store
from sekg.graph.store import EmbeddedStore, disk_bytes
from sekg.ontology.errors import StoreError
from sekg.ontology.namespaces import base_uri
from sekg.queries.catalog import get_query

QUADS = [Quad(NamedNode(f"http://e/s{i}"), NamedNode("http://e/p"), Literal(i),
              NamedNode("http://e/g")) for i in range(50)]


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    EmbeddedStore.create(tmp_path / "store", QUADS).close()
    return tmp_path / "store"


def test_a_small_store_is_copied_into_memory(folder: Path) -> None:
    opened = EmbeddedStore.open(folder)
    assert opened.in_memory
    assert opened.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }") == [
        {"n": "50"}]


def test_a_store_above_the_limit_stays_on_disk(folder: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "MEMORY_COPY_MAX_BYTES", disk_bytes(folder) - 1)
    opened = EmbeddedStore.open(folder)
    assert not opened.in_memory
    assert len(opened) == 50


def test_in_memory_can_be_forced_either_way(folder: Path) -> None:
    assert not EmbeddedStore.open(folder, in_memory=False).in_memory
    assert EmbeddedStore.open(folder, in_memory=True).in_memory


def test_a_missing_store_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no built graph"):
        EmbeddedStore.open(tmp_path / "nothing", in_memory=True)


def test_resolve_store_opens_a_location_once_and_again_after_a_rebuild(tmp_path: Path) -> None:
    EmbeddedStore.create(tmp_path / "var" / "store", QUADS).close()
    first = resolve_store(tmp_path / "var")
    assert resolve_store(str(tmp_path / "var")) is first
    # a rebuild swaps in a new store folder: the next call sees it
    (tmp_path / "var" / "store").rename(tmp_path / "old")
    EmbeddedStore.create(tmp_path / "var" / "store", QUADS[:10]).close()
    again = resolve_store(tmp_path / "var")
    assert isinstance(again, EmbeddedStore)
    assert again is not first and len(again) == 10


def test_a_dump_loads_into_memory_with_the_stores_answers(built: tuple[Path, BuildReport],
                                                         store: EmbeddedStore) -> None:
    out, _ = built
    from_dump = EmbeddedStore.from_dump(out / "dumps" / "dataset.nq")
    assert from_dump.in_memory
    metadata = f"{base_uri()}/graph/metadata"
    count = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
             f"FILTER (?g != <{metadata}>) }}")
    assert from_dump.select(count) == store.select(count)
    assert from_dump.table(get_query("participants_by_helix").text) == \
        store.table(get_query("participants_by_helix").text)


def test_a_dump_of_the_wrong_kind_or_missing_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "broken.nq").write_text("<http://e/s> <http://e/p> .\n", encoding="utf-8")
    for path, message in ((tmp_path / "dataset.ttl", "cannot read"),
                          (tmp_path / "missing.nq", "no dump at"),
                          (tmp_path / "broken.nq", "is not valid nq")):
        with pytest.raises(StoreError, match=message):
            EmbeddedStore.from_dump(path)


LABEL = ("SELECT ?label WHERE { <https://w3id.org/social-economy-kg/id/organisation/acsel> "
         "<http://www.w3.org/2000/01/rdf-schema#label> ?label }")


@pytest.fixture()
def build_copy(built: tuple[Path, BuildReport], tmp_path: Path) -> Path:
    """A copy of the test build (store and dumps) that a test may alter."""
    import shutil

    out, _ = built
    shutil.copytree(out / "store", tmp_path / "var" / "store")
    (tmp_path / "var" / "dumps").mkdir()
    shutil.copy(out / "dumps" / "dataset.nq", tmp_path / "var" / "dumps" / "dataset.nq")
    return tmp_path / "var"


def test_the_memory_copy_is_read_from_the_builds_dump(build_copy: Path,
                                                      store: EmbeddedStore) -> None:
    dump = build_copy / "dumps" / "dataset.nq"
    # same number of quads, one label changed: only a copy read from the dump says "SpX"
    dump.write_text(dump.read_text("utf-8").replace('"Acsel Spa"', '"Acsel SpX"'), "utf-8")
    copy = EmbeddedStore.open(build_copy / "store", in_memory=True)
    assert copy.in_memory and len(copy) == len(store)
    assert copy.select(LABEL) == [{"label": "Acsel SpX"}]
    metadata = f"ASK {{ GRAPH <{base_uri()}/graph/metadata> {{ ?s ?p ?o }} }}"
    assert copy.ask(metadata)   # the graph the dump lacks comes from the store


def test_a_dump_that_does_not_match_the_store_is_not_used(build_copy: Path,
                                                          store: EmbeddedStore) -> None:
    dump = build_copy / "dumps" / "dataset.nq"
    lines = dump.read_text("utf-8").splitlines(keepends=True)
    dump.write_text("".join(lines[:-1]).replace('"Acsel Spa"', '"Acsel SpX"'), "utf-8")
    copy = EmbeddedStore.open(build_copy / "store", in_memory=True)
    assert len(copy) == len(store)
    assert copy.select(LABEL) == [{"label": "Acsel Spa"}]
    dump.unlink()
    assert EmbeddedStore.open(build_copy / "store", in_memory=True).select(LABEL) == \
        [{"label": "Acsel Spa"}]


def test_a_store_loaded_from_nquads_equals_one_made_from_quads(built: tuple[Path, BuildReport],
                                                              tmp_path: Path) -> None:
    """``EmbeddedStore.load`` (the build's on-disk store, from its N-Quads dump) holds what
    ``create`` and ``in_memory`` hold for the same quads; literals keep their datatype."""
    from pyoxigraph import RdfFormat, parse

    out, _ = built
    nquads = out / "dumps" / "dataset.nq"
    quads = list(parse(path=str(nquads), format=RdfFormat.N_QUADS))
    loaded = EmbeddedStore.load(tmp_path / "loaded", nquads)
    made = EmbeddedStore.create(tmp_path / "made", quads)
    memory = EmbeddedStore.from_quads(quads)
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert loaded.table(count).rows == made.table(count).rows == memory.table(count).rows
    assert int(str(loaded.table(count).rows[0][0])) == len(set(quads))
    assert memory.in_memory and not loaded.in_memory
    loaded.close()
    made.close()
