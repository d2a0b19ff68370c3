"""Shared fixtures: the Turin graph is built once per test session."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# the build keeps a JVM class-data archive in the user's cache folder: tests keep theirs apart
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="sekg-test-cache-")

from sekg.graph.build import BuildOptions, BuildReport, build
from sekg.graph.store import EmbeddedStore
from sekg.ontology.reasoning import java_available

#: The project's shared folder (source document, reference data), as CI lays it out.
SHARED = Path(__file__).resolve().parents[2] / "shared"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def need(condition: bool, reason: str) -> None:
    """Skip when a component is missing — but fail under CI, where it must be present."""
    if not condition:
        if IN_CI:
            pytest.fail(f"required component missing under CI: {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    """The full build (SHACL and, when Java is there, HermiT) of the embedded sources."""
    out = tmp_path_factory.mktemp("build") / "var"
    report = build(BuildOptions(out=out, reason=java_available() or IN_CI))
    return out, report


@pytest.fixture(scope="session")
def store(built: tuple[Path, BuildReport]) -> EmbeddedStore:
    return EmbeddedStore.open(built[0] / "store")


@pytest.fixture(scope="session")
def source_document() -> str:
    """The source document: from ../shared when present (as in CI), else the embedded copy."""
    shared = SHARED / "sources" / "piano-economia-sociale-torino-2030-resoconto-ascolto.txt"
    if shared.exists():
        return shared.read_text(encoding="utf-8")
    need(False, f"the shared source document is not at {shared}")
    raise AssertionError  # unreachable
