"""The build's gap analysis, in a child process started before the data it analyses exists.

The analysis needs numpy, networkx and scipy: importing them costs about 0.75 s of CPU
(measured 2026-11-26 on the 2-core build machine: ``python -c "import sekg.cli, ...,
scipy.sparse.csgraph"`` 1.06 s against 0.32 s without them), more than the analysis of the
Turin graph itself. While the build reads its sources it runs on one core and the other is
idle; so :class:`GapChild` forks when the build starts, imports there, and waits. The build
writes its quads to N-Quads files in batches as they are collected (graph/handover.py) and
:meth:`GapChild.hand_batch` sends the child each file's name; the child loads them into its
own in-memory store (the parent no longer builds one). Told by :meth:`GapChild.hand` that the
dataset is collected, it runs the analysis and sends back the facts
of its report as the calls :func:`add_gap_analysis` made (:class:`RecordedFacts`);
:meth:`GapChild.add_to` replays them on the build's sink, in order, so the sink ends exactly as
if the analysis had run in the build's own process. The child then validates the same quads
against the SHACL shapes on its store (:mod:`sekg.graph.shacl`; a second store of them cost
2 GB and 12 s at 100,000 synthetic organisations) and, for a large graph, materialises the
whole network's exports there once handed what the build added later
(:meth:`GapChild.finish`). Those exports are the projections' own queries: computed once
before the analysis (:class:`~sekg.graph.answers.HeldAnswers`), they are written as they are
when what the build added cannot change them (:mod:`sekg.queries.reads`; the analysis labels
its findings, not organisations), else computed again.

Example
-------
>>> from sekg.graph.build import BuildOptions, collect_dataset
>>> child = GapChild(BuildOptions().minter)                       # doctest: +SKIP
>>> sink, _ = collect_dataset(BuildOptions())                     # doctest: +SKIP
>>> _ = serialize(sink.quads, "/tmp/quads.nq", format=RdfFormat.N_QUADS)   # doctest: +SKIP
>>> child.hand(Path("/tmp/quads.nq"))                             # doctest: +SKIP
>>> child.add_to(sink) > 0                                        # doctest: +SKIP
True
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Triple, parse, serialize

from sekg.graph.answers import Encoded, HeldAnswers, write_answers
from sekg.graph.forked import Handed, fork_available, keep_from_children
from sekg.graph.gcpause import release_free_memory
from sekg.graph.provenance import FactSink, Record
from sekg.graph.shacl import Shape, Unsupported, compile_shapes, given_value_predicates, validate
from sekg.graph.store import EmbeddedStore
from sekg.ontology.errors import SekgError, StoreError
from sekg.ontology.iri import IriMinter

__all__ = ["GapChild", "RecordedFacts", "add_gap_analysis", "end_quietly_when_cancelled",
           "quads_with_predicates", "read_quads"]

#: one call of :meth:`FactSink.add` (subject, predicate, object, graph name, record) or of
#: :meth:`FactSink.add_plain` (the same, record None)
Fact = tuple[NamedNode, NamedNode, NamedNode | Literal | BlankNode, str, Record | None]


@dataclass
class RecordedFacts(FactSink):
    """A :class:`FactSink` that writes nothing: it keeps each call of :meth:`add` and
    :meth:`add_plain`, for :meth:`replay` on another sink (the calls cross processes; the
    sink's state would not).

    >>> from sekg.ontology.iri import default_minter
    >>> facts = RecordedFacts(default_minter())
    >>> x = NamedNode("http://e/x")
    >>> facts.add(x, x, x, "analysis", Record("http://e/s", "derived", "high"))
    >>> sink = FactSink(default_minter())
    >>> facts.replay(sink)
    >>> len(facts.quads), len(sink.quads) > 0
    (0, True)
    """

    calls: list[Fact] = field(default_factory=list)

    def add(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal | BlankNode, graph: str,
            record: Record) -> None:
        self.calls.append((s, p, o, graph, record))

    def add_plain(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal | BlankNode,
                  graph: str) -> None:
        self.calls.append((s, p, o, graph, None))

    def replay(self, sink: FactSink) -> None:
        """Make the same calls, in the same order, on ``sink``."""
        for s, p, o, graph, record in self.calls:
            if record is None:
                sink.add_plain(s, p, o, graph)
            else:
                sink.add(s, p, o, graph, record)


def add_gap_analysis(sink: FactSink, store: EmbeddedStore) -> int:
    """Run the partnership-gap analysis on the dataset so far (read through ``store``); its
    findings go to the ``analysis`` graph of ``sink`` (derived facts). Returns the number of
    gaps."""
    from sekg.graph.analysis import analyse, load_projections
    from sekg.graph.analysis.rdf import add_gap_report

    return add_gap_report(sink, analyse(load_projections(store)))


def _exit_at_once(signum: int, frame: object) -> None:
    os._exit(128 + signum)


def end_quietly_when_cancelled() -> None:
    """In a forked child that starts no process and owns no file: end at once on
    :meth:`Forked.cancel`'s SIGTERM.

    A build that fails while it reads the sources cancels the gap child in the middle of its
    imports; Forked's own handler raises SystemExit, and raised inside one of importlib's
    callbacks it is reported on stderr ("Exception ignored in ... Traceback") under the
    build's one-line error.
    """
    signal.signal(signal.SIGTERM, _exit_at_once)


#: what the child answers first: the number of gaps, the facts, the analysis's own seconds
Analysis = tuple[int, RecordedFacts, float]
#: what it is handed second: None (nothing more to do), or the N-Quads file of the quads the
#: build added after the hand-over, the folder of the answers and the queries to materialise;
#: then, after the latter, None (the answers stand) or the N-Quads file of quads added since
#: that may change them (:meth:`GapChild.confirm`)
Finish = tuple[str, str, dict[str, str]] | None
#: what it answers last: the SHACL violations (None: not asked to validate), the seconds the
#: validation took, the files of the materialised answers, their index's entries and the
#: names of those computed before the analysis and written as they were
Verdict = tuple[list[str] | None, float, list[str], dict[str, dict[str, Any]], list[str]]


#: the size of the handed N-Quads file from which SHACL runs beside the analysis rather than
#: after it (≈300,000 quads; the Turin graph's file is 8 MB). Measured at 100,000 synthetic
#: organisations (4.3M quads, 2026-11-26): validation after the analysis made the end of
#: the build wait for it (70 s); beside it, see bench/HISTORY.md (session 10)
VALIDATE_BESIDE_MIN_BYTES = 64 * 2**20


def quads_with_predicates(paths: Sequence[str], predicates: set[str]) -> list[Quad]:
    """The quads of the N-Quads files ``paths`` (pyoxigraph's own output) whose predicate is
    one of ``predicates``. ``grep`` picks the lines that mention them (a few hundredths of the
    lines: parsing them all in Python took longer than loading them into the store); Python
    reads every line where there is no ``grep``.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "q.nq"
    >>> _ = path.write_text('<http://e/s> <http://e/p> <http://e/q> <http://e/g> .\\n'
    ...                     '<http://e/s> <http://e/q> "1" <http://e/g> .\\n')
    >>> [str(q.object) for q in quads_with_predicates([str(path)], {"http://e/q"})]
    ['"1"']
    """
    if not predicates or not paths:
        return []
    wanted = {NamedNode(p) for p in predicates}
    grep = shutil.which("grep")
    quads: Iterable[Quad]
    if grep is None:
        quads = read_quads(paths)
    else:
        patterns = [arg for p in sorted(predicates) for arg in ("-e", f"<{p}>")]
        found = subprocess.run([grep, "-h", "-F", *patterns, *paths], capture_output=True,
                               check=False)
        if found.returncode > 1:  # 1: no line matched
            raise StoreError(f"grep failed on the collected quads: "
                             f"{found.stderr.decode('utf-8', 'replace').strip()}",
                             hint="check that the build folder is readable")
        quads = parse(found.stdout, format=RdfFormat.N_QUADS, lenient=True)
    return [q for q in quads if q.predicate in wanted]


def _analyse_when_handed(receive: Connection, forked: bool, minter: IriMinter,
                         early: Connection) -> Verdict:
    """The child: import, load the batches of quads it is handed (N-Quads file names) into
    an in-memory store until told the dataset is collected (with the SHACL shapes, as
    N-Triples, or None), analyse, send the facts and the seconds from that message to the
    answer on ``early``; validate the quads against the shapes on the same in-memory store;
    then, if handed what the build added since, add it to the store and materialise the
    answers of the whole network's exports there (:func:`~sekg.graph.answers.materialise`)."""
    if forked:  # a process of our own
        end_quietly_when_cancelled()
    # scipy.sparse.csgraph is imported by the analysis on first use (arrays.components,
    # recommend.csr_candidate_ties): importing it here moves its ≈0.4 s to the idle core too
    import scipy.sparse.csgraph  # noqa: F401

    import sekg.graph.analysis.rdf  # noqa: F401 - numpy, networkx, the analysis modules

    # the batches of the collected quads, loaded as they come (the build reads on meanwhile),
    # then ("collected", the SHACL shapes as N-Triples or None)
    store = EmbeddedStore.empty()
    paths: list[str] = []
    message = receive.recv()
    while isinstance(message, str):
        store.add_file(message)  # the build's own serialisation: read leniently
        paths.append(message)
        message = receive.recv()
    handed = time.perf_counter()
    _, shapes_text, held_texts = message
    shapes = [q.triple for q in parse(shapes_text, format=RdfFormat.N_TRIPLES)] \
        if shapes_text is not None else None
    compiled = _compiled(shapes)

    def validated() -> tuple[list[str] | None, float]:
        started = time.perf_counter()
        lines = None
        if shapes is not None and compiled:
            # SHACL reads some values as given (the store keeps literals by value): grep
            # reads every batch for them (≈15 s at national scale), beside the analysis too
            kept = quads_with_predicates(paths, given_value_predicates(compiled))
            lines = sorted(v.line() for v in validate(kept, compiled, store=store.raw))
            del kept  # the national graph's 400,000 labels
        elif shapes is not None:
            lines = _validate_elsewhere(paths, shapes)
        return lines, time.perf_counter() - started

    # On a large graph SHACL runs in a thread beside the analysis: Oxigraph evaluates its
    # queries without the GIL, so they use the other core while the analysis runs its own
    # queries and Python (the build process mostly waits meanwhile). On a small one the
    # analysis is on the build's critical path: SHACL waits until it has answered.
    beside = sum(os.path.getsize(p) for p in paths) >= VALIDATE_BESIDE_MIN_BYTES
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="shacl") as pool:
        validation = pool.submit(validated) if beside else None
        # the exports the build will materialise are the projections' own queries: computed
        # once here, read by the projections, and written later if nothing added since can
        # change them (see _still_standing)
        held = HeldAnswers.compute(store, held_texts) if held_texts else None
        store.answers = held
        facts = RecordedFacts(minter)
        gaps = add_gap_analysis(facts, store)
        early.send((gaps, facts, time.perf_counter() - handed))
        early.close()
        store.answers = None
        ready = held.encoded() if held is not None else {}
        del held
        lines, seconds = validation.result() if validation else validated()
    del facts  # sent
    release_free_memory()  # the projections' arrays and tables, freed with the analysis
    try:
        finish: Finish = receive.recv()
    except EOFError:  # the build ended (or failed) without a second hand-over
        return lines, seconds, [], {}, []
    if finish is None:
        return lines, seconds, [], {}, []
    added, folder, queries = finish
    store.add_file(added)
    usable = _still_standing(store, added, ready)
    del ready
    written, entries = write_answers(Path(folder), queries, store, usable)
    reused = sorted(name for name, text in queries.items() if text in usable)
    del usable
    # the build hands the last quads (the VoID description) only if they may change the
    # answers (queries/reads.py): the answers are then computed again with them
    try:
        later: str | None = receive.recv()
    except EOFError:
        later = None
    if later is not None:
        store.add_file(later)
        written, entries = write_answers(Path(folder), queries, store)
        reused = []
    return lines, seconds, [str(f) for f in written], entries, reused


def _still_standing(store: EmbeddedStore, added: str, ready: dict[str, Encoded]
                    ) -> dict[str, Encoded]:
    """The answers of ``ready`` (by query text, computed before the quads of the N-Quads
    file ``added`` were added to ``store``) that those quads cannot change
    (:mod:`sekg.queries.reads`)."""
    from sekg.queries.reads import reads_of

    if not ready:
        return {}
    quads = list(read_quads([added]))
    return {text: answer for text, answer in ready.items()
            if not reads_of(text).may_change(quads, partial(_any_instance, store))}


def _any_instance(store: EmbeddedStore, about: dict[str, set[str]]) -> bool:
    """Whether one of the subject IRIs of ``about`` is, in ``store``, an instance (by an
    ``rdf:type`` quad) of one of the classes given with it."""
    pairs = " ".join(f"(<{subject}> <{cls}>)" for subject, classes in sorted(about.items())
                     for cls in sorted(classes))
    return bool(store.raw.query(f"ASK {{ VALUES (?s ?c) {{ {pairs} }} ?s a ?c }}",
                                use_default_graph_as_union=True))


def _compiled(shapes: list[Triple] | None) -> list[Shape] | None:
    """The shapes compiled to SPARQL; None without shapes or if they use SHACL the compiler
    does not support (see :func:`_validate_elsewhere`)."""
    if shapes is None:
        return None
    try:
        return compile_shapes(shapes)
    except Unsupported:
        return None


def _validate_elsewhere(paths: list[str], shapes: list[Triple]) -> list[str]:
    """Shapes the SPARQL validator does not compile: pySHACL (see
    :func:`~sekg.graph.validate.violations`) on the quads of the files, read again as given
    (the store keeps literals by value)."""
    from sekg.graph.validate import validate_triples

    return validate_triples(list(read_quads(paths)), shapes)


def read_quads(paths: Sequence[str | Path]) -> Iterator[Quad]:
    """The quads of the build's N-Quads files ``paths``, read leniently (its own output)."""
    for path in paths:
        yield from parse(path=str(path), format=RdfFormat.N_QUADS, lenient=True)


class GapChild:
    """The gap analysis in a child forked now, fed later (see the module docstring); ``nice``
    lowers its priority (see :class:`~sekg.graph.forked.Forked`).

    It answers twice: the analysis (:meth:`add_to`); then, once :meth:`finish` is called, the
    SHACL violations of the quads it was handed, found on the same in-memory store after the
    analysis (one copy of the quads in Oxigraph, not two), and, if :meth:`finish` hands it
    what the build added since, the materialised answers of a large graph, from that store
    rather than from the on-disk one (RocksDB answers the exports' per-actor lookups 10-20x
    slower)."""

    def __init__(self, minter: IriMinter, nice: int = 0) -> None:
        self._early, early_send = multiprocessing.Pipe(duplex=False)
        keep_from_children(self._early)
        self._child: Handed[Verdict] = Handed(
            _analyse_when_handed, minter, early_send, label="gap analysis", nice=nice)
        if fork_available():  # the child has its own copy; a thread shares this one
            early_send.close()
        self._seconds = 0.0
        self._analysed = False
        self._verdict: Verdict | None = None
        #: the on-disk store whose answers the child computes (see :meth:`answer`)
        self._answering: Path | None = None
        self._confirmed = False

    @property
    def seconds(self) -> float:
        """The analysis's own wall time in the child, from the moment it was handed the data
        to its answer: imports and waiting for the data left out (0 until answered)."""
        return self._seconds

    @property
    def validation_seconds(self) -> float:
        """The SHACL validation's own wall time in the child (0 until :meth:`finish`)."""
        return self._verdict[1] if self._verdict else 0.0

    @property
    def violations(self) -> list[str] | None:
        """The SHACL violations (one line each) once :meth:`finish` returned; None if the
        child was given no shapes."""
        return self._verdict[0] if self._verdict else None

    @property
    def pid(self) -> int | None:
        """The child's process id; None where it runs as a thread."""
        return self._child.pid

    def hand_batch(self, nquads: Path) -> None:
        """Have the child load the quads of the N-Quads file ``nquads`` (a batch of those
        collected so far) into its store; the file must stay until :meth:`add_to`."""
        self._child.hand(str(nquads))

    def hand(self, nquads: Path | None = None, shapes: list[Triple] | None = None,
             exports: list[str] | None = None) -> None:
        """Tell the child that the dataset is collected — the batches handed so far and the
        N-Quads file ``nquads``, if given (same terms as :meth:`hand_batch`) — and to analyse
        it and, given ``shapes``, to validate it. ``exports``: the text of the queries whose
        answers :meth:`answer` will ask for, computed before the analysis (which reads them)
        and kept."""
        if nquads is not None:
            self.hand_batch(nquads)
        text = serialize(shapes, format=RdfFormat.N_TRIPLES) if shapes is not None else None
        self._child.hand(("collected", text, exports or []))

    def add_to(self, sink: FactSink) -> int:
        """Wait for the child's analysis, add its facts to ``sink``; return the number of
        gaps."""
        try:
            answer: Analysis = self._early.recv()
        except EOFError:  # it failed before answering: its error (or a crash) is raised here
            self._child.result()
            raise SekgError("the gap analysis ended without an answer") from None
        self._analysed = True
        gaps, facts, self._seconds = answer
        facts.replay(sink)
        return gaps

    def answer(self, added: Path, store: Path, queries: dict[str, str]) -> None:
        """Have the child add the quads of the N-Quads file ``added`` to its store and write
        ``queries``' answers for the on-disk ``store`` (which must hold the same quads once
        closed, but for quads the build knows cannot change the answers, or hands over later
        with :meth:`confirm`) into the answers' folder beside it, while the build writes that
        store; :meth:`finish`, called once it is closed, writes their index. Call it after
        :meth:`add_to`; once."""
        from sekg.graph.answers import answers_folder

        if self._verdict is not None or not self._analysed or self._answering is not None:
            return
        self._child.hand((str(added), str(answers_folder(store)), queries))
        self._answering = store
        self._confirmed = False

    def confirm(self, later: Path | None = None) -> None:
        """After :meth:`answer`: the answers stand (``later`` None), or have the child add
        the quads of the N-Quads file ``later`` (added to the on-disk store since) and compute
        them again. Once; :meth:`finish` confirms them as they stand if not called."""
        if self._answering is None or self._confirmed or self._verdict is not None:
            return
        self._child.hand(None if later is None else str(later))
        self._confirmed = True

    def finish(self, added: Path | None = None, store: Path | None = None,
               queries: dict[str, str] | None = None) -> list[Path]:
        """Wait for the validation (see :attr:`violations`) and the answers asked for by
        :meth:`answer` (or now, given its arguments), write their index for the (closed)
        store and return the files written. Call it after :meth:`add_to`; once."""
        from sekg.graph.answers import write_index

        if self._verdict is not None or not self._analysed:
            return []
        if added is not None and store is not None and queries:
            self.answer(added, store, queries)
        if self._answering is None:
            self._child.hand(None)
        else:
            self.confirm()
        self._verdict = self._child.result()
        if self._answering is None:
            return []
        return [*(Path(f) for f in self._verdict[2]),
                write_index(self._answering, self._verdict[3])]

    @property
    def reused_answers(self) -> list[str]:
        """The names of the answers computed before the analysis and written as they were
        (nothing added since could change them), once :meth:`finish` returned."""
        return self._verdict[4] if self._verdict else []

    def cancel(self) -> None:
        """Stop the child if it still runs (see :meth:`Forked.cancel`) and close the pipes."""
        self._child.cancel()
        self._early.close()
