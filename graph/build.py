"""The build pipeline: curated sources -> RDF dataset -> SHACL -> OWL reasoning -> store -> dumps.

Outputs are written to a temporary folder beside ``out`` and swapped in only when every stage
succeeded, so a failed build leaves the previous outputs untouched.

Example
-------
>>> import tempfile, pathlib
>>> report = build(BuildOptions(out=pathlib.Path(tempfile.mkdtemp()) / "var",
...                             reason=False))          # doctest: +SKIP
>>> report.quads_by_graph["territories"] > 0            # doctest: +SKIP
True
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path

from pyoxigraph import NamedNode, Quad, RdfFormat, Triple, serialize

from sekg.graph.answers import MATERIALISE_MIN_QUADS, catalogue_answers, materialise
from sekg.graph.collecting import CollectingChild
from sekg.graph.derive import INFERRED_GRAPH, derive_helix
from sekg.graph.derive import READS as DERIVE_READS
from sekg.graph.forked import Forked
from sekg.graph.gap_child import GapChild, read_quads
from sekg.graph.gcpause import collector_paused, collector_thawed
from sekg.graph.handover import Handover, StoreLoader, write_batch
from sekg.graph.participants import add_participants, load_participants
from sekg.graph.partnerships import READS as PARTNERSHIPS_READS
from sekg.graph.partnerships import add_partnerships
from sekg.graph.provenance import FactSink, Record
from sekg.graph.publish import DumpPlan, metadata_quads
from sekg.graph.reasoner_child import ReasonerChild
from sekg.graph.resources import add_yaml_resources
from sekg.graph.sourcefiles import SourceTree
from sekg.graph.territories import TerritoryIndex, add_territories
from sekg.graph.turtle import read_turtle_files
from sekg.graph.validate import check_conformance, raise_violations
from sekg.graph.vocabularies import Vocabularies
from sekg.ontology.errors import SekgError, cannot_write
from sekg.ontology.iri import IriMinter, default_minter
from sekg.ontology.namespaces import ONTOLOGY_BASE, PREFIXES
from sekg.queries.reads import reads_of

__all__ = ["BUILD_FILE", "STAGES", "BuildOptions", "BuildReport", "build", "check_out",
           "collect_dataset", "disk_needed", "disk_shortfall", "disk_warning",
           "remove_leftovers"]

log = logging.getLogger(__name__)

#: The stages in the order they report progress. The gap analysis runs in a child forked when
#: the build starts, which imports numpy, networkx and scipy while this process reads the
#: sources on the other core (see gap_child.py); it is handed the collected quads in batches
#: of N-Quads files while the sources are read (graph/handover.py), "hand over" writes the
#: last batch (the whole of a small graph) and tells it the dataset is collected.
#: HermiT's reasoning runs in a child forked when the build starts too, whose JVM warms up
#: meanwhile (see reasoner_child.py), and is handed the same quads. SHACL validation runs in
#: the gap child too, after the analysis, on the in-memory store it filled for it (compiled to
#: SPARQL, graph/shacl.py; without the gap analysis, in a forked child of its own started
#: right after "derive by rule"); ``sort`` sorts each batch of the quads for the dumps as it
#: is handed over, in the background (graph/handover.py, graph/quadsort.py). The gap
#: analysis reads asserted and rule-derived facts only (every
#: class it asks for is asserted, as SHACL runs without inference too;
#: ``tests/graph/analysis/test_turin_gaps.py`` checks that HermiT's inferences change none of
#: its findings).
#: "analyse gaps" and "reason (HermiT)" are the time left waiting for those children, then
#: adding what they found; SHACL adds nothing, so the dumps are written while it runs and
#: "validate (SHACL)" is the time left waiting for its verdict, which decides whether the
#: build replaces the previous one. The on-disk store loads the same batches in a thread as
#: they come (pyoxigraph parses and writes RocksDB without holding the GIL); what the later
#: stages add goes in during "dumps", once VoID is known. Large sources are read in a child
#: process of their own, which hands over the same batches and ends once they are read, so
#: that this process does not keep the memory reading them took (graph/collecting.py).
STAGES = ("read ontology", "territories", "participants", "process and plan",
          "derive by rule", "hand over", "analyse gaps", "reason (HermiT)",
          "dumps", "validate (SHACL)")
#: the graphs that take facts once the sources are read (FactSink.seal): the gap analysis's
#: graph is new then, HermiT's inferences join the rules' in the inferred one
SEAL_KEEPS = frozenset({INFERRED_GRAPH})
YAML_FILES = ("process.yaml", "consultation.yaml", "plan.yaml", "policy.yaml")
SHAPES_FILE = "shapes.ttl"
#: written at the top of every build: what a later build may replace (see check_out)
BUILD_FILE = "build.json"
#: the quads added after the hand-over, as N-Quads, for the gap child to materialise the
#: answers of a large graph (see _answer); removed once it has
ADDED_FILE = ".added.nq"
#: the quads added after those (VoID), for the gap child if they may change its answers
LATER_FILE = ".later.nq"
#: how much lower the priority of the children off the critical path is (``os.nice``)
NOT_CRITICAL = 5
#: how many steps below the build the sorts of the collected quads' batches start while the
#: sources are read, below the children (NOT_CRITICAL): at the same priority as the on-disk
#: store's loading and the gap child, they took a quarter of the reading's core (national,
#: 2026-11-27: participants 157 s against 137 s); the sorts that start after the hand-over
#: run at NOT_CRITICAL (the dumps want them once the analysis is done)
IDLE = 15
#: the memory each ``sort`` of a batch of the collected quads may hold (graph/quadsort.py):
#: two run at once while the sources are read, when the build's memory is at its highest;
#: a batch of a million quads is ≈450 MB of text, sorted in four parts and merged
BATCH_SORT_BUFFER = "128M"

Progress = Callable[[str, int, int], None]


#: how many quads the build hands over at a time while it reads the sources (graph/handover.py)
HANDOVER_BATCH_QUADS = 1_000_000
#: the first batch, smaller, and each next one twice the one before up to
#: HANDOVER_BATCH_QUADS: until a batch comes the gap child, the on-disk store and the sorts
#: have nothing to do, and the other core idles (national, 2026-11-27: with batches of a
#: million quads, 1.64M with their groups, the second came ≈28 s after the first, and the
#: other core had ≈3 s of work meanwhile)
FIRST_HANDOVER_BATCH_QUADS = 100_000
#: sources of at least this many bytes are read in a child process that ends once they are
#: read, giving back the memory reading them took (graph/collecting.py); the Turin sources
#: are 0.3 MB, those of 100,000 synthetic organisations 30 MB
COLLECT_APART_MIN_BYTES = 16 * 2**20

@dataclass
class BuildOptions:
    """Where to read from and write to, and which checks to run."""

    out: Path = Path("var")
    sources: SourceTree = field(default_factory=SourceTree.default_sources)
    ontology: SourceTree = field(default_factory=SourceTree.default_ontology)
    minter: IriMinter = field(default_factory=default_minter)
    validate: bool = True
    reason: bool = True
    analyse: bool = True
    #: user CSV files of partnerships, projects and memberships (graph/sources/README.md)
    partnerships: list[Path] = field(default_factory=list)
    #: materialise the whole-network exports for graphs of at least this many quads
    #: (:mod:`sekg.graph.answers`)
    materialise_min_quads: int = MATERIALISE_MIN_QUADS
    #: read the sources in a child process (graph/collecting.py): True, False, or None to
    #: decide by their size (:data:`COLLECT_APART_MIN_BYTES`)
    collect_apart: bool | None = None


@dataclass
class BuildReport:
    """What a build produced and how long each stage took."""

    out: Path
    seconds: dict[str, float] = field(default_factory=dict)
    quads_by_graph: dict[str, int] = field(default_factory=dict)
    derived_helix: int = 0
    inferred_types: int = 0
    gaps: int = 0
    files: list[str] = field(default_factory=list)
    #: HermiT's own wall time, in its child process (it overlaps the stages before it)
    reasoner_seconds: float = 0.0
    #: SHACL validation's own wall time, in its child process (likewise)
    validation_seconds: float = 0.0
    #: the gap analysis's own wall time, in its child process, from the hand-over of the data
    analysis_seconds: float = 0.0
    #: the materialised answers computed before the gap analysis and kept (graph/gap_child.py)
    answers_reused: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"quads_by_graph": self.quads_by_graph, "derived_helix": self.derived_helix,
                "inferred_types": self.inferred_types, "gaps": self.gaps, "files": self.files}


def _ontology_names(tree: SourceTree) -> tuple[list[str], list[str]]:
    modules = [n for n in tree.names("*.ttl") if n != SHAPES_FILE]
    return modules, tree.names("*.ttl", "vocab")


@dataclass
class _Timer:
    report: BuildReport
    progress: Progress | None
    index: int = 0
    started: float = field(default_factory=time.perf_counter)

    def stage(self, name: str) -> None:
        now = time.perf_counter()
        if self.index:
            self.report.seconds[STAGES[self.index - 1]] = now - self.started
        self.started = now
        if self.progress:
            self.progress(name, self.index, len(STAGES))
        self.index += 1

    def finish(self) -> None:
        self.report.seconds[STAGES[self.index - 1]] = time.perf_counter() - self.started
        if self.progress:
            self.progress("done", len(STAGES), len(STAGES))


def collect_dataset(options: BuildOptions, timer: _Timer | None = None,
                    report: BuildReport | None = None,
                    on_batch: Callable[[list[Quad]], None] | None = None
                    ) -> tuple[FactSink, list[Triple]]:
    """Read every input and return the dataset's quads (in a sink) and the SHACL shapes;
    ``on_batch`` is given the quads in batches while they are read (see
    :meth:`FactSink.checkpoint`; the last batch is left in the sink)."""
    report = report or BuildReport(options.out)
    timer = timer or _Timer(report, None)
    minter = options.minter
    # the quads handed over live on in the batches' files: the sink drops them, keeping
    # apart the facts the rules below read back
    sink = FactSink(minter, on_batch=on_batch, batch_quads=HANDOVER_BATCH_QUADS,
                    first_batch_quads=FIRST_HANDOVER_BATCH_QUADS,
                    release_batches=on_batch is not None, watch=DERIVE_READS | PARTNERSHIPS_READS)

    timer.stage(STAGES[0])
    modules, vocab_files = _ontology_names(options.ontology)
    ontology = read_turtle_files(options.ontology, modules, minter)
    vocabulary = read_turtle_files(options.ontology, vocab_files, minter)
    shapes = read_turtle_files(options.ontology, [SHAPES_FILE], minter)
    for t in ontology:
        sink.add_plain(t.subject, t.predicate, t.object, "ontology")  # type: ignore[arg-type]
    for t in vocabulary:
        sink.add_plain(t.subject, t.predicate, t.object, "vocabularies")  # type: ignore[arg-type]
    vocab = Vocabularies.from_triples(vocabulary)

    timer.stage(STAGES[1])
    territories = TerritoryIndex.load(options.sources, minter)
    add_territories(sink, territories)

    timer.stage(STAGES[2])
    add_participants(sink, load_participants(options.sources), vocab, territories)

    timer.stage(STAGES[3])
    for name in YAML_FILES:
        if options.sources.exists(name):
            add_yaml_resources(sink, options.sources.text(name), options.sources.path(name))
    add_partnerships(sink, options.partnerships, territories)

    timer.stage(STAGES[4])
    report.derived_helix = derive_helix(sink, vocab)
    sink.close_groups()  # every fact read: the groups' predicate sets are known
    return sink, shapes


def build(options: BuildOptions, progress: Progress | None = None) -> BuildReport:
    """Run the whole pipeline; raise a :class:`~sekg.ontology.errors.SekgError` on bad input."""
    out = Path(options.out)
    check_out(out)  # before any work: a wrong --out is said at once
    report = BuildReport(out)
    timer = _Timer(report, progress)
    remove_leftovers(out)
    tmp = out.parent / f".{out.name}.building-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    # the children run beside this process (see forked.py for why not threads): the gap
    # analysis and HermiT from now on, SHACL once the data is collected; each is started
    # inside the try, so that a failure or an interruption stops those already started
    gaps: GapChild | None = None
    validation: Forked[None] | None = None
    reasoning: ReasonerChild | None = None
    handover: Handover | None = None
    dumps: DumpPlan | None = None
    try:
        _make_folder(tmp, out)
        if options.analyse:
            gaps = GapChild(options.minter, nice=NOT_CRITICAL)
        if options.reason:  # its JVM warms up while the sources are read
            reasoning = ReasonerChild(options.minter)
        # the quads go to the gap child, the on-disk store and the dumps' sort in batches
        # while the sources are read (graph/handover.py); what the end of the build waits
        # for longest is the merge of the dumps (the TriG dump and VoID wait for it): the
        # conversions of the triples, which start beside the merge, yield to it
        dumps = DumpPlan(options.minter, tmp, yielding=NOT_CRITICAL)
        dumps.in_turn_nice = IDLE  # until the hand-over (see IDLE)
        handover = Handover(tmp, gaps, StoreLoader(tmp / "store", nice=NOT_CRITICAL),
                            dumps=partial(dumps.add_file_in_turn, buffer=BATCH_SORT_BUFFER))
        with collector_paused():  # millions of objects kept to the end (graph/gcpause.py)
            if _collect_apart(options):  # the sealed sink comes back pickled
                sink, shapes, report.derived_helix = CollectingChild(
                    _collect_for_parent, options, tmp).run(timer.stage, handover.take)
            else:
                sink, shapes = collect_dataset(options, timer, report, on_batch=handover.batch)
        # the gap analysis adds to a graph of its own, HermiT to the rules' inferred one
        sink.seal(keep=SEAL_KEEPS)
        # SHACL and the gap analysis yield to HermiT, whose chain (owlready2, then the JVM) was
        # the longest: with five busy processes and threads on two cores, fair shares stretched
        # it. Turin build, 3 x 7 alternated runs (2026-11-26 09:24, load 1-2): median 3.96 s
        # without the lower priority, 3.74 s with it; same outputs. With HermiT's JVM warmed
        # up (reasoner_child.py) the priorities no longer matter: 7 alternated runs each of
        # gaps/SHACL at nice 5/5, 0/10, 5/10, 2/8 (14:30) gave medians of 3.23-3.36 s.
        if options.validate and gaps is None:  # else the gap child validates (gap_child.py)
            validation = Forked(_validate, list(handover.files), sink, shapes,
                                label="SHACL validation", nice=NOT_CRITICAL)
        _analyse_dump(options, sink, shapes if options.validate else None, gaps, validation,
                      reasoning, handover, dumps, timer, report)
    except BaseException:
        if dumps is not None:
            dumps.cancel()
        if handover is not None:
            handover.loader.close()  # a bulk load under way cannot be stopped: wait for it
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        for child in (gaps, validation, reasoning):
            if child is not None:
                child.cancel()  # a failed build does not wait for them
        collector_thawed()
    timer.finish()
    return report


def _collect_apart(options: BuildOptions) -> bool:
    """Whether the build reads its sources in a child process (see :attr:`BuildOptions.
    collect_apart`)."""
    if options.collect_apart is not None:
        return options.collect_apart
    return options.sources.size() >= COLLECT_APART_MIN_BYTES


def _collect_for_parent(relay: Connection, options: BuildOptions, folder: Path
                        ) -> tuple[FactSink, list[Triple], int]:
    """The sources child (graph/collecting.py): read the sources as :func:`collect_dataset`
    does, sending the stages it enters and the batch files it writes in ``folder`` to the
    build on ``relay``; hand over the last batch and seal the sink, then return it (with the
    shapes and the number of facts derived by rule) for pickling."""
    report = BuildReport(options.out)
    timer = _Timer(report, lambda stage, done, total: relay.send(("stage", stage)))
    written = 0

    def batch(quads: list[Quad]) -> None:
        nonlocal written
        path = write_batch(quads, folder, written)
        written += 1
        relay.send(("batch", str(path)))

    with collector_paused():
        sink, shapes = collect_dataset(options, timer, report, on_batch=batch)
    sink.pass_batch()  # the last batch: the build receives no quad it would have to pickle
    sink.seal(keep=SEAL_KEEPS)
    sink.on_batch = None
    return sink, shapes, report.derived_helix


def _validate(handed: list[Path], sink: FactSink, shapes: list[Triple]) -> None:
    """SHACL on the batches already handed over (their files) and the quads in ``sink``."""
    check_conformance([*read_quads(handed), *sink.quads], shapes)


def _analyse_dump(options: BuildOptions, sink: FactSink, shapes: list[Triple] | None,
                  gaps: GapChild | None, validation: Forked[None] | None,
                  reasoning: ReasonerChild | None, handover: Handover, dumps: DumpPlan,
                  timer: _Timer, report: BuildReport) -> None:
    timer.stage(STAGES[5])
    dumps.in_turn_nice = NOT_CRITICAL  # the sorts not started yet are wanted sooner now
    tmp = handover.folder
    sink.pass_batch()  # the last batch (the whole Turin graph)
    known = len(sink.quads)
    # the on-disk store's load ends with the collected quads; what the later stages add goes
    # in during "dumps", once VoID is known (StoreLoader.extend)
    handover.loader.end_loads()
    if gaps is not None:
        # a large graph's exports, materialised at the end, are computed before the analysis
        exports = (list(catalogue_answers(options.minter.base).values())
                   if sink.batched >= options.materialise_min_quads else None)
        gaps.hand(shapes=shapes, exports=exports)
    if reasoning is not None:
        reasoning.hand(handover.files)
    try:
        try:
            _wait_for_children(sink, gaps, reasoning, timer, report)
            # compacted from now on, while the dumps are written: during the gap analysis
            # its ≈45 s of CPU (national graph) took cores the analysis was waiting for
            handover.loader.compact()

            timer.stage(STAGES[8])
            sink.close_groups()  # the groups of the gap analysis and of HermiT's inferences
            analysed = sink.quads[known:]
            dumps.add(analysed)
            # the gap child answers the exports on its copy (the quads handed over and those
            # just added) while the dumps are merged and written; the VoID description, known
            # once they are merged, is handed to it only if it may change the answers
            answering = (_answer(options, sink.batched + len(analysed), gaps, analysed, tmp)
                         if gaps is not None else None)

            def described(description: dict[str, list[Triple]]) -> None:
                nonlocal answering
                metadata = metadata_quads(description, options.minter)
                added = [*analysed, *metadata]
                # into the on-disk store while the last dumps are written (national graph:
                # ≈6 s of loading, alone at the end of the build before)
                handover.loader.extend(added)
                if gaps is None:
                    answering = _answer(options, sum(dumps.quads_by_graph().values()), None,
                                        added, tmp)
                elif answering is not None:
                    gaps.confirm(_changing(answering, metadata, tmp))

            files, _ = dumps.write(tmp / "dumps", facts=sink.tally, on_description=described)
            handover.loader.result().close()
            handover.remove_files()
            files += _materialise(gaps, answering, tmp)
            report.answers_reused = gaps.reused_answers if gaps is not None else []
        except Exception:
            # a SHACL violation explains a failure on invalid data
            if validation is not None:
                validation.result()
            elif gaps is not None and shapes is not None:
                gaps.finish()
                raise_violations(gaps.violations or [])
            raise

        timer.stage(STAGES[9])
        if validation is not None:
            validation.result()
            report.validation_seconds = validation.seconds
        elif gaps is not None and shapes is not None:
            gaps.finish()  # done by _materialise: the verdict is in
            raise_violations(gaps.violations or [])
            report.validation_seconds = gaps.validation_seconds
        report.files = [str(f.relative_to(tmp)) for f in files]
        for graph, count in dumps.quads_by_graph().items():
            name = graph.rsplit("/", 1)[-1]
            report.quads_by_graph[name] = report.quads_by_graph.get(name, 0) + count
        (tmp / BUILD_FILE).write_text(json.dumps(report.as_dict(), indent=1, sort_keys=True)
                                        + "\n", encoding="utf-8")
        _swap_in(tmp, Path(options.out))
    except BaseException:
        dumps.cancel()
        raise


def _answer(options: BuildOptions, quads: int, gaps: GapChild | None, added: list[Quad],
            tmp: Path) -> dict[str, str] | None:
    """For a graph of at least ``options.materialise_min_quads`` quads (``quads``), the
    queries whose answers are materialised (:mod:`sekg.graph.answers`), the whole network's
    exports; None for a smaller graph. With a gap child, hand it the quads ``added`` since the
    hand-over and the queries now: it answers them on the in-memory store it holds, in the
    background."""
    if quads < options.materialise_min_quads:
        return None
    queries = catalogue_answers(options.minter.base)
    if gaps is not None:
        path = tmp / ADDED_FILE
        serialize(added, str(path), format=RdfFormat.N_QUADS)
        gaps.answer(path, tmp / "store", queries)
    return queries


def _changing(queries: dict[str, str], metadata: list[Quad], tmp: Path) -> Path | None:
    """The N-Quads file of the ``metadata`` quads if they may change the answer of one of
    ``queries`` (:mod:`sekg.queries.reads`; the exports read no VoID term), else None."""
    if not any(reads_of(text).may_change(metadata) for text in queries.values()):
        return None
    path = tmp / LATER_FILE
    serialize(metadata, str(path), format=RdfFormat.N_QUADS)
    return path


def _materialise(gaps: GapChild | None, queries: dict[str, str] | None, tmp: Path
                 ) -> list[Path]:
    """Once the on-disk store is closed: the files of the answers of ``queries`` (None: none
    materialised), from the gap child (see :func:`_answer`) or, without one, computed on the
    on-disk store now. Without answers to materialise, let the gap child end."""
    if queries is None:
        if gaps is not None:
            gaps.finish()
        return []
    if gaps is None:
        return materialise(tmp / "store", queries)
    files = gaps.finish()
    (tmp / ADDED_FILE).unlink()
    (tmp / LATER_FILE).unlink(missing_ok=True)
    return files


def _wait_for_children(sink: FactSink, gaps: GapChild | None, reasoning: ReasonerChild | None,
                       timer: _Timer, report: BuildReport) -> None:
    """Add what the children found, in order: the gap analysis, HermiT's inferences (the
    collected quads are sorted for the dumps meanwhile, batch by batch: graph/handover.py)."""
    timer.stage(STAGES[6])
    if gaps is not None:
        report.gaps = gaps.add_to(sink)
        report.analysis_seconds = gaps.seconds

    timer.stage(STAGES[7])
    if reasoning is not None:
        inferred, report.reasoner_seconds = reasoning.result()
        report.inferred_types = _add_inferences(sink, inferred)


def _add_inferences(sink: FactSink, inferred: set[tuple[str, str]]) -> int:
    """Add the inferred class assertions (the reasoner child keeps those about the graph's own
    resources, not about vocabulary individuals)."""
    record = Record(source=sink.minter.rebase(ONTOLOGY_BASE), method="derived", confidence="high",
                    section="OWL 2 reasoning (owlready2 + HermiT): inferred class assertions")
    a = NamedNode(PREFIXES["rdf"] + "type")
    for individual, cls in sorted(inferred):
        sink.add(NamedNode(individual), a, NamedNode(cls), INFERRED_GRAPH, record)
    return len(inferred)


#: how many times the bytes of its sources a build needs on disk at its peak: the dumps, the
#: on-disk store, the quads handed over and the dumps' sorted runs. Measured on the national
#: benchmark (2026-11-27): 117 MB of sources, ≈20 GB of free disk used at the peak; the
#: Turin build's 0.3 MB of sources leave ≈30 MB.
DISK_PER_SOURCE_BYTE = 180


def disk_needed(options: BuildOptions) -> int:
    """Roughly the free disk a build of ``options`` needs where its output goes (bytes)."""
    return DISK_PER_SOURCE_BYTE * options.sources.size()


def disk_warning(needed: int, free: int, folder: Path) -> str | None:
    """What to tell the user when ``folder``'s file system has less than ``needed`` bytes
    free, or None.

    >>> disk_warning(20 * 10**9, 5 * 10**9, Path("/tmp"))[:58]
    'this build may need about 20.0 GB of free disk in /tmp (it'
    >>> disk_warning(10**6, 10**9, Path("/tmp")) is None
    True
    """
    if free >= needed:
        return None
    return (f"this build may need about {needed / 1e9:.1f} GB of free disk in {folder} (its "
            f"dumps, on-disk store and sorted runs: ≈{DISK_PER_SOURCE_BYTE} times its "
            f"sources), and {free / 1e9:.1f} GB are free: free some space or pass --out on a "
            "larger disk")


def disk_shortfall(options: BuildOptions) -> str | None:
    """:func:`disk_warning` for the file system ``options.out`` goes to (call it after
    :func:`check_out`, which makes the output's parent folder); None on a file system of no
    size, as /proc, where the build itself says it cannot write."""
    out = Path(options.out)
    folder = out.resolve() if out.is_dir() else out.resolve().parent
    usage = shutil.disk_usage(folder)
    return disk_warning(disk_needed(options), usage.free, folder) if usage.total else None


def check_out(out: Path) -> None:
    """Make sure a build can be written to ``out`` without destroying anything but a previous
    build: ``out`` is new, an empty folder, or a build (it has ``build.json`` at its top); its
    parent folder is made if needed. Raise a :class:`SekgError` (nothing touched) otherwise.

    Example
    -------
    >>> import tempfile, pathlib
    >>> note = pathlib.Path(tempfile.mkdtemp()) / "notes.txt"
    >>> _ = note.write_text("mine")
    >>> check_out(note)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    sekg.ontology.errors.SekgError: will not replace .../notes.txt: it is a file and not a ...
    >>> check_out(note / "var")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    sekg.ontology.errors.SekgError: cannot write the build to .../var: .../notes.txt is not a ...
    """
    if out.is_dir():
        if (out / BUILD_FILE).is_file() or not any(out.iterdir()):
            _make_folder(out.parent, out)
            return
    if out.exists() or out.is_symlink():
        kind = "a folder" if out.is_dir() else "a file"
        raise SekgError(f"will not replace {out}: it is {kind} and not a previous build "
                        f"(it has no {BUILD_FILE})",
                        hint="choose a new or empty folder, or move it away first")
    _make_folder(out.parent, out)


def _make_folder(folder: Path, out: Path) -> None:
    """``folder.mkdir(parents=True)``, its failure said as one line about ``out``."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise cannot_write(f"the build to {out}", folder, exc) from None


def remove_leftovers(out: Path) -> list[Path]:
    """Remove what builds of ``out`` stopped outright (SIGKILL, a power cut) left beside it —
    ``.{name}.building-PID`` (a build's temporary folder) and ``.{name}.old-PID`` (the build it
    was replacing) — when process PID is gone; return what was removed. An ``old`` folder is
    kept while ``out`` is missing: it is then the only copy of the previous build.

    Example
    -------
    >>> import subprocess, tempfile, pathlib
    >>> gone = subprocess.Popen(["true"])   # a process that has ended
    >>> _ = gone.wait()
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "var"
    >>> (out.parent / f".var.building-{gone.pid}").mkdir()
    >>> (out.parent / f".var.building-{os.getpid()}").mkdir()   # a build still running
    >>> [p.name == f".var.building-{gone.pid}" for p in remove_leftovers(out)]
    [True]
    """
    removed: list[Path] = []
    prefix = f".{out.name}."
    if not out.parent.is_dir():
        return removed
    for entry in sorted(out.parent.iterdir()):
        kind, _, pid = entry.name[len(prefix):].rpartition("-")
        if (not entry.name.startswith(prefix) or kind not in ("building", "old")
                or not pid.isdigit() or _running(int(pid))
                or (kind == "old" and not out.exists())):
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed


def _running(pid: int) -> bool:
    """Whether process ``pid`` exists (one of another user's counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _swap_in(tmp: Path, out: Path) -> None:
    """Replace ``out`` by ``tmp`` (same file system), keeping ``out`` until the new one is in."""
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        out.rename(old)
    try:
        tmp.rename(out)
    except BaseException:
        if old.exists():
            old.rename(out)
        raise
    try:
        shutil.rmtree(old, ignore_errors=True)
    except (KeyboardInterrupt, SystemExit):
        # the new build is in place: an interruption now only leaves the previous one's
        # remainder, which the next build removes (remove_leftovers); saying "aborted" would
        # be wrong
        log.warning("interrupted while removing the previous build; the next build removes %s",
                    old)


