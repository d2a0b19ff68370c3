"""What every route needs, held by the app (``app.state.sekg``), not by the module.

Example
-------
>>> from sekg.api.settings import ServerSettings
>>> ServerState(ServerSettings(), pool=None).minter.resource("comune", "001272")  # doctest: +SKIP
'https://w3id.org/social-economy-kg/id/comune/001272'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from starlette.requests import Request

from sekg.api.cache import OutcomeCache
from sekg.api.execute import TERMS, QueryOutcome, QueryTask
from sekg.api.pool import QueryPool
from sekg.api.settings import ServerSettings
from sekg.ontology.iri import IriMinter
from sekg.queries.catalog import CatalogQuery

__all__ = ["ServerState", "compact", "state"]


def compact(query: CatalogQuery) -> CatalogQuery:
    """The query without its comment lines (the documentation header): less text to scan
    when binding and to parse in the query process, for every request."""
    return replace(query, text=_without_comment_lines(query.text))


@lru_cache(maxsize=256)
def _without_comment_lines(text: str) -> str:
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    return "\n".join(lines) + "\n"


@dataclass
class ServerState:
    """Settings, the query pool, and answers that cannot change while the server runs
    (the store is read-only): the service description's graph sizes, the ontology docs."""

    settings: ServerSettings
    pool: QueryPool | None
    cache: dict[str, Any] = field(default_factory=dict)
    outcomes: OutcomeCache = field(default_factory=OutcomeCache)

    def __post_init__(self) -> None:
        self.outcomes = OutcomeCache(self.settings.cache_entries)

    async def run(self, task: QueryTask) -> QueryOutcome:
        """Run a query in the pool, or answer it from the cache of outcomes."""
        assert self.pool is not None, "the query pool is started by the app's lifespan"
        outcome = self.outcomes.get(task)
        if outcome is None:
            outcome = await self.pool.run(task)
            self.outcomes.put(task, outcome)
        return outcome

    @property
    def minter(self) -> IriMinter:
        return IriMinter(self.settings.base_uri)

    async def named(self, query: CatalogQuery, params: Mapping[str, str] | None = None,
                    output: str = TERMS, max_rows: int | None = None,
                    limit: int | None = None) -> QueryOutcome:
        """Run a named query with typed, VALUES-bound parameters in the query pool; ``limit``:
        its first rows only (a ``LIMIT`` added to a SELECT that has none)."""
        text = compact(query).bound(params or {}, self.settings.base_uri)
        if limit is not None:
            text += f"LIMIT {int(limit)}\n"
        return await self.run(QueryTask(text, output,
                                        max_rows=max_rows or self.settings.max_rows))


def state(request: Request) -> ServerState:
    """The server state of the app handling ``request``."""
    return request.app.state.sekg
