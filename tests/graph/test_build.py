"""The build: SHACL conformance, dumps that parse and agree, VoID/DCAT, determinism."""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import rdflib
from pyoxigraph import NamedNode, Quad, RdfFormat, Triple, parse

from sekg.graph.build import (
    BUILD_FILE,
    BuildOptions,
    BuildReport,
    build,
    collect_dataset,
    remove_leftovers,
)
from sekg.graph.publish import DUMP_FILES
from sekg.graph.validate import validate_triples
from sekg.ontology.errors import SekgError

#: the module (``sekg.graph.build`` the name is the function, re-exported by the package)
build_module = importlib.import_module("sekg.graph.build")

Built = tuple[Path, BuildReport]


def test_dataset_has_the_six_named_graphs(built: Built) -> None:
    _, report = built
    assert set(report.quads_by_graph) == {"ontology", "vocabularies", "territories",
                                          "piano-2030", "inferred", "analysis"}
    assert all(n > 0 for n in report.quads_by_graph.values())


@pytest.mark.parametrize("engine", ["sparql", "pyshacl", "pyshacl-turbo"])
def test_shacl_conforms(engine: str) -> None:
    sink, shapes = collect_dataset(BuildOptions())
    assert validate_triples([q.triple for q in sink.quads], shapes, engine) == []


@pytest.mark.parametrize("engine", ["sparql", "pyshacl", "pyshacl-turbo"])
def test_shacl_catches_a_violation(engine: str) -> None:
    sink, shapes = collect_dataset(BuildOptions())
    sekg = "https://w3id.org/social-economy-kg/ontology#"
    chieri = NamedNode("https://w3id.org/social-economy-kg/id/comune/001078")
    bad = [q.triple for q in sink.quads if not (q.subject == chieri and
                                               q.predicate.value == sekg + "istatCode")]
    violations = validate_triples(bad, shapes, engine)
    assert any("001078" in v and "istatCode" in v for v in violations), violations


@pytest.mark.parametrize("engine", ["sparql", "pyshacl", "pyshacl-turbo"])
def test_shacl_a_comune_is_in_a_zone_or_outside_the_cmto(engine: str) -> None:
    """Modena (outside the CmTo) without its province, and Chieri (zone 11) also put in a
    province, each break shapes:Comune: exactly one of zone and containing province."""
    sink, shapes = collect_dataset(BuildOptions())
    contained = "https://schema.org/containedInPlace"
    modena = NamedNode("https://w3id.org/social-economy-kg/id/comune/036023")
    chieri = NamedNode("https://w3id.org/social-economy-kg/id/comune/001078")
    province = NamedNode("https://w3id.org/social-economy-kg/id/territory/provincia-di-modena")
    bad = [q.triple for q in sink.quads
           if not (q.subject == modena and q.predicate.value == contained)]
    bad.append(Triple(chieri, NamedNode(contained), province))
    violations = validate_triples(bad, shapes, engine)
    assert any("036023" in v for v in violations), violations
    assert any("001078" in v for v in violations), violations


@pytest.mark.parametrize("dump", [d for d in DUMP_FILES], ids=lambda d: d.name)
def test_every_dump_parses_to_the_same_triples(built: Built, dump) -> None:
    out, _ = built
    reference = {str(q.triple) for q in parse(path=str(out / "dumps" / "dataset.nt"),
                                              format=RdfFormat.N_TRIPLES)}
    triples = {str(q.triple) for q in parse(path=str(out / "dumps" / dump.name),
                                            format=dump.format)}
    assert triples == reference


def test_jsonld_dump_carries_the_published_context(built: Built) -> None:
    """pyoxigraph writes the nodes in expanded form (full IRIs), under the ``@context``
    published beside the dump, so a JSON-LD processor compacts the document with it."""
    out, _ = built
    doc = json.loads((out / "dumps" / "dataset.jsonld").read_text("utf-8"))
    context = json.loads((out / "dumps" / "context.jsonld").read_text("utf-8"))
    assert doc["@context"] == context["@context"]
    assert context["@context"]["org"] == "http://www.w3.org/ns/org#"
    label = context["@context"]["rdfs"] + "label"
    assert any({"@value": "Acsel Spa"} in node.get(label, []) for node in doc["@graph"])


