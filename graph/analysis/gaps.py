"""The partnership-gap analysis: projections in, ranked findings and tables out.

Every finding carries numbers and a one-sentence explanation; ``limits`` says plainly what the
data can and cannot show (on the Turin data alone, declared ties are few and no actor is linked
to a plan theme), so no finding is padded.

Example
-------
>>> from sekg.graph.questions import resolve_store
>>> from sekg.graph.analysis.projection import load_projections
>>> report = analyse(load_projections(resolve_store("var")))       # doctest: +SKIP
>>> report.findings[0].kind                                         # doctest: +SKIP
'zone-without-participant'
"""

from __future__ import annotations

import logging
import math
import random
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np

from sekg.graph.analysis.arrays import tie_arrays
from sekg.graph.analysis.backend import choose_backend, core_numbers, louvain
from sekg.graph.analysis.brokerage import (
    ROLES,
    array_betweenness,
    array_pairs_by_broker,
    brokers_by_group_pair,
    roles_from_pairs,
)
from sekg.graph.analysis.communities import compare_partition
from sekg.graph.analysis.coverage import blau_index, count_cells, coverage_table
from sekg.graph.analysis.findings import Finding, SuggestedTie
from sekg.graph.analysis.fragility import csr_fragility
from sekg.graph.analysis.holes import burt_measures
from sekg.graph.analysis.mixing import (
    PairMixing,
    array_mixing_counts,
    assortativity_from_counts,
    ei_from_counts,
    group_ei_from_counts,
    pair_mixing_from_counts,
)
from sekg.graph.analysis.projection import DECLARED, UNKNOWN, Projections
from sekg.graph.analysis.recommend import TieEffects, context_arrays, csr_candidate_ties
from sekg.graph.analysis.tables import LazyTables

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["AnalysisOptions", "GapReport", "analyse"]

log = logging.getLogger(__name__)

#: areas served that cover every zona omogenea (suggested actors for a zone's missing helix)
WIDE_AREAS = ("/territory/citta-metropolitana-di-torino", "/territory/piemonte")


@dataclass(frozen=True)
class AnalysisOptions:
    """Parameters of the analysis (recorded with every finding)."""

    ties: tuple[str, ...] = DECLARED
    min_expected: float = 1.0
    residual_threshold: float = -2.0
    min_cut_off: int = 2
    silo_share: float = 0.8
    silo_min_size: int = 3
    suggestions: int = 3
    score: str = "resource-allocation"
    max_shared_degree: int = 200
    exact_limit: int = 1000
    pivots: int | None = None
    holes_limit: int = 2000
    broker_sample: int = 5000
    candidate_sources: int = 100
    seed: int = 42
    #: library for Louvain and core numbers: ``auto`` (networkit from ``fast_above`` ties on,
    #: if installed), ``networkx`` or ``networkit`` (see ``backend.py``)
    backend: str = "auto"
    fast_above: int = 50_000

    def as_dict(self) -> dict[str, object]:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}


@dataclass
class GapReport:
    """Findings ranked by severity, the tables behind them, and the data's limits."""

    findings: list[Finding]
    #: DataFrames by name, each built on first access (see ``tables.py``)
    tables: LazyTables
    limits: list[str]
    summary: dict[str, object]
    options: AnalysisOptions
    labels: dict[str, str] = field(default_factory=dict)

    def filter(self, theme: str | None = None, zone: str | None = None,
               helix: str | None = None) -> GapReport:
        """Only the findings whose scope mentions the given theme, zone and helix."""

        def keep(f: Finding) -> bool:
            if theme and theme not in (f.scope.get("theme"), f.scope.get("objective")):
                return False
            if zone and zone != f.scope.get("zone"):
                return False
            return not helix or helix in (f.scope.get("helix"), *f.scope.get("helix_pair",
                                                                              "").split("|"))

        return replace(self, findings=[f for f in self.findings if keep(f)])

    def findings_frame(self) -> pd.DataFrame:
        """The findings as a DataFrame (one row each, scope and evidence flattened)."""
        import pandas as pd

        rows = []
        for rank, f in enumerate(self.findings, 1):
            rows.append({"rank": rank, "kind": f.kind, "severity": round(f.severity, 4),
                         **{f"scope_{k}": v for k, v in sorted(f.scope.items())},
                         "explanation": f.explanation,
                         "suggested_actors": " ".join(f.suggested_actors),
                         "suggested_ties": " ".join(f"{t['first']}--{t['second']}"
                                                    for t in f.suggested_ties),
                         "method": f.method})
        return pd.DataFrame(rows)


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "0%"


