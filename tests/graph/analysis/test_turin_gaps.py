"""The gap analysis on the Turin graph: findings checked against independent queries, the
report's honesty about the data, the analysis named graph, and the `sekg gaps` command."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sekg.graph.analysis import gap_report, load_projections
from sekg.graph.analysis.gaps import GapReport
from sekg.graph.build import BuildReport
from sekg.graph.questions import run_named
from sekg.graph.store import EmbeddedStore

BASE = "https://w3id.org/social-economy-kg"
SEKG = f"{BASE}/ontology#"
Built = tuple[Path, BuildReport]


@pytest.fixture(scope="module")
def report(store: EmbeddedStore) -> GapReport:
    return gap_report(store)


def test_zones_without_any_actor_are_the_first_findings(report: GapReport,
                                                        store: EmbeddedStore) -> None:
    """territory_participants_by_zone: zone 3 has no seated participant; no organisation
    serves a comune of zone 3 or the zone itself (network_actor_territories)."""
    empty_seat = {r["zone"] for r in run_named(store, "territory_participants_by_zone")
                  .to_records() if r["participants"] == "0"}
    served = {r["zone"] for r in run_named(store, "network_actor_territories").to_records()}
    expected = {z for z in empty_seat if z.rsplit("/", 1)[-1] not in served}
    found = {f.scope["zone"] for f in report.findings if f.kind == "zone-without-participant"}
    assert found == expected == {f"{BASE}/id/zona-omogenea/3"}
    assert report.findings[0].kind == "zone-without-participant"


def test_missing_helix_pairs_have_no_declared_tie(report: GapReport,
                                                  store: EmbeddedStore) -> None:
    """For every missing helix pair, no row of network_declared_ties joins the two helices."""
    helix = {r["actor"]: r["top_helix"] for r in run_named(store, "network_actors").to_records()}
    tied = {frozenset((helix[r["source"]], helix[r["target"]]))
            for r in run_named(store, "network_declared_ties").to_records()}
    missing = [f for f in report.findings if f.kind == "missing-helix-pair"]
    assert missing
    for finding in missing:
        pair = frozenset(finding.scope["helix_pair"].split("|"))
        assert pair not in tied
        expected = finding.evidence["expected"]
        assert finding.evidence["observed"] == 0
        assert isinstance(expected, int | float) and expected >= 1
    assert any(f.scope["helix_pair"] == "public-administration|third-sector-civil-society"
               for f in missing)


def test_suggested_ties_join_the_gap_s_helices_and_close_it(report: GapReport,
                                                           store: EmbeddedStore) -> None:
    actors = load_projections(store).actors
    for finding in report.findings:
        if finding.kind != "missing-helix-pair":
            continue
        pair = set(finding.scope["helix_pair"].split("|"))
        for tie in finding.suggested_ties:
            ends = {actors[str(tie["first"])].helix, actors[str(tie["second"])].helix}
            assert ends == pair
            effect = tie["effect"]
            before, after = effect["missing_pairs_before"], effect["missing_pairs_after"]
            assert before is not None and after == before - 1


def test_report_says_what_the_data_cannot_show(report: GapReport) -> None:
    """No actor-theme link in the Turin data: no theme finding, and a limit says why."""
    assert report.summary["actors_linked_to_themes"] == 0
    assert not [f for f in report.findings if "theme" in f.kind]
    assert any("thematic table" in text for text in report.limits)
    assert any("No partnership or project is recorded" in text for text in report.limits)
    assert report.summary["ties"] == 27 and report.summary["actors"] == 139


def test_every_finding_is_explained_and_ranked(report: GapReport) -> None:
    severities = [f.severity for f in report.findings]
    assert severities == sorted(severities, reverse=True)
    for f in report.findings:
        assert 0 <= f.severity <= 1 and f.explanation.endswith(".") and f.method
        text = f.explanation
        for label in sorted(report.labels.values(), key=len, reverse=True):
            text = text.replace(label, "LABEL")
        assert not re.search(r"[.;]\s+[A-Z]", text), f"one sentence: {f.explanation}"
    assert len({f.key for f in report.findings}) == len(report.findings)


def test_filters_keep_only_matching_scopes(report: GapReport) -> None:
    finance = report.filter(helix="finance").findings
    assert finance and all("finance" in f.scope.get("helix_pair", f.scope.get("helix", ""))
                           for f in finance)
    zone3 = report.filter(zone=f"{BASE}/id/zona-omogenea/3").findings
    assert [f.kind for f in zone3] == ["zone-without-participant"]


def test_gaps_are_linked_data_in_the_analysis_graph(store: EmbeddedStore,
                                                    report: GapReport) -> None:
    """Every finding is a sekg:Gap in the analysis graph, with a rank, a severity, a
    description and provenance marked derived."""
    rows = store.select(f"""
        SELECT ?gap ?position ?severity WHERE {{
          GRAPH <{BASE}/graph/analysis> {{
            ?gap a <{SEKG}Gap> ; <https://schema.org/position> ?position ;
                 <{SEKG}severity> ?severity ; <http://purl.org/dc/terms/description> ?text ;
                 <http://www.w3.org/ns/prov#wasGeneratedBy> ?run .
          }} }} ORDER BY ?position""")
    assert len(rows) == len(report.findings)
    assert [float(r["severity"]) for r in rows] == pytest.approx(
        [round(f.severity, 4) for f in report.findings], abs=1e-4)
    underived = store.select(f"""
        SELECT ?s ?p ?o WHERE {{
          GRAPH <{BASE}/graph/analysis> {{ ?s ?p ?o }}
          FILTER (?p != <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject>
                  && ?p != <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate>
                  && ?p != <http://www.w3.org/1999/02/22-rdf-syntax-ns#object>)
          FILTER NOT EXISTS {{ ?s a <http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement> }}
          FILTER NOT EXISTS {{ ?s a <{SEKG}SourceRecord> }}
          FILTER NOT EXISTS {{ ?s a <{SEKG}FactGroup> }}
          FILTER NOT EXISTS {{ ?s a <{SEKG}PredicateSet> }}
          FILTER NOT EXISTS {{ GRAPH <{BASE}/graph/analysis> {{
            ?st <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?s ;
                <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ?p ;
                <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?o ;
                <http://www.w3.org/ns/prov#wasDerivedFrom> ?record }}
            ?record <{SEKG}method> <{BASE}/id/concept/provenance-method/derived> .
          }}
          FILTER NOT EXISTS {{ GRAPH <{BASE}/graph/analysis> {{
            ?group <{SEKG}groupSubject> ?s ; <{SEKG}predicateSet>/<{SEKG}memberPredicate> ?p ;
                   <http://www.w3.org/ns/prov#wasDerivedFrom> ?record }}
            ?record <{SEKG}method> <{BASE}/id/concept/provenance-method/derived> .
          }} }}""")
    assert underived == []


def _sekg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sekg.cli", *args], capture_output=True,
                          text=True, timeout=300, env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"})


def test_cli_gaps_formats_filters_and_plots(built: Built, tmp_path: Path) -> None:
    out = str(built[0])
    md = _sekg("gaps", "--store", out, "--limit", "2", "--plots", str(tmp_path / "plots"))
    assert md.returncode == 0, md.stderr
    assert "# Partnership gaps" in md.stdout and "What the data can and cannot show" in md.stdout
    assert "1. **zone-without-participant**" in md.stdout and "3. **" not in md.stdout
    for name in ("coverage-zone-helix", "mixing-helix"):
        png, svg = tmp_path / "plots" / f"{name}.png", tmp_path / "plots" / f"{name}.svg"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
        assert "Zona omogenea" in svg.read_text() or "helices" in svg.read_text()
    data = json.loads(_sekg("gaps", "--store", out, "-f", "json", "--helix", "finance").stdout)
    assert data["findings"] and all("finance" in json.dumps(f["scope"]) for f in data["findings"])
    csv_out = _sekg("gaps", "--store", out, "-f", "csv", "--zone", "3").stdout.splitlines()
    assert csv_out[0].startswith("rank,kind,severity") and len(csv_out) == 2


@pytest.mark.parametrize(("args", "message"), [
    (("--zone", "12"), "is not a zona omogenea"),
    (("--theme", "nope"), "unknown theme or objective"),
    (("--ties", "friendship"), "unknown tie kind"),
    (("-f", "xlsx"), "unknown format"),
    (("--backend", "igraph"), "unknown backend 'igraph'"),
])
def test_cli_gaps_bad_options_are_one_line(built: Built, args: tuple[str, ...],
                                           message: str) -> None:
    result = _sekg("gaps", "--store", str(built[0]), *args)
    assert result.returncode == 1 and message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_findings_name_the_actors_they_rest_on(report: GapReport, store: EmbeddedStore) -> None:
    """A zone finding rests on the actors seated or active in that zone (independently:
    network_actor_territories), and the analysis graph links the gap to them
    (prov:wasDerivedFrom)."""
    finding = next(f for f in report.findings if f.kind == "zone-missing-helix")
    zone = finding.scope["zone"].rsplit("/", 1)[-1]
    helix = {r["actor"]: r["top_helix"] for r in run_named(store, "network_actors").to_records()}
    located = {r["actor"] for r in run_named(store, "network_actor_territories").to_records()
               if r["zone"] == zone and helix[r["actor"]]}
    assert set(finding.basis) == located and located
    rows = store.select(f"""
        SELECT ?rank ?actor WHERE {{ GRAPH <{BASE}/graph/analysis> {{
          ?gap <https://schema.org/position> ?rank ;
               <http://www.w3.org/ns/prov#wasDerivedFrom> ?actor }} }}""")
    rank = str(report.findings.index(finding) + 1)
    assert {r["actor"] for r in rows if r["rank"] == rank} == located


def test_the_analysis_finds_the_same_without_owl_inferences(built: Built) -> None:
    """The build runs the gap analysis while HermiT reasons, on the asserted and rule-derived
    facts: every class its queries ask for is asserted. HermiT's inferred class assertions
    (in the `inferred` graph of the built dataset) change none of its findings or tables."""
    from pyoxigraph import RdfFormat, parse

    from sekg.graph.analysis import analyse
    from sekg.graph.build import BuildOptions, collect_dataset

    out, report = built
    if not report.inferred_types:
        pytest.skip("this build ran without HermiT (no Java): no inferences to compare with")
    sink, _ = collect_dataset(BuildOptions(out=out))
    inferred = [q for q in parse(path=str(out / "dumps" / "dataset.nq"),
                                 format=RdfFormat.N_QUADS)
                if q.graph_name.value == f"{BASE}/graph/inferred"]
    new = set(inferred) - set(sink.quads)
    assert len(new) >= report.inferred_types  # HermiT's assertions, with their provenance
    without = analyse(load_projections(EmbeddedStore.from_quads(sink.quads)))
    with_owl = analyse(load_projections(EmbeddedStore.from_quads([*sink.quads, *new])))
    assert [(f.key, round(f.severity, 9), f.explanation) for f in without.findings] == \
        [(f.key, round(f.severity, 9), f.explanation) for f in with_owl.findings]
    assert list(without.tables) == list(with_owl.tables)
    for name in without.tables:
        assert without.tables[name].equals(with_owl.tables[name]), name