def test_void_and_dcat_describe_the_dataset(built: Built) -> None:
    out, _ = built
    void = rdflib.Graph().parse(out / "dumps" / "void.ttl")
    dcat = rdflib.Graph().parse(out / "dumps" / "dcat.ttl")
    VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
    DCT = rdflib.Namespace("http://purl.org/dc/terms/")
    DCATAPIT = rdflib.Namespace("http://dati.gov.it/onto/dcatapit#")
    cc_by = rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")
    (dataset,) = void.subjects(VOID.uriSpace, None)
    triples = int(str(void.value(dataset, VOID.triples)))
    nt_lines = (out / "dumps" / "dataset.nt").read_text("utf-8").count("\n")
    assert triples == nt_lines
    assert (dataset, DCT.license, cc_by) in void
    assert len(list(void.objects(dataset, VOID.dataDump))) == len(DUMP_FILES)
    assert (dataset, rdflib.RDF.type, DCATAPIT.Dataset) in dcat
    assert len(list(dcat.subjects(rdflib.RDF.type, DCATAPIT.Distribution))) == len(DUMP_FILES)
    assert all(o == cc_by for o in dcat.objects(None, DCT.license))
    assert "Camera di commercio di Torino" in str(dcat.value(dataset, DCT.bibliographicCitation))


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((folder / "dumps").iterdir())}


def test_same_input_gives_byte_identical_output(built: Built, tmp_path: Path) -> None:
    out, _ = built
    again = tmp_path / "again"
    build(BuildOptions(out=again, validate=False, reason=(out / "dumps").exists()
                       and _has_inferences(out)))
    assert _digests(again) == _digests(out)
    assert (again / "build.json").read_bytes() == (out / "build.json").read_bytes()


def _has_inferences(out: Path) -> bool:
    report = json.loads((out / "build.json").read_text("utf-8"))
    return report["inferred_types"] > 0


def test_base_uri_is_configurable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sekg.ontology.iri import IriMinter

    out = tmp_path / "var"
    build(BuildOptions(out=out, minter=IriMinter("https://example.org/kg"), validate=False,
                       reason=False))
    text = (out / "dumps" / "dataset.nt").read_text("utf-8")
    assert "<https://example.org/kg/id/comune/001272>" in text
    assert "https://example.org/kg/ontology#listNumber" in text
    assert "w3id.org/social-economy-kg" not in text


def test_a_build_removes_what_killed_builds_left(tmp_path: Path) -> None:
    # a build stopped by SIGKILL leaves its temporary folder; one killed while swapping in,
    # the previous build as .var.old-PID: the next build removes them once PID is gone
    gone = subprocess.Popen(["true"])
    gone.wait()
    out = tmp_path / "var"
    out.mkdir()               # in place (empty here), so the old copy is not the only one
    stale = [tmp_path / f".var.building-{gone.pid}", tmp_path / f".var.old-{gone.pid}"]
    live = tmp_path / f".var.building-{os.getppid()}"        # a build that still runs
    unrelated = tmp_path / f".other.building-{gone.pid}"     # another output's
    for folder in [*stale, live, unrelated]:
        folder.mkdir()
        (folder / ".collected.nq").write_text("", encoding="utf-8")
    build(BuildOptions(out=out, validate=False, reason=False, analyse=False))
    assert not any(f.exists() for f in stale)
    assert live.is_dir() and unrelated.is_dir() and (out / "build.json").is_file()


def test_the_previous_build_is_kept_while_it_is_the_only_copy(tmp_path: Path) -> None:
    gone = subprocess.Popen(["true"])
    gone.wait()
    previous = tmp_path / f".var.old-{gone.pid}"        # killed between the two renames
    previous.mkdir()
    assert remove_leftovers(tmp_path / "var") == [] and previous.is_dir()


