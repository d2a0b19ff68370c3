"""The server over the session's Turin build: in-process (TestClient) and really running
(uvicorn in a subprocess on a free port, for SPARQLWrapper and the browser)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sekg.api import ServerSettings, create_app
from sekg.graph.build import BuildReport

BASE = "https://w3id.org/social-economy-kg"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def build_dir(built: tuple[Path, BuildReport]) -> Path:
    return built[0]


@pytest.fixture(scope="session")
def client(build_dir: Path) -> Iterator[TestClient]:
    """The app with the public defaults (10 s, 10,000 rows), one per session."""
    app = create_app(ServerSettings(store=build_dir, base_uri=BASE))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def tight(build_dir: Path) -> Iterator[TestClient]:
    """An app with tiny limits: 1.5 s per query, 5 rows, 2,000-byte bodies, two processes."""
    app = create_app(ServerSettings(store=build_dir, base_uri=BASE, query_timeout=1.5,
                                    max_rows=5, max_body=2_000, workers=2))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def live(build_dir: Path) -> Iterator[str]:
    """``sekg serve`` really running on a free loopback port; yields its base URL."""
    port = free_port()
    env = {**os.environ, "SEKG_BASE_URI": BASE}
    server = subprocess.Popen(
        [sys.executable, "-m", "sekg.cli", "serve", "--store", str(build_dir),
         "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        assert server.stderr is not None
        seen = []
        for raw in server.stderr:   # uvicorn logs its address once it listens
            line = raw.decode(errors="replace")
            seen.append(line)
            if "Uvicorn running on" in line:
                break
        else:
            pytest.fail("sekg serve did not start:\n" + "".join(seen[-30:]))
        # keep reading its log, or a full pipe would stall the server
        threading.Thread(target=lambda: [None for _ in server.stderr or ()],
                         daemon=True).start()
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
