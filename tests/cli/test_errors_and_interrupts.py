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
from tests.processes import PPID, running, with_field

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


def _previous_build(folder: Path) -> dict[str, bytes]:
    folder.mkdir(parents=True)
    (folder / "build.json").write_text("{}\n")
    (folder / "marker").write_text("the previous build")
    return _contents(folder)


def _contents(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def test_ctrl_c_during_a_build_aborts_with_130_and_leaves_everything(tmp_path: Path) -> None:
    """Ctrl-C once the build has started its children (SHACL, maybe HermiT): one 'aborted'
    line, exit code 130, the previous build as it was, and no child process left running."""
    out = tmp_path / "var"
    before = _previous_build(out)
    build = subprocess.Popen([sys.executable, "-m", "sekg.cli", "build", "--out", str(out)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
    children: set[int] = set()
    deadline = time.monotonic() + 120
    while not children and build.poll() is None and time.monotonic() < deadline:
        children = with_field(PPID, build.pid)  # the forked SHACL (and HermiT) children
        time.sleep(0.01)
    assert children, "the build started no child process"
    build.send_signal(signal.SIGINT)
    _, stderr = build.communicate(timeout=120)
    assert build.returncode == 130, stderr
    assert stderr.strip().splitlines()[-1].startswith("aborted"), stderr
    assert "Traceback" not in stderr and "unexpected error" not in stderr
    assert _contents(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["var"]  # no temporary folder left
    assert not [pid for pid in children if running(pid)]


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
