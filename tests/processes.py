"""Processes read from /proc, for the tests that check a build or a forked child leaves none
behind.

>>> import os
>>> running(os.getpid())
True
>>> os.getpid() in with_field(PGRP, os.getpgid(0))
True
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterable
from pathlib import Path

__all__ = ["PGRP", "PPID", "kill_groups", "running", "still_running", "with_field"]

#: fields of /proc/PID/stat after the command name: state, parent pid, process group
PPID, PGRP = 1, 2


def _fields(stat: Path) -> list[str]:
    return stat.read_text().rsplit(")", 1)[1].split()


def running(pid: int) -> bool:
    """Whether ``pid`` runs: gone, or a zombie no init has reaped yet, is not running."""
    try:
        return _fields(Path(f"/proc/{pid}/stat"))[0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


def with_field(field: int, value: int) -> set[int]:
    """The processes (zombies included) whose /proc stat ``field`` (:data:`PPID`,
    :data:`PGRP`) is ``value``."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            if int(_fields(stat)[field]) == value:
                found.add(int(stat.parent.name))
    return found


def still_running(children: Iterable[int]) -> set[int]:
    """The processes among ``children`` and in the process groups they lead that still run."""
    return {pid for child in children for pid in with_field(PGRP, child) | {child}
            if running(pid)}


def kill_groups(children: Iterable[int]) -> None:
    """Kill the process groups ``children`` lead, if any is left (a test's clean-up)."""
    for pid in children:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
