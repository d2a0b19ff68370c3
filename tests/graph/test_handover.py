"""The on-disk store filled in the background (graph/handover.py): streamed through one pipe
into one bulk load, or one bulk load per file, the store holds the same quads; a child forked
meanwhile does not hold the load up; a broken file is the load's own error, not a hang."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, serialize

from sekg.graph.forked import Forked, fork_available
from sekg.graph.handover import StoreLoader, _pipes_have_paths

needs_pipe_paths = pytest.mark.skipif(not _pipes_have_paths(),
                                      reason="no /dev/fd: the loader loads file by file")


def _files(folder: Path, count: int, per_file: int) -> list[Path]:
    files = []
    for n in range(count):
        quads = [Quad(NamedNode(f"http://e/s{n}-{i}"), NamedNode("http://e/p"), Literal(i),
                      NamedNode(f"http://e/g{n % 3}")) for i in range(per_file)]
        path = folder / f"batch-{n}.nq"
        serialize(quads, str(path), format=RdfFormat.N_QUADS)
        files.append(path)
    return files


def _ends_within(seconds: float, work: Callable[[], object]) -> bool:
    """Whether ``work`` returns (or raises) within ``seconds``, run in a daemon thread (a
    hang fails the test rather than the whole run)."""
    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(seconds)
    return not worker.is_alive()


def _content(loader: StoreLoader) -> list[str]:
    return sorted(str(q) for q in loader.result().quads())


@needs_pipe_paths
def test_the_streamed_store_holds_what_the_per_file_one_holds(tmp_path: Path) -> None:
    files = _files(tmp_path, 5, 2_000)
    streamed = StoreLoader(tmp_path / "streamed")
    per_file = StoreLoader(tmp_path / "per-file", stream=False)
    assert streamed.streaming and not per_file.streaming
    for path in files:
        streamed.add(path)
        per_file.add(path)
    streamed_quads = _content(streamed)
    assert streamed_quads == _content(per_file)
    assert len(streamed_quads) == 10_000
    assert '<http://e/s4-1999> <http://e/p> "1999"^^<http://www.w3.org/2001/XMLSchema#integer>' \
        ' <http://e/g1>' in streamed_quads


def _loading_two_files(tmp_path: Path) -> StoreLoader:
    """A loader given two files of 100 quads each."""
    loader = StoreLoader(tmp_path / "store")
    for path in _files(tmp_path, 2, 100):
        loader.add(path)
    return loader


@needs_pipe_paths
def test_asking_for_the_compaction_ends_the_one_load(tmp_path: Path) -> None:
    # the build asks for the compaction once every collected batch is added; the store is
    # complete with what was added before, and the one load ends (no wait for more input)
    loader = _loading_two_files(tmp_path)
    loader.compact()
    assert _ends_within(60, loader.result), "the load kept waiting after the stream ended"
    assert len(loader.result()) == 200


@needs_pipe_paths
def test_ending_the_loads_ends_the_one_load_before_the_compaction(tmp_path: Path) -> None:
    # the build ends the loads at the hand-over and compacts later, while the dumps are
    # written: the one load has ended by then
    loader = _loading_two_files(tmp_path)
    loader.end_loads()
    assert _ends_within(60, lambda: [task.result() for task in loader._tasks]), \
        "the load kept waiting after the stream ended"
    assert loader._compacting is False
    assert len(loader.result()) == 200


@needs_pipe_paths
@pytest.mark.skipif(not fork_available(), reason="no fork on this platform")
def test_a_child_forked_while_the_stream_is_open_does_not_hold_the_load(
        tmp_path: Path) -> None:
    # a forked child inherits every descriptor: were it to keep the pipe's writing end, the
    # load would not see the stream's end until the child ended
    files = _files(tmp_path, 2, 100)
    loader = StoreLoader(tmp_path / "store")
    loader.add(files[0])
    sleeper = Forked(time.sleep, 120, label="sleeper")
    try:
        loader.add(files[1])
        assert _ends_within(60, loader.result), "a forked child kept the store's pipe open"
        assert len(loader.result()) == 200
    finally:
        sleeper.cancel()


@needs_pipe_paths
def test_a_broken_file_is_the_load_s_error_not_a_hang(tmp_path: Path) -> None:
    good = _files(tmp_path, 1, 100)[0]
    broken = tmp_path / "broken.nq"
    broken.write_text("<http://e/s> <http://e/p> .\n")  # no object: not N-Quads even leniently
    loader = StoreLoader(tmp_path / "store")
    (tmp_path / "big").mkdir()
    # more than a pipe holds: a feeder writing for a dead load would block
    big = _files(tmp_path / "big", 3, 50_000)
    loader.add(good)
    loader.add(broken)
    for path in big:
        loader.add(path)
    outcome: list[BaseException] = []

    def wait() -> None:
        try:
            loader.result()
        except BaseException as exc:  # noqa: BLE001 - examined below
            outcome.append(exc)

    assert _ends_within(60, wait), "a failed load left the loader waiting"
    assert outcome and isinstance(outcome[0], SyntaxError), outcome


@needs_pipe_paths
def test_closing_a_failed_build_s_loader_ends_the_load(tmp_path: Path) -> None:
    files = _files(tmp_path, 2, 1_000)
    loader = StoreLoader(tmp_path / "store")
    for path in files:
        loader.add(path)
    assert _ends_within(60, loader.close), "close() waited for a stream that never ended"
