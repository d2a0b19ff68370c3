"""Typed settings, read once from ``SEKG_*`` environment variables.

Example
-------
>>> Settings.from_env({"SEKG_OUT": "/tmp/kg"}).out
PosixPath('/tmp/kg')
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sekg.ontology.namespaces import DEFAULT_BASE

__all__ = ["Settings"]


@dataclass(frozen=True)
class Settings:
    """``SEKG_BASE_URI`` (base of every IRI) and ``SEKG_OUT`` (build output folder)."""

    base_uri: str = DEFAULT_BASE
    out: Path = Path("var")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        return cls(base_uri=env.get("SEKG_BASE_URI", DEFAULT_BASE).rstrip("/"),
                   out=Path(env.get("SEKG_OUT", "var")))