def test_an_interruption_after_the_swap_keeps_the_new_build(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C while the previous build is being removed: the new one is in place, so the
    build succeeds; the remainder of the old one is left for the next build to remove."""
    out = tmp_path / "var"
    (out / "dumps").mkdir(parents=True)
    (out / BUILD_FILE).write_text("{}")
    (out / "dumps" / "old.txt").write_text("previous build")
    tmp = tmp_path / ".var.building-1"
    (tmp / "dumps").mkdir(parents=True)
    (tmp / "dumps" / "new.txt").write_text("new build")
    removing = shutil.rmtree

    def interrupted(path: object, *args: object, **kwargs: object) -> None:
        if ".old-" in str(path):
            raise KeyboardInterrupt
        removing(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(build_module.shutil, "rmtree", interrupted)
    try:
        build_module._swap_in(tmp, out)
    except KeyboardInterrupt:
        pytest.fail("the interruption escaped (the build says aborted) with the new build in place")
    assert (out / "dumps" / "new.txt").read_text() == "new build"
    assert not tmp.exists()
    # what is left of the previous build waits for the next build (remove_leftovers)
    assert [p.name for p in tmp_path.glob(".var.old-*")] == [f".var.old-{os.getpid()}"]


def test_without_the_gap_analysis_shacl_runs_in_its_own_child(tmp_path: Path) -> None:
    """The gap child validates beside its analysis; without it, a child of its own does."""
    report = build(BuildOptions(out=tmp_path / "var", reason=False, analyse=False))
    assert report.validation_seconds > 0 and report.analysis_seconds == 0
    assert "analysis" not in report.quads_by_graph


def test_a_build_in_many_batches_gives_the_same_output(built: Built, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # the quads go to the gap child and the on-disk store in batches, and the sink drops
    # them once handed over: the rules that read facts back (helix from legal form, the
    # partnerships' known IRIs) must still see them all
    monkeypatch.setattr(build_module, "HANDOVER_BATCH_QUADS", 300)
    batches: list[int] = []
    hand_over = build_module.Handover.batch

    def counted(self: object, quads: list[Quad]) -> None:
        batches.append(len(quads))
        hand_over(self, quads)

    monkeypatch.setattr(build_module.Handover, "batch", counted)
    out, report = built
    again = tmp_path / "var"
    rebuilt = build(BuildOptions(out=again, reason=_has_inferences(out)))
    assert len(batches) > 5  # the first holds the ontology and the territories
    assert rebuilt.derived_helix == report.derived_helix > 0
    assert _digests(again) == _digests(out)
    assert (again / "build.json").read_bytes() == (out / "build.json").read_bytes()


def test_shacl_in_its_own_child_reads_every_batch(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # without the gap child, SHACL runs in a child of its own on the batches' files and the
    # quads not yet handed over; the check here tells how many distinct quads it was given
    monkeypatch.setattr(build_module, "HANDOVER_BATCH_QUADS", 2_000)

    def count(quads: list[Quad], shapes: object) -> None:
        raise SekgError(f"given {len(set(quads))} quads")

    monkeypatch.setattr(build_module, "check_conformance", count)
    with pytest.raises(SekgError) as given:
        build(BuildOptions(out=tmp_path / "var", reason=False, analyse=False))
    whole, _ = collect_dataset(BuildOptions(out=tmp_path / "unused"))  # nothing released
    assert str(given.value) == f"given {len(set(whole.quads))} quads"


def test_sources_read_in_a_child_give_the_same_output(built: Built, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A large build reads its sources in a child that sends its stages and batch files
    and returns the sealed sink (graph/collecting.py): the same dumps and report, byte for
    byte, the progress display told every stage in order, each batch handed over once."""
    monkeypatch.setattr(build_module, "HANDOVER_BATCH_QUADS", 300)
    taken: list[str] = []
    take = build_module.Handover.take

    def counted(self: object, path: Path) -> None:
        taken.append(path.name)
        take(self, path)

    monkeypatch.setattr(build_module.Handover, "take", counted)
    stages: list[str] = []
    out, report = built
    again = tmp_path / "var"
    rebuilt = build(BuildOptions(out=again, reason=_has_inferences(out), collect_apart=True),
                    progress=lambda stage, done, total: stages.append(stage))
    assert stages == [*build_module.STAGES, "done"]
    assert len(taken) > 5 and taken == [f".collected-{i}.nq" for i in range(len(taken))]
    assert rebuilt.derived_helix == report.derived_helix > 0
    assert _digests(again) == _digests(out)
    assert (again / "build.json").read_bytes() == (out / "build.json").read_bytes()


def test_the_sources_are_read_apart_from_their_size_on(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    options = BuildOptions(out=tmp_path / "var")
    assert not build_module._collect_apart(options)          # the Turin sources: 0.3 MB
    monkeypatch.setattr(build_module, "COLLECT_APART_MIN_BYTES", options.sources.size())
    assert build_module._collect_apart(options)
    assert not build_module._collect_apart(BuildOptions(out=tmp_path, collect_apart=False))
