"""A bounded LRU cache of query outcomes: the store is read-only while the server runs, so
the answer to the same query over the same dataset cannot change.

Only small outcomes are kept (at most ``max_body`` bytes, or ``max_rows`` rows/triples of
terms); failures and timeouts never are.

Example
-------
>>> from sekg.api.execute import QueryOutcome, QueryTask
>>> cache = OutcomeCache(max_entries=1)
>>> task = QueryTask("ASK {}", "application/sparql-results+json")
>>> cache.put(task, QueryOutcome("ask", body=b"{}", boolean=True))
>>> cache.get(task).boolean, cache.get(QueryTask("ASK { ?s ?p ?o }")) is None
(True, True)
"""

from __future__ import annotations

from collections import OrderedDict

from sekg.api.execute import QueryOutcome, QueryTask

__all__ = ["OutcomeCache"]


class OutcomeCache:
    """Up to ``max_entries`` outcomes, least recently used evicted first (0: no cache)."""

    def __init__(self, max_entries: int = 512, max_body: int = 1_000_000,
                 max_rows: int = 2_000) -> None:
        self.max_entries = max_entries
        self.max_body = max_body
        self.max_rows = max_rows
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[QueryTask, QueryOutcome] = OrderedDict()

    def get(self, task: QueryTask) -> QueryOutcome | None:
        outcome = self._entries.get(task)
        if outcome is None:
            self.misses += 1
            return None
        self._entries.move_to_end(task)
        self.hits += 1
        return outcome

    def put(self, task: QueryTask, outcome: QueryOutcome) -> None:
        if (self.max_entries <= 0 or len(outcome.body) > self.max_body
                or outcome.count > self.max_rows):
            return
        self._entries[task] = outcome
        self._entries.move_to_end(task)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)