class _Analysis:
    def __init__(self, projections: Projections, options: AnalysisOptions) -> None:
        self.p = projections
        self.o = options
        self.findings: list[Finding] = []
        self.tables = LazyTables()
        self.limits: list[str] = []
        self.summary: dict[str, object] = {}
        self.helix = projections.helix_of()
        self.in_zone: dict[str, list[str]] = {}
        self.pairs: list[PairMixing] = []
        self.on_theme: dict[str, list[str]] = {}
        self.ties = tie_arrays(projections, options.ties)
        self._degree: dict[str, int] | None = None
        self.backend = choose_backend(options.backend, self.ties.edges, options.fast_above)
        self.summary["backend"] = self.backend
        self.brokers = self._broker_sample()
        self._broker_pairs: dict[int, Counter[tuple[object, object]]] | None = None
        #: the parameters recorded with every finding: the options, with the backend used
        self.params = {**options.as_dict(), "backend": self.backend}

    def name(self, iri: str) -> str:
        return self.p.label(iri)

    def degree(self, iri: str) -> int:
        if self._degree is None:
            self._degree = dict(zip(self.ties.nodes, self.ties.degree.tolist(), strict=True))
        return self._degree[iri]

    def broker_pairs(self) -> dict[int, Counter[tuple[object, object]]]:
        """Open two-paths per broker by the helices of their ends (one pass, shared by the
        mixing and brokerage steps)."""
        if self._broker_pairs is None:
            if self.brokers is None:
                chosen = [self.ties.index[a] for a in self.helix if self.degree(a) > 1]
            else:
                chosen = [self.ties.index[a] for a in self.brokers]
            self._broker_pairs = array_pairs_by_broker(self.ties, chosen)
        return self._broker_pairs

    def _broker_sample(self) -> list[str] | None:
        """Every labelled actor as a possible broker, or a seeded random sample of
        ``broker_sample`` of them on big graphs (Gould-Fernandez costs the sum of squared
        degrees)."""
        labelled = sorted(a for a in self.helix if self.degree(a) > 1)
        if len(labelled) <= self.o.broker_sample:
            return None
        sample = random.Random(self.o.seed).sample(labelled, self.o.broker_sample)
        self.limits.append(
            f"Brokerage roles are counted for a random sample of {len(sample)} of the "
            f"{len(labelled)} actors with two or more ties (seed {self.o.seed}): totals by helix "
            f"are for that sample.")
        return sorted(sample)

    # ---------------------------------------------------------------- coverage
    def zones(self) -> None:
        p, o = self.p, self.o
        members = [(iri, p.zones[z][0], h) for iri, h in self.helix.items()
                   for z in p.actors[iri].zones if z in p.zones]
        counts = count_cells(members)
        for actor, zone, _ in members:
            self.in_zone.setdefault(zone, []).append(actor)
        scopes = [p.zones[z][0] for z in sorted(p.zones)]
        cells = coverage_table(counts, scopes, p.helices)
        self.tables.add("coverage_zone_helix", [c.__dict__ for c in cells])
        located = {a for a, _, _ in members}
        self.summary["actors_in_zones"] = len(located)
        unlocated = len(self.helix) - len(located)
        self.limits.append(
            f"{len(located)} of {len(self.helix)} actors with a known helix have a seat or an "
            f"area served inside a zona omogenea; the other {unlocated} (seat unknown or outside "
            f"the Città metropolitana, or active at metropolitan, regional or wider level) are "
            f"left out of the zone coverage.")
        totals = Counter(h for _, _, h in members)
        grand = sum(totals.values())
        per_zone = grand / len(scopes) if scopes else 0.0
        diversity = []
        for scope in scopes:
            zone_cells = [c for c in cells if c.scope == scope]
            n = zone_cells[0].scope_total
            blau = blau_index(c.observed for c in zone_cells)
            diversity.append({"zone": scope, "actors": n, "blau": round(blau, 4),
                              "helices_present": sum(1 for c in zone_cells if c.observed)})
            if n == 0:
                self.add("zone-without-participant", {"zone": scope}, 1 - math.exp(-per_zone),
                         f"{self.name(scope)} has no actor seated or active in it, while located "
                         f"actors average {per_zone:.1f} per zone ({grand} actor-zone links).",
                         "coverage: actors per zone against an even spread (Poisson P(>=1))",
                         {"observed": 0, "expected": round(per_zone, 3)})
                continue
            if n >= o.silo_min_size and blau == 0.0:
                only = next(c.helix for c in zone_cells if c.observed)
                chance = sum((totals[h] / grand) ** n for h in p.helices)
                self.add("mono-helix-zone", {"zone": scope, "helix": only}, 1 - chance,
                         f"All {n} actors of {self.name(scope)} are {only}; with the overall "
                         f"helix mix that happens by chance with probability {chance:.2f}.",
                         "coverage: Blau index 0; chance = sum of helix shares ^ n",
                         {"actors": n, "blau": 0.0, "chance": round(chance, 4)})
            for c in zone_cells:
                self._cell_finding(c, "zone", "zone-missing-helix", "zone-under-represented-helix")
        self.tables.add("diversity_zone", diversity)

    def _cell_finding(self, c, scope_key: str, missing: str, under: str | None) -> None:
        evidence = {"observed": c.observed, "expected": round(c.expected, 3),
                    "residual": round(c.residual, 3), "scope_total": c.scope_total,
                    "helix_total": c.helix_total}
        if c.observed == 0 and c.scope_total > 0 and c.expected >= self.o.min_expected:
            brokers = self._actors_of(c.helix, near=c.scope)
            self.add(missing, {scope_key: c.scope, "helix": c.helix}, c.p_at_least_one,
                     f"{self.name(c.scope)} has {c.scope_total} actors but none from "
                     f"{c.helix}, where {c.expected:.1f} would be expected if helices were "
                     f"spread as in the whole graph"
                     + (f"; {len(brokers)} {c.helix} actors serve the whole area and could "
                        f"extend to it." if brokers else "."),
                     "coverage: observed vs expected under independence (Poisson P(>=1))",
                     evidence, suggested=brokers)
        elif under and c.observed > 0 and c.residual <= self.o.residual_threshold:
            self.add(under, {scope_key: c.scope, "helix": c.helix},
                     min(1.0, (c.expected - c.observed) / c.expected),
                     f"{self.name(c.scope)} has {c.observed} {c.helix} actors against "
                     f"{c.expected:.1f} expected (Pearson residual {c.residual:.1f}).",
                     "coverage: Pearson residual below the threshold", evidence)

    def _actors_of(self, helix: str, near: str) -> list[str]:
        """Actors of ``helix`` that serve the whole metropolitan area or region (so could
        extend to the zone ``near``), best connected first."""
        wide = [iri for iri, h in self.helix.items()
                if h == helix and self.p.actors[iri].area.endswith(WIDE_AREAS)]
        wide.sort(key=lambda a: (-self.degree(a), self.name(a)))
        return wide[: self.o.suggestions]

    def themes(self) -> None:
        p = self.p
        linked = [(a, t) for a, t in p.actor_targets.edges()
                  if a in p.actors and (t in p.themes or t in p.objectives)]
        linked += [(t, a) for t, a in p.actor_targets.edges()
                   if a in p.actors and (t in p.themes or t in p.objectives)]
        scopes = list(p.themes) + list(p.objectives)
        members = [(a, t, self.helix[a]) for a, t in linked if a in self.helix]
        for actor, target, _ in members:
            self.on_theme.setdefault(target, []).append(actor)
        cells = coverage_table(count_cells(members), scopes, p.helices)
        self.tables.add("coverage_theme_helix", [c.__dict__ for c in cells])
        cube = Counter((t, h, z) for a, t, h in set(members) for z in p.actors[a].zones)
        self.tables.add(
            "coverage_cube",
            [{"scope": t, "helix": h, "zone": z, "actors": n}
             for (t, h, z), n in sorted(cube.items())],
            columns=["scope", "helix", "zone", "actors"])
        self.summary["actors_linked_to_themes"] = len({a for a, _, _ in members})
        if not members:
            self.limits.append(
                "No actor is linked to a plan theme or objective in the data (the source document "
                "does not say who sat at which thematic table, and names the proposer of only one "
                "consultation contribution): theme coverage cannot be assessed and no theme "
                "finding is reported. Add partnerships or projects with their objective or theme "
                "(partnerships CSV) to measure it.")
            return
        totals = Counter(h for _, _, h in set(members))
        grand = sum(totals.values())
        per_theme = grand / len(scopes)
        for scope in scopes:
            scope_cells = [c for c in cells if c.scope == scope]
            n = scope_cells[0].scope_total
            key = "theme" if scope in p.themes else "objective"
            if n == 0:
                self.add("orphan-theme", {key: scope}, 1 - math.exp(-per_theme),
                         f"No actor is linked to {self.name(scope)}, while the {grand} linked "
                         f"actor-theme pairs average {per_theme:.1f} per theme or objective.",
                         "coverage: actors per theme against an even spread (Poisson P(>=1))",
                         {"observed": 0, "expected": round(per_theme, 3)})
                continue
            if n >= 2 and blau_index(c.observed for c in scope_cells) == 0.0:
                only = next(c.helix for c in scope_cells if c.observed)
                chance = sum((totals[h] / grand) ** n for h in p.helices)
                self.add("mono-helix-theme", {key: scope, "helix": only}, 1 - chance,
                         f"All {n} actors linked to {self.name(scope)} are {only}.",
                         "coverage: Blau index 0; chance = sum of helix shares ^ n",
                         {"actors": n, "chance": round(chance, 4)})
            for c in scope_cells:
                self._cell_finding(c, key, "theme-missing-helix", None)

    # ------------------------------------------------------------------ mixing
    def mixing(self) -> None:
        o, t = self.o, self.ties
        counts = array_mixing_counts(t, skip=(UNKNOWN,))
        sizes = Counter(h for h in self.helix.values())
        pairs = pair_mixing_from_counts(counts, sizes, self.p.helices)
        self.tables.add(
            "mixing_matrix",
            [{"first": m.first, "second": m.second, "ties": m.observed,
              "expected": round(m.expected, 3), "residual": round(m.residual, 3)} for m in pairs])
        self.summary["ei_index"] = ei_from_counts(counts)
        self.summary["assortativity"] = assortativity_from_counts(counts)
        self.tables.add(
            "ei_by_helix",
            [{"helix": h, "ei_index": group_ei_from_counts(counts, h)} for h in self.p.helices])
        tied = int(np.count_nonzero(t.degree))
        self.summary["actors"] = len(t.nodes)
        self.summary["ties"] = t.edges
        self.summary["tied_actors"] = tied
        kinds = t.kind_counts()
        self.summary["ties_by_kind"] = dict(sorted(kinds.items()))
        self.limits.append(
            f"{tied} of {len(t.nodes)} actors have at least one tie of the kinds analysed "
            f"({', '.join(o.ties)}): {t.edges} ties in all "
            f"({', '.join(f'{k} {n}' for k, n in sorted(kinds.items())) or 'none'}). Missing "
            f"pairs and brokers describe the ties recorded in the graph, not every collaboration "
            f"that exists.")
        if not any(k in kinds for k in ("partnership", "project")):
            self.limits.append(
                "No partnership or project is recorded, so multi-actor partnerships are not "
                "observed directly; the declared ties are memberships, sub-units and duplicates "
                "resolved from the participant list.")
        self.pairs = pairs

    # --------------------------------------------------------- recommendations
    def recommendations(self) -> None:
        """Missing and under-represented helix pairs, each with candidate ties (link
        prediction) and the brokers already spanning it."""
        o, t, pairs = self.o, self.ties, self.pairs
        gaps = [m for m in pairs if m.first != m.second and (
            m.observed == 0 and m.expected >= o.min_expected
            or 0 < m.observed and m.residual <= o.residual_threshold)]
        suggestions = self._suggest({(m.first, m.second) for m in gaps})
        by_pair = brokers_by_group_pair(self.broker_pairs()) if gaps else {}
        for m in gaps:
            scope = {"helix_pair": f"{m.first}|{m.second}"}
            evidence: dict[str, float | int | str] = {
                "observed": m.observed, "expected": round(m.expected, 3),
                "residual": round(m.residual, 3)}
            found = by_pair.get(frozenset((m.first, m.second)), Counter())
            brokers = [t.nodes[b] for b, _ in sorted(found.items(),
                                                     key=lambda kv: (-kv[1], t.nodes[kv[0]]))
                       ][: o.suggestions]
            ties = suggestions.get(frozenset((m.first, m.second)), [])
            if m.observed == 0:
                self.add("missing-helix-pair", scope, m.p_at_least_one,
                         f"No tie joins a {m.first} actor to a {m.second} actor, where random "
                         f"ties among the same actors would give {m.expected:.1f}"
                         + self._first_suggestion(ties) + ".",
                         "mixing: observed vs expected ties under random tie formation",
                         evidence, suggested=brokers, ties=ties)
            else:
                self.add("under-represented-helix-pair", scope,
                         min(1.0, (m.expected - m.observed) / m.expected),
                         f"Only {m.observed} ties join {m.first} and {m.second} actors against "
                         f"{m.expected:.1f} under random tie formation.",
                         "mixing: Pearson residual below the threshold", evidence,
                         suggested=brokers, ties=ties,
                         basis=self._pair_basis(m.first, m.second))
        small = [m for m in pairs if m.first != m.second and m.observed == 0
                 and m.expected < o.min_expected]
        if small:
            self.limits.append(
                f"{len(small)} helix pairs have no tie but too few actors or ties to call it a "
                f"gap (expected < {o.min_expected:g}).")

    def _pair_basis(self, first: str, second: str) -> list[str]:
        """The actors at the ends of the ties joining helices ``first`` and ``second``."""
        t = self.ties
        a, b = t.groups[t.src], t.groups[t.dst]
        x, y = t.code(first), t.code(second)
        joined = (a == x) & (b == y) | (a == y) & (b == x)
        ends = np.unique(np.concatenate([t.src[joined], t.dst[joined]]))
        return [t.nodes[i] for i in ends.tolist()]

    def _first_suggestion(self, ties: list[SuggestedTie]) -> str:
        if not ties:
            return ""
        best = ties[0]
        return (f"; closest candidates: {self.name(str(best['first']))} and "
                f"{self.name(str(best['second']))} (sharing "
                f"{', '.join(best['shared'])})")

    def _suggest(self, pairs: set[tuple[str, str]]
                 ) -> dict[frozenset[str], list[SuggestedTie]]:
        """The best candidate ties for each gap pair (one link-prediction pass for all)."""
        if not pairs:
            return {}
        t = self.ties
        indptr, indices, names = context_arrays(self.p, t)
        groups = np.full(len(names), -1, dtype=np.int64)
        groups[: len(t.nodes)] = np.where(t.groups == t.unknown, -1, t.groups)
        sources = None
        if len(self.helix) > 10 * self.o.candidate_sources:
            wanted = {h for pair in pairs for h in pair}
            chosen: set[str] = set()
            for h in sorted(wanted):
                members = sorted((a for a, x in self.helix.items() if x == h),
                                 key=lambda a: (-self.degree(a), a))
                chosen.update(members[: self.o.candidate_sources])
            sources = np.array(sorted(t.index[a] for a in chosen), dtype=np.int64)
            self.limits.append(
                f"Suggested ties start from the {self.o.candidate_sources} best-connected actors "
                f"of each helix in a gap (the graph has {len(self.helix)} labelled actors).")
        found = csr_candidate_ties(indptr, indices, names, groups,
                                   {frozenset((t.code(a), t.code(b))) for a, b in pairs},
                                   self.o.score, self.o.max_shared_degree, sources,
                                   self.o.suggestions)
        effects = TieEffects(array_mixing_counts(t), dict(zip(t.nodes, t.components().tolist(),
                                                              strict=True)),
                             self.helix, self.p.helices)
        result: dict[frozenset[str], list[SuggestedTie]] = {}
        for c in found:
            bucket = result.setdefault(frozenset((self.helix[c.first], self.helix[c.second])),
                                       [])
            if len(bucket) < self.o.suggestions:
                bucket.append({"first": c.first, "second": c.second,
                               "score": round(c.score, 4),
                               "shared": [self.name(s) for s in c.shared],
                               "effect": effects.of(c.first, c.second).__dict__})
        return result

    # --------------------------------------------------------------- brokerage
    def brokerage(self) -> None:
        t, o = self.ties, self.o
        helix_of = {b: self.helix[t.nodes[b]] for b in self.broker_pairs()}
        roles = {t.nodes[b]: c for b, c in roles_from_pairs(self.broker_pairs(),
                                                              helix_of).items()}
        ranked = sorted(((a, c) for a, c in roles.items() if c.total()),
                        key=lambda ac: (-ac[1].total(), self.name(ac[0])))
        rows = [{"actor": a, "label": self.name(a), "helix": self.helix[a], **dict(c),
                 "total": c.total()} for a, c in ranked]
        self.tables.add("brokerage_roles", rows, columns=["actor", "label", "helix",
                                                          *ROLES, "total"])
        by_helix: Counter[tuple[str, str]] = Counter()
        for a, c in roles.items():
            for role, n in c.items():
                by_helix[(self.helix[a], role)] += n
        self.tables.add(
            "brokerage_by_helix",
            [{"helix": h, **{r: by_helix[(h, r)] for r in ROLES}} for h in self.p.helices])
        between = array_betweenness(t, o.exact_limit, o.pivots, o.seed)
        self.summary["betweenness"] = {"exact": between.exact, "pivots": between.pivots,
                                       "max_standard_error": between.max_error}
        if not between.exact:
            self.limits.append(
                f"Betweenness is estimated from {between.pivots} sampled sources (seed {o.seed}); "
                f"largest standard error {between.max_error:.2e}.")
        tied = np.flatnonzero(t.degree > 0)
        degree = t.degree.tolist()
        nodes = sorted(tied.tolist(), key=lambda i: (-degree[i], t.nodes[i]))[: o.holes_limit]
        holes = {t.nodes[i]: burt_measures(i, t.neighbour_set, degree.__getitem__)
                 for i in nodes}
        if len(nodes) < len(tied):
            self.limits.append(
                f"Constraint and effective size are computed for the {len(nodes)} best-connected "
                f"of {len(tied)} tied actors.")
        self.tables.add(
            "brokers",
            [{"actor": a, "label": self.name(a), "helix": self.p.actors[a].helix,
              "degree": h.degree, "betweenness": round(between.values.get(a, 0.0), 6),
              "betweenness_se": round(between.standard_error.get(a, 0.0), 6),
              "constraint": round(h.constraint, 4), "effective_size": round(h.effective_size, 4)}
             for a, h in sorted(holes.items(), key=lambda kv: (-between.values.get(kv[0], 0),
                                                               str(kv[0])))],
            columns=["actor", "label", "helix", "degree", "betweenness", "betweenness_se",
                     "constraint", "effective_size"])

    # --------------------------------------------------------------- fragility
    def fragility(self) -> None:
        t, o = self.ties, self.o
        f = csr_fragility(t.indptr, t.indices, t.nodes, core_numbers(t, self.backend))
        total = len(t.nodes)
        connected = total - len(f.isolates)
        self.summary.update(components=len(f.component_sizes),
                            largest_component=f.component_sizes[0] if f.component_sizes else 0,
                            isolates=len(f.isolates), max_core=f.max_core,
                            bridges=len(f.bridges), articulation_points=len(f.articulation_points))
        if f.isolates:
            self.add("isolated-actors", {}, len(f.isolates) / total,
                     f"{len(f.isolates)} of {total} actors ({_pct(len(f.isolates), total)}) have "
                     f"no tie of the kinds analysed.",
                     "fragility: isolates", {"isolates": len(f.isolates), "actors": total},
                     basis=[str(n) for n in f.isolates])
        for (u, v), (big, small) in f.bridge_sides.items():
            if small < o.min_cut_off:
                continue
            self.add("bridge", {"actor": u, "other_actor": v}, small / max(connected, 1),
                     f"The tie between {self.name(u)} and {self.name(v)} is the only link "
                     f"between a group of {small} actors and one of {big}.",
                     "fragility: bridges (Tarjan)", {"smaller_side": small, "larger_side": big})
        for point in f.articulation_points:
            cut = f.cut_off[point]
            if cut < o.min_cut_off:
                continue
            self.add("articulation-point", {"actor": point}, cut / max(connected, 1),
                     f"Without {self.name(point)} ({self.p.actors[point].helix}), {cut} actors "
                     f"would lose every path to the rest of their component.",
                     "fragility: articulation points", {"cut_off": cut,
                                                        "degree": self.degree(point)})
        self.tables.add(
            "components",
            [{"component": i + 1, "actors": n} for i, n in enumerate(f.component_sizes)])

    # ------------------------------------------------------------- communities
    def communities(self) -> None:
        o = self.o
        t = self.ties
        labels = {a: self.p.actors[a].helix for a in t.nodes}
        tied_nodes = np.flatnonzero(t.degree > 0)
        if t.edges:
            found, quality = louvain(t, tied_nodes.tolist(), o.seed, self.backend)
            result = compare_partition([[t.nodes[i] for i in c] for c in found], labels, quality)
        else:
            result = compare_partition([], labels, None)
        self.summary["communities"] = len(result.communities)
        self.summary["communities_nmi_helix"] = result.nmi
        self.summary["modularity"] = result.modularity
        totals = Counter(labels.values())
        grand = sum(totals.values())
        tied = len(tied_nodes)
        rows = []
        for i, c in enumerate(result.communities, 1):
            rows.append({"community": i, "size": len(c.members), "dominant_helix": c.dominant,
                         "dominant_share": round(c.dominant_share, 4),
                         "helices": "; ".join(f"{h} {n}" for h, n in c.label_counts),
                         "members": " ".join(c.members)})
            if (len(c.members) >= o.silo_min_size and c.dominant_share >= o.silo_share
                    and c.dominant != UNKNOWN):
                base = totals[c.dominant] / grand
                excess = (c.dominant_share - base) / (1 - base) if base < 1 else 0.0
                severity = excess * len(c.members) / max(tied, 1)
                hub = max(c.members, key=lambda m: (self.degree(str(m)), str(m)))
                self.add("sector-silo", {"community": str(i), "helix": c.dominant}, severity,
                         f"Community {i} ({len(c.members)} actors, around {self.name(hub)})"
                         f" is {c.dominant_share:.0%} {c.dominant} against {base:.0%} overall.",
                         "communities: Louvain ("
                         + ("networkit PLM, " if self.backend == "networkit" else "")
                         + "seeded) vs helix labels",
                         {"size": len(c.members), "dominant_share": round(c.dominant_share, 4),
                          "overall_share": round(base, 4)}, basis=list(c.members))
        self.tables.add("communities", rows)

    # ---------------------------------------------------------------- plumbing
    def add(self, kind: str, scope: dict[str, str], severity: float, explanation: str,
            method: str, evidence: dict[str, float | int | str],
            suggested: list[str] | None = None,
            ties: list[SuggestedTie] | None = None,
            basis: list[str] | None = None) -> None:
        if basis is None:
            basis = self._basis(scope)
        self.findings.append(Finding(kind, scope, max(0.0, min(1.0, severity)), explanation,
                                     method, evidence, suggested or [], ties or [], self.params,
                                     sorted(set(basis))))

    def _basis(self, scope: dict[str, str]) -> list[str]:
        """The actors a scoped finding rests on: those located in its zone or linked to its
        theme (restricted to its helix when it names one), or the actors it names."""
        actors: list[str] = []
        if "zone" in scope:
            actors = self.in_zone.get(scope["zone"], [])
        elif "theme" in scope or "objective" in scope:
            actors = self.on_theme.get(scope.get("theme") or scope["objective"], [])
        if "helix" in scope and actors:
            same = [a for a in actors if self.helix.get(a) == scope["helix"]]
            actors = same or actors
        return actors + [scope[k] for k in ("actor", "other_actor") if k in scope]


def analyse(projections: Projections, options: AnalysisOptions | None = None) -> GapReport:
    """Run every gap analysis on ``projections``; findings ranked by severity (then key)."""
    options = options or AnalysisOptions()
    run = _Analysis(projections, options)
    unknown = sum(1 for a in projections.actors.values() if a.helix == UNKNOWN)
    if unknown:
        run.limits.append(f"{unknown} actors have no known helix and are left out of the helix "
                          f"measures (see the query info_unknowns).")
    for step in (run.zones, run.themes, run.mixing, run.recommendations, run.brokerage,
                 run.fragility, run.communities):
        log.debug("gap analysis: %s", step.__name__)
        step()
    run.findings.sort(key=lambda f: (-round(f.severity, 6), f.key))
    return GapReport(run.findings, run.tables, run.limits, run.summary, options,
                     labels={**projections.labels,
                             **{a: x.label for a, x in projections.actors.items()}})
