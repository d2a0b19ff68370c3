"""Opening the embedded store: in memory when small, on disk when large or asked."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from sekg.graph import store as store_module
from sekg.graph.questions import resolve_store
from sekg.graph.store import EmbeddedStore, disk_bytes
from sekg.ontology.errors import StoreError

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
    assert again is not first and len(again) == 10
