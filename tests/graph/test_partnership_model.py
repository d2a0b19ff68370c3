"""The n-ary partnership model (members and roles, objective, territory, period, source)
accepts a well-formed partnership and rejects one with a single member."""

from __future__ import annotations

from sekg.graph.build import BuildOptions, collect_dataset
from sekg.graph.provenance import FactSink
from sekg.graph.resources import add_yaml_resources
from sekg.graph.validate import validate_triples

PARTNERSHIP = """
defaults: {source: "https://example.org/partnership-agreement", method: stated, confidence: high}
resources:
  - id: partnership/demo
    type: [sekg:Partnership]
    section: "Accordo di partenariato (example)"
    facts:
      rdfs:label: {it: "Partenariato di prova", en: "Demo partnership"}
      sekg:pursuesObjective: {ref: objective/accesso-lavoro-welfare-territori-rurali-montani}
      sekg:areaServed: {ref: zona-omogenea/7}
      schema:startDate: 2025-09-01
      schema:endDate: 2027-08-31
  - id: membership/demo-lead
    type: [org:Membership]
    facts:
      org:member: {ref: organisation/legacoop-piemonte}
      org:organization: {ref: partnership/demo}
      org:role: {ref: role/lead-partner}
  - id: membership/demo-partner
    type: [org:Membership]
    facts:
      org:member: {ref: organisation/comune-di-lemie}
      org:organization: {ref: partnership/demo}
      org:role: {ref: role/partner}
  - id: role/lead-partner
    type: [org:Role]
    facts:
      rdfs:label: {it: "capofila", en: "lead partner"}
  - id: role/partner
    type: [org:Role]
    facts:
      rdfs:label: {it: "partner", en: "partner"}
"""


def _validate(text: str) -> list[str]:
    sink, shapes = collect_dataset(BuildOptions())
    extra = FactSink(sink.minter)
    add_yaml_resources(extra, text, "partnership.yaml")
    # partnerships are organisations (org:OrganizationalCollaboration), typed here explicitly
    # because SHACL runs without inference
    extra_types = """
  - id: partnership/demo
    type: [org:Organization]
"""
    add_yaml_resources(extra, "resources:" + extra_types, "types.yaml")
    extra.close_groups()
    return validate_triples([q.triple for q in sink.quads + extra.quads], shapes)


def test_well_formed_partnership_conforms() -> None:
    assert _validate(PARTNERSHIP) == []


def test_partnership_with_one_member_is_rejected() -> None:
    single = PARTNERSHIP.split("  - id: membership/demo-partner")[0] + \
        PARTNERSHIP.split("      org:role: {ref: role/partner}")[1]
    violations = _validate(single)
    assert any("at least two memberships" in v for v in violations), violations
