"""Fixtures of the viz tests: the Turin projections, report and vocabularies (from the
session build), and a clearly synthetic ecosystem of any size for the scale tests."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from sekg.graph.analysis import GapReport, Projections, analyse, load_projections
from sekg.graph.analysis.projection import Actor
from sekg.graph.store import EmbeddedStore
from sekg.viz import Vocabulary, load_vocabulary

BASE = "https://w3id.org/social-economy-kg"
HELICES = ["business", "finance", "knowledge-education", "public-administration",
           "representation", "third-sector-civil-society"]
FAMILIES = ["association", "cooperative", "foundation", "outside-social-economy",
            "social-enterprise", "unknown"]


@pytest.fixture(scope="session")
def projections(store: EmbeddedStore) -> Projections:
    return load_projections(store)


@pytest.fixture(scope="session")
def report(projections: Projections) -> GapReport:
    return analyse(projections)


@pytest.fixture(scope="session")
def words(store: EmbeddedStore) -> dict[str, Vocabulary]:
    return {lang: load_vocabulary(store, lang) for lang in ("it", "en")}


def synthetic_projections(actors: int, ties_per_actor: float = 1.5, themes: int = 3,
                          seed: int = 1) -> Projections:
    """A SYNTHETIC ecosystem (every label says so): ``actors`` organisations spread over the
    11 zones (one in ten without a zone), random helices and families, random membership ties
    and a few theme links. Never written anywhere but the test's temporary folder."""
    rng = random.Random(seed)
    iris = [f"{BASE}/id/organisation/synthetic-{i:06d}" for i in range(actors)]
    people = {}
    for i, iri in enumerate(iris):
        helix = rng.choice(HELICES)
        zones = () if rng.random() < 0.1 else (rng.randint(1, 11),)
        people[iri] = Actor(iri=iri, label=f"Synthetic actor {i}", list_number=None,
                            helix=helix, subhelix=helix, family=rng.choice(FAMILIES),
                            legal_form="", seat_istat="", zones=zones)
    declared = []
    seen = set()
    for _ in range(int(actors * ties_per_actor)):
        u, v = rng.sample(iris, 2)
        if (u, v) in seen or (v, u) in seen:
            continue
        seen.add((u, v))
        declared.append({"source": u, "target": v, "kind": "membership", "via": "",
                         "method": "", "confidence": ""})
    theme_iris = {f"{BASE}/id/concept/plan-theme/synthetic-theme-{t}": f"Synthetic theme {t}"
                  for t in range(themes)}
    targets = nx.Graph()
    for iri in iris:
        if rng.random() < 0.05:
            theme = rng.choice(sorted(theme_iris))
            targets.add_node(iri, kind="actor")
            targets.add_node(theme, kind="theme")
            targets.add_edge(iri, theme, via="synthetic")
    zone_names = {n: (f"{BASE}/id/zona-omogenea/{n}", f"Synthetic zone {n}")
                  for n in range(1, 12)}
    labels = {**theme_iris, **{f"zone:{n}": label for n, (_, label) in zone_names.items()},
              **{iri: label for _, (iri, label) in zone_names.items()}}
    return Projections(actors=people, declared=declared, actor_targets=targets,
                       actor_territories=nx.Graph(), helices=list(HELICES),
                       helix_labels={h: h for h in HELICES}, zones=zone_names, themes=theme_iris,
                       objectives={}, labels=labels)
