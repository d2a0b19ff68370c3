"""What ``sekg build`` imports before it starts: nothing of the remote-store client.

The Turin build's < 3 s target is wall time from the command line, where the imports are
0.2-0.3 s of it; ``urllib.request`` (with ``http.client``, ``email``, ``ssl``) was ≈60 ms of
them (session 20, 6 runs alternated: 0.231-0.295 s without, 0.287-0.333 s with), for the
remote store (:class:`sekg.graph.store.RemoteStore`), which a build never uses.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

#: modules only a remote SPARQL server needs
REMOTE_ONLY = ("urllib.request", "http.client", "SPARQLWrapper")


@pytest.mark.parametrize("entry", ["sekg.cli", "sekg.graph.build"])
def test_the_build_does_not_import_the_remote_store_client(entry: str) -> None:
    probe = (f"import sys, {entry}; "
             f"print(' '.join(m for m in {REMOTE_ONLY!r} if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.split() == [], f"importing {entry} loads {result.stdout.strip()}"
