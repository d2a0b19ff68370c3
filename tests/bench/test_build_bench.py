"""The build benchmark stopped midway (a cancelled job, ``timeout``): its build cleans up as
`sekg build` does — no temporary folder, no child process left (the dumps' ``sort`` and
``awk``, the gap analysis's child)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.processes import PPID, kill_groups, running, still_running, with_field


def test_a_terminated_run_scale_leaves_no_process_and_no_folder(tmp_path: Path) -> None:
    command = ("from pathlib import Path; from bench.build_bench import run_scale; "
               f"run_scale('turin', Path({str(tmp_path)!r}))")
    bench = subprocess.Popen([sys.executable, "-c", command], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    building = tmp_path / "turin" / f".var.building-{bench.pid}"
    children: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while bench.poll() is None and time.monotonic() < deadline:
            children |= with_field(PPID, bench.pid)
            if (building / ".collected-0.nq").exists():   # the data is handed over
                break
            time.sleep(0.005)
        assert (building / ".collected-0.nq").exists(), "the build wrote no .collected-0.nq"
        bench.send_signal(signal.SIGTERM)
        _, stderr = bench.communicate(timeout=120)
        assert bench.returncode != 0 and "KeyboardInterrupt" in stderr, stderr
        assert not building.exists()
        left = still_running(children) | {pid for pid in with_field(PPID, bench.pid)
                                          if running(pid)}
        assert not left, f"still running: {left}"
    finally:
        bench.kill()
        kill_groups(children)
