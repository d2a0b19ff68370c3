"""A gap finding: what is missing, where, how severe, why we think so, and who could close it.

Example
-------
>>> f = Finding(kind="zone-missing-helix", scope={"zone": "5", "helix": "finance"},
...             severity=0.42, explanation="Zone 5 has no finance actor.",
...             method="coverage", evidence={"observed": 0, "expected": 0.54})
>>> f.key
'zone-missing-helix/helix=finance/zone=5'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypedDict

__all__ = ["KINDS", "Finding", "SuggestedTie"]

#: every kind of finding, with a one-line definition (also the ontology's gap classes)
KINDS: dict[str, str] = {
    "zone-without-participant": "a zona omogenea where no actor is seated or active",
    "zone-missing-helix": "a zona omogenea with actors but none of one helix",
    "zone-under-represented-helix": "a helix far rarer in a zone than its overall share implies",
    "mono-helix-zone": "a zona omogenea whose actors all belong to one helix",
    "orphan-theme": "a plan theme or objective with no actor linked to it",
    "mono-helix-theme": "a plan theme or objective whose actors all belong to one helix",
    "theme-missing-helix": "a plan theme or objective with no actor of one helix",
    "missing-helix-pair": "two helices with no tie between their actors",
    "under-represented-helix-pair": "two helices with far fewer ties than random mixing gives",
    "bridge": "a tie whose loss would split the network",
    "articulation-point": "an actor whose loss would split the network",
    "isolated-actors": "actors with no tie at all",
    "sector-silo": "a community of actors that is almost all one helix",
}


class SuggestedTie(TypedDict):
    """A candidate tie of a finding: its two actors, its link-prediction score, the labels
    of the neighbours they share, and what it would change (:class:`recommend.TieEffect`)."""

    first: str
    second: str
    score: float
    shared: list[str]
    effect: dict[str, float | int | None]


@dataclass
class Finding:
    """One gap, ranked by ``severity`` (0-1)."""

    kind: str
    scope: dict[str, str]
    severity: float
    explanation: str
    method: str
    evidence: dict[str, float | int | str] = field(default_factory=dict)
    suggested_actors: list[str] = field(default_factory=list)
    suggested_ties: list[SuggestedTie] = field(default_factory=list)
    parameters: dict[str, object] = field(default_factory=dict)
    #: the actors whose facts the finding rests on (empty when it is about an absence)
    basis: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown finding kind '{self.kind}'")

    @property
    def key(self) -> str:
        """A stable identifier: kind and sorted scope."""
        return "/".join([self.kind, *(f"{k}={v}" for k, v in sorted(self.scope.items()))])

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "scope": dict(self.scope), "severity": round(self.severity, 4),
                "explanation": self.explanation, "method": self.method,
                "evidence": dict(self.evidence), "suggested_actors": list(self.suggested_actors),
                "suggested_ties": list(self.suggested_ties),
                "parameters": dict(self.parameters), "basis": list(self.basis)}
