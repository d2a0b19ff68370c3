"""The server's typed settings, read once from ``SEKG_*`` environment variables.

Example
-------
>>> s = ServerSettings.from_env({"SEKG_QUERY_TIMEOUT": "2.5", "SEKG_OUT": "/srv/kg"})
>>> s.query_timeout, s.max_rows, str(s.store)
(2.5, 10000, '/srv/kg')
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from sekg.ontology.errors import SekgError
from sekg.ontology.namespaces import DEFAULT_BASE

__all__ = ["ServerSettings"]


@dataclass(frozen=True)
class ServerSettings:
    """What the linked-data server needs to know.

    ``store`` is a build folder (``var``), a store folder (``var/store``) or a SPARQL query
    URL; ``base_uri`` the base the served IRIs live under (``SEKG_BASE_URI``): a request for
    ``/id/x`` means ``{base_uri}/id/x``. ``query_timeout`` (seconds) and ``max_rows`` bound every
    query; ``workers`` is the number of query processes; ``max_body`` caps request bodies (bytes);
    ``cache_entries`` bounds the cache of small query answers (0 turns it off); ``in_memory``
    makes each query process query a copy of the store in memory (``True``), the store on disk
    (``False``) or decides by the store's size (``None``, see ``EmbeddedStore.open``).
    """

    store: str | Path = Path("var")
    base_uri: str = DEFAULT_BASE
    query_timeout: float = 10.0
    max_rows: int = 10_000
    workers: int = 2
    max_body: int = 1_000_000
    cache_entries: int = 512
    in_memory: bool | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object
                 ) -> ServerSettings:
        """Settings from ``SEKG_OUT``, ``SEKG_BASE_URI``, ``SEKG_QUERY_TIMEOUT``,
        ``SEKG_MAX_ROWS``, ``SEKG_WORKERS``, ``SEKG_MAX_BODY``, ``SEKG_CACHE_ENTRIES`` and
        ``SEKG_IN_MEMORY`` (``true``, ``false`` or ``auto``); ``overrides`` win."""
        env = os.environ if env is None else env

        def number(name: str, default: float, kind: type, zero: bool = False) -> float:
            text = env.get(name)
            if text is None or text == "":
                return default
            try:
                value = kind(text)
            except ValueError:
                raise SekgError(f"{name}={text!r} is not a number",
                                hint=f"set {name} to a positive {kind.__name__}") from None
            if value < 0 or (value == 0 and not zero):
                raise SekgError(f"{name} must be {'0 or more' if zero else 'positive'}, "
                                f"not {text}")
            return value

        memory_text = env.get("SEKG_IN_MEMORY", "auto").strip().lower() or "auto"
        memory_choices = {"auto": None, "true": True, "1": True, "yes": True,
                          "false": False, "0": False, "no": False}
        if memory_text not in memory_choices:
            raise SekgError(f"SEKG_IN_MEMORY={memory_text!r} is not understood",
                            hint="set it to true, false or auto")
        settings = cls(
            store=Path(env.get("SEKG_OUT", "var")),
            base_uri=env.get("SEKG_BASE_URI", DEFAULT_BASE).rstrip("/"),
            query_timeout=float(number("SEKG_QUERY_TIMEOUT", cls.query_timeout, float)),
            max_rows=int(number("SEKG_MAX_ROWS", cls.max_rows, int)),
            workers=int(number("SEKG_WORKERS", cls.workers, int)),
            max_body=int(number("SEKG_MAX_BODY", cls.max_body, int)),
            cache_entries=int(number("SEKG_CACHE_ENTRIES", cls.cache_entries, int, zero=True)),
            in_memory=memory_choices[memory_text],
        )
        given = {k: v for k, v in overrides.items() if v is not None}
        return replace(settings, **given) if given else settings  # type: ignore[arg-type]

    @property
    def build_folder(self) -> Path | None:
        """The build folder holding ``dumps/`` (None when serving a remote store)."""
        text = str(self.store)
        if text.startswith(("http://", "https://")):
            return None
        path = Path(text)
        return path.parent if path.name == "store" and not (path / "store").is_dir() else path
