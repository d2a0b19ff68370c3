"""A real SPARQL 1.1 server (Oxigraph, from PyPI) holding the Turin graph, for the session."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from sekg.graph.store import EmbeddedStore, RemoteStore
from tests.conftest import need


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


@pytest.fixture(scope="session")
def remote(store: EmbeddedStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RemoteStore]:
    binary = oxigraph_binary()
    need(binary is not None, "the Oxigraph server is not installed (pip install oxigraph)")
    port = _free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    server = subprocess.Popen([str(binary), "serve", "--location", str(location),
                               "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        # the server announces itself on stderr once it listens: wait for that line
        assert server.stderr is not None
        line = server.stderr.readline().decode()
        if "Listening" not in line:
            pytest.fail(f"oxigraph did not start: {line}{server.stderr.read().decode()[-500:]}")
        urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=10).read()
        remote = RemoteStore(f"{base}/query", gsp=f"{base}/store")
        remote.load(store.quads())
        yield remote
    finally:
        server.terminate()
        server.wait(timeout=10)
