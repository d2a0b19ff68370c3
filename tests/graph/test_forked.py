"""The build's forked children (SHACL, HermiT): answers and errors come back, a crash is one
clear error, and cancelling stops the child with its own children."""

from __future__ import annotations

import doctest
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from sekg.graph import forked
from sekg.graph.forked import Forked, fork_available
from sekg.ontology.errors import SekgError, SourceError
from tests.conftest import need
from tests.processes import PGRP, running, with_field


def _fail() -> None:
    raise SourceError("bad row", file="participants.csv", line=7, hint="fix it")


def _crash() -> None:
    os._exit(3)


def _sleep_with_a_grandchild(pid_file: Path) -> None:
    child = subprocess.Popen(["sleep", "60"])
    pid_file.write_text(str(child.pid))
    child.wait()


def test_the_docstring_examples_run() -> None:
    assert doctest.testmod(forked).failed == 0


def test_the_answer_and_the_time_come_back() -> None:
    child = Forked(sorted, {3, 1, 2})
    assert child.result() == [1, 2, 3] and child.result() == [1, 2, 3]
    assert child.seconds > 0 and child.done()


def test_an_error_keeps_where_and_what_to_do() -> None:
    with pytest.raises(SourceError) as raised:
        Forked(_fail).result()
    assert str(raised.value) == "participants.csv:7: bad row — fix it"


def test_a_crash_is_one_clear_error() -> None:
    with pytest.raises(SekgError, match=r"_crash stopped without an answer \(exit code 3\)"):
        Forked(_crash).result()
    with pytest.raises(SekgError, match=r"^HermiT reasoning stopped without an answer"):
        Forked(_crash, label="HermiT reasoning").result()


def test_cancel_stops_the_child_and_its_children(tmp_path: Path) -> None:
    pid_file = tmp_path / "grandchild"
    child = Forked(_sleep_with_a_grandchild, pid_file)
    for _ in range(200):
        if pid_file.exists() and pid_file.read_text():
            break
        time.sleep(0.02)
    grandchild = int(pid_file.read_text())
    assert not child.done()
    child.cancel()
    for _ in range(200):
        if not running(grandchild):
            break
        time.sleep(0.02)
    else:
        pytest.fail("the grandchild still runs after cancel()")


def _wait_forever() -> None:
    signal.pause()


def _big_answer() -> bytes:
    return b"x" * 1_000_000  # more than a pipe holds: sending waits for a reader


def test_cancel_right_after_the_start_leaves_no_process() -> None:
    """The child may not have made its process group yet when cancel() comes: it must still be
    stopped and reaped (before the fix, killpg missed it and cancel() waited forever)."""
    for function in [_wait_forever] * 20 + [_big_answer] * 5:
        child = Forked(function)
        pid = child._process.pid
        assert pid is not None
        stopper = threading.Thread(target=child.cancel, daemon=True)
        stopper.start()
        stopper.join(30)
        assert not stopper.is_alive(), "cancel() did not return"
        with pytest.raises(ChildProcessError):  # reaped: no zombie left either
            os.waitpid(pid, os.WNOHANG)
        assert not running(pid) and not [m for m in with_field(PGRP, pid) if running(m)]


def test_without_fork_a_thread_gives_the_same_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked, "fork_available", lambda: False)
    child = Forked(sorted, {3, 1, 2})
    assert child.result() == [1, 2, 3] and child.done() and child.seconds > 0
    with pytest.raises(SourceError, match="participants.csv:7: bad row"):
        Forked(_fail).result()
    Forked(sorted, [2, 1]).cancel()


def test_a_child_can_run_at_a_lower_priority() -> None:
    """``nice`` lowers the child's priority (and not this process's)."""
    need(fork_available(), "no fork on this platform: a thread ignores the priority")
    here = os.nice(0)
    assert Forked(os.nice, 0, nice=5).result() == min(here + 5, 19)
    assert Forked(os.nice, 0).result() == here == os.nice(0)


def test_a_child_whose_answer_nobody_reads_ends() -> None:
    """An answer larger than a pipe holds (64 KiB) and a parent that stopped listening (it
    cancelled, or died): the child must fail to send (EPIPE) and end. It inherited a copy of
    the pipe's reading end at the fork; while it kept it, it blocked in send() for ever."""
    need(fork_available(), "no fork on this platform: the child is a thread")
    child = Forked(bytes, 1_000_000)
    child._receive.close()  # as a dead parent's end
    child._process.join(timeout=30)
    try:
        assert child._process.exitcode == 0, "the child still blocks sending its answer"
    finally:
        child.cancel()


def test_a_later_child_does_not_keep_an_earlier_childs_pipe_open() -> None:
    """A child forked later (HermiT, after the gap analysis's child) inherits the parent's
    ends of the earlier children's pipes. It must close them: when the parent dies, the gap
    child waiting for its data has to see the end of its pipe, not wait for ever."""
    need(fork_available(), "no fork on this platform: the child is a thread")
    from sekg.graph.gap_child import GapChild
    from sekg.ontology.iri import default_minter

    gaps = GapChild(default_minter())
    later = Forked(signal.pause)
    try:
        gaps._child._send.close()  # the parent's end of the data pipe, as when the parent dies
        gaps._child._child._process.join(timeout=60)
        assert gaps._child._child._process.exitcode is not None, \
            "the gap child still waits: a later child holds its pipe open"
        assert later._process.exitcode is None  # still running: it was not what ended it
    finally:
        later.cancel()
        gaps.cancel()


def test_pid_is_the_childs_own() -> None:
    child = Forked(os.getpid, label="its own pid")
    assert child.pid is not None and child.pid != os.getpid()
    assert child.result() == child.pid
