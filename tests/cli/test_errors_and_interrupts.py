"""The command line when things go wrong: usage errors as click shows them, Ctrl-C, an --out
that cannot or must not be written; each says so in one line and leaves nothing behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sekg.graph.build import check_out
from tests.processes import PPID, kill_groups, running, still_running, with_field

ENV = {"COLUMNS": "200", "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
       "XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"]}


def sekg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sekg.cli", *args], capture_output=True,
                          text=True, timeout=300, env=ENV)


@pytest.mark.parametrize(("args", "message"), [
    (("bogus",), "No such command 'bogus'."),
    (("build", "--bogus"), "No such option: --bogus"),
    (("query", "run"), "Missing argument 'NAME'."),
    (("gaps", "--zone", "abc"), "Invalid value for '--zone'"),
])
def test_usage_errors_are_shown_as_click_shows_them(args: tuple[str, ...], message: str) -> None:
    result = sekg(*args)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("Usage: sekg"), result.stderr
    assert "--help' for help." in result.stderr and f"Error: {message}" in result.stderr
    assert "unexpected error" not in result.stderr and "report it" not in result.stderr


@pytest.mark.parametrize("args", [(), ("query",)])
def test_a_group_without_a_command_shows_its_help(args: tuple[str, ...]) -> None:
    result = sekg(*args)
    assert result.returncode == 0, result.stderr
    assert "Usage: sekg" in result.stdout and "Commands" in result.stdout
    assert result.stderr == ""


def _assert_left_as_before(out: Path, before: dict[str, bytes], children: set[int]) -> None:
    """A stopped build: the previous build as it was, no temporary folder beside it, and no
    process left of the children it started or of their groups (HermiT's JVM)."""
    assert _contents(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["var"]  # no temporary folder
    left = still_running(children)
    assert not left, f"still running: {left}"


def _previous_build(folder: Path) -> dict[str, bytes]:
    folder.mkdir(parents=True)
    (folder / "build.json").write_text("{}\n")
    (folder / "marker").write_text("the previous build")
    return _contents(folder)


def _contents(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.mark.parametrize("when", ["reading the sources", "data handed over"])
@pytest.mark.parametrize(("signum", "code", "said"), [
    (signal.SIGINT, 130, "aborted (interrupted)"),    # Ctrl-C
    (signal.SIGTERM, 143, "aborted (terminated)"),    # kill, timeout(1), a CI job cancelled
])
def test_a_stopped_build_aborts_and_leaves_everything(tmp_path: Path, when: str, signum: int,
                                                      code: int, said: str) -> None:
    """Ctrl-C or SIGTERM while the build reads its sources (only the gap analysis's child
    runs, importing), or once it has written the collected quads (.collected-0.nq) to its
    temporary folder (the gap child analyses them, SHACL and HermiT run, a thread bulk-loads
    the store): one 'aborted' line, exit code 128 + the signal, the previous build as it was,
    no temporary folder, and no process of the children's groups (HermiT's JVM) left running.
    SIGTERM ended the build at once: its temporary folder stayed, and its children ran on."""
    out = tmp_path / "var"
    before = _previous_build(out)
    build = subprocess.Popen([sys.executable, "-m", "sekg.cli", "build", "--out", str(out)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
    handed = tmp_path / f".var.building-{build.pid}" / ".collected-0.nq"
    children: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while build.poll() is None and time.monotonic() < deadline:
            children |= with_field(PPID, build.pid)
            if children if when == "reading the sources" else handed.exists():
                break
            time.sleep(0.005)
        assert children, "the build started no child process"
        assert when != "data handed over" or handed.exists(), "no .collected-0.nq was written"
        build.send_signal(signum)
        _, stderr = build.communicate(timeout=120)
        assert build.returncode == code, stderr
        assert stderr.strip().splitlines()[-1] == said, stderr
        assert "Traceback" not in stderr and "unexpected error" not in stderr
        _assert_left_as_before(out, before, children)
    finally:
        build.kill()
        kill_groups(children)  # the groups of the children this test's build started


def test_ctrl_c_promises_nothing_a_command_cannot_keep(built: tuple[Path, object],
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """`sekg load` interrupted after some graphs went to the server: it must not say that
    earlier outputs are as they were (it said so after any command)."""
    from sekg import cli
    from sekg.graph.store import RemoteStore

    def interrupted(self: RemoteStore, quads: object) -> dict[str, int]:
        raise KeyboardInterrupt   # as if after the first PUT

    monkeypatch.setattr(RemoteStore, "load", interrupted)
    monkeypatch.setattr(sys, "argv", ["sekg", "load", "--out", str(built[0]), "--store",
                                      "http://127.0.0.1:9/query", "--gsp",
                                      "http://127.0.0.1:9/store"])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    assert exited.value.code == 130
    stderr = capsys.readouterr().err
    assert stderr.startswith("aborted") and "as they were" not in stderr, stderr


@pytest.mark.parametrize(("make", "out", "message"), [
    (lambda t: (t / "f").write_text("x"), "f/var", "cannot write the build to {t}/f/var: "
                                                    "{t}/f is not a directory"),
    (lambda t: None, "/proc/var", "cannot write the build to /proc/var: /proc is not writable"),
    (lambda t: (t / "f").write_text("x"), "f", "will not replace {t}/f: it is a file and "
                                                "not a previous build (it has no build.json)"),
    (lambda t: (t / "d").mkdir() or (t / "d" / "notes").write_text("x"), "d",
     "will not replace {t}/d: it is a folder and not a previous build"),
])
def test_an_out_that_cannot_or_must_not_be_written_is_one_line(
        tmp_path: Path, make: object, out: str, message: str) -> None:
    make(tmp_path)  # type: ignore[operator]
    before = _contents(tmp_path)
    result = sekg("build", "--out", str(tmp_path / out), "--no-reason")
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert message.format(t=tmp_path) in lines[0]
    assert _contents(tmp_path) == before


def test_an_empty_folder_or_a_previous_build_may_be_replaced(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    check_out(tmp_path / "empty")
    _previous_build(tmp_path / "var")
    check_out(tmp_path / "var")
    check_out(tmp_path / "new" / "var")
    assert (tmp_path / "new").is_dir()  # the parent is made, not the build folder
    assert not (tmp_path / "new" / "var").exists()


def test_viz_into_an_unwritable_place_is_one_line(built: tuple[Path, object]) -> None:
    result = sekg("viz", "--out", "/proc/x.html", "--store", str(built[0]), "--no-plots")
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines == ["error: cannot write /proc/x.html: /proc is not writable (no such file or "
                     "directory) — choose a folder you can write to"], result.stderr


def test_a_forked_child_ends_on_sigterm_as_before_the_handler() -> None:
    """A child forked by the build inherits the CLI's SIGTERM handler until it sets its own:
    cancelled in that moment it must end by the signal, not raise KeyboardInterrupt (whose
    traceback the build's stderr showed under its one-line error)."""
    code = ("import os, signal, sys; from sekg import cli; cli._state['pid'] = os.getpid(); "
            "signal.signal(signal.SIGTERM, cli._terminate); pid = os.fork()\n"
            "if pid == 0:\n"
            "    os.kill(os.getpid(), signal.SIGTERM); sum(range(10**6)); os._exit(0)\n"
            "print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, env=ENV)
    assert done.stdout.strip() == str(-signal.SIGTERM), done.stderr
    assert "Traceback" not in done.stderr and "KeyboardInterrupt" not in done.stderr


def test_main_gives_its_caller_its_sigterm_handler_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """cli.main() run in a process that goes on (a test, a notebook) leaves SIGTERM as it was."""
    from sekg import cli

    before = signal.getsignal(signal.SIGTERM)
    monkeypatch.setattr(sys, "argv", ["sekg", "query", "list"])
    with pytest.raises(SystemExit):
        cli.main()
    assert signal.getsignal(signal.SIGTERM) is before


#: a build that reads its sources in a child (as a large build does: graph/collecting.py),
#: in batches of 500 quads, stopped by SIGTERM as `sekg build` is (sigterm_as_interrupt)
_BUILD_APART = """
import sys
from pathlib import Path
import sekg.graph.build as b
from sekg.cli import sigterm_as_interrupt
b.HANDOVER_BATCH_QUADS = 500
try:
    with sigterm_as_interrupt():
        b.build(b.BuildOptions(out=Path(sys.argv[1]), reason=False, collect_apart=True))
except KeyboardInterrupt:  # build() stopped its children before it returned
    import multiprocessing
    print("children left:", [child.pid for child in multiprocessing.active_children()])
    sys.exit(143)
"""


def test_a_build_stopped_while_its_sources_child_reads_leaves_nothing(tmp_path: Path) -> None:
    """SIGTERM while the sources child is still reading (it has handed over a few batches):
    the build stops it with the other children, removes its temporary folder and keeps the
    previous build."""
    out = tmp_path / "var"
    before = _previous_build(out)
    build = subprocess.Popen([sys.executable, "-c", _BUILD_APART, str(out)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
    handed = tmp_path / f".var.building-{build.pid}" / ".collected-2.nq"
    children: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while build.poll() is None and time.monotonic() < deadline and not handed.exists():
            children |= with_field(PPID, build.pid)
            time.sleep(0.002)
        children |= with_field(PPID, build.pid)
        assert handed.exists(), "no third batch was handed over"
        # the gap child and the sources child, which is still reading
        assert len([pid for pid in children if running(pid)]) >= 2, children
        build.send_signal(signal.SIGTERM)
        stdout, stderr = build.communicate(timeout=120)
        assert build.returncode == 143, stderr
        assert "Traceback" not in stderr, stderr
        assert stdout.strip() == "children left: []", stdout
        _assert_left_as_before(out, before, children)
    finally:
        build.kill()
        kill_groups(children)

