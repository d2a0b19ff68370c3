"""The build's OWL reasoning, in a child process started with a warm JVM before its input exists.

HermiT's chain (owlready2, then the JVM) was the longest of the build's children, and most of
a cold JVM's time goes to starting and loading classes (see :mod:`sekg.ontology.warm_hermit`).
So :class:`ReasonerChild` forks when the build starts; the child starts HermiT's JVM at once,
which warms up on the core ontology module while the build reads its sources, and imports
owlready2. Once the dataset is collected, the build writes its quads to an N-Quads file (the
one the gap analysis and the store read) and :meth:`ReasonerChild.hand` sends the child its
name; the child reads the quads (without the provenance bookkeeping: :func:`reasoning_input`),
reasons on the waiting JVM and answers with the inferred class assertions. Where the warm JVM
cannot start (no ``javac``), HermiT starts cold, as before, with the same answers.

Example
-------
>>> from sekg.graph.build import BuildOptions, collect_dataset
>>> options = BuildOptions()
>>> child = ReasonerChild(options.minter)                                # doctest: +SKIP
>>> sink, _ = collect_dataset(options)                                   # doctest: +SKIP
>>> _ = serialize(sink.quads, "/tmp/quads.nq", format=RdfFormat.N_QUADS)  # doctest: +SKIP
>>> child.hand(Path("/tmp/quads.nq"))                                    # doctest: +SKIP
>>> inferred, seconds = child.result()                                   # doctest: +SKIP
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from multiprocessing.connection import Connection
from pathlib import Path

from pyoxigraph import NamedNode, Quad, RdfFormat, Triple, parse

from sekg.graph.forked import Handed
from sekg.graph.gap_child import end_quietly_when_cancelled
from sekg.graph.provenance import bookkeeping_prefixes
from sekg.ontology.iri import IriMinter

__all__ = ["OWN_GRAPH", "ReasonerChild", "own_inferences", "reasoning_input"]

#: what the child answers: the inferred (individual, class) pairs and the reasoning's own
#: seconds, from the hand-over to the answer
Inferred = tuple[set[tuple[str, str]], float]
#: the graph whose resources' inferred types the build keeps (not those of vocabulary
#: individuals, territories or the ontology's own)
OWN_GRAPH = "piano-2030"


def reasoning_input(quads: Iterable[Quad], minter: IriMinter) -> list[Triple]:
    """The ontology, vocabularies and facts, without the provenance bookkeeping (records,
    fact groups, statements: nothing HermiT could use)."""
    skip = bookkeeping_prefixes(minter)
    return [q.triple for q in quads
            if not q.subject.value.startswith(skip)]  # type: ignore[union-attr]


def own_inferences(inferred: set[tuple[str, str]], quads: Iterable[Quad],
                   minter: IriMinter) -> set[tuple[str, str]]:
    """The inferences about the subjects of the :data:`OWN_GRAPH` graph in ``quads``.

    >>> from pyoxigraph import NamedNode as N
    >>> from sekg.ontology.iri import default_minter
    >>> m = default_minter()
    >>> quads = [Quad(N("http://e/x"), N("http://e/p"), N("http://e/o"), N(m.graph(OWN_GRAPH)))]
    >>> sorted(own_inferences({("http://e/x", "http://e/C"), ("http://e/y", "http://e/C")},
    ...                       quads, m))
    [('http://e/x', 'http://e/C')]
    """
    graph = NamedNode(minter.graph(OWN_GRAPH))
    own = {q.subject.value for q in quads  # type: ignore[union-attr]
           if q.graph_name == graph}
    return {pair for pair in inferred if pair[0] in own}


def _reason_when_handed(receive: Connection, forked: bool, minter: IriMinter) -> Inferred:
    """The child: start the warm JVM, import owlready2, wait for the quads' file name, reason."""
    if forked:  # its own process: a cancel ends it at once, and its JVM (same process group)
        end_quietly_when_cancelled()
    from sekg.ontology.reasoning import infer_types, java_available
    from sekg.ontology.warm_hermit import WarmHermit

    jvm = WarmHermit.start() if java_available() else None
    try:
        import owlready2  # noqa: F401 - while the build reads its sources

        try:
            paths = receive.recv()
        except EOFError:  # the build ended without handing the data (it failed)
            return set(), 0.0
        handed = time.perf_counter()
        # the build's own serialisation: no need to validate every term again (lenient)
        quads = [q for path in ([paths] if isinstance(paths, str) else paths)
                 for q in parse(path=path, format=RdfFormat.N_QUADS, lenient=True)]
        inferred = infer_types(reasoning_input(quads, minter), jvm=jvm)
        return own_inferences(inferred, quads, minter), time.perf_counter() - handed
    finally:
        if jvm is not None:
            jvm.close()


class ReasonerChild:
    """HermiT's reasoning in a child forked now, fed later (see the module docstring)."""

    def __init__(self, minter: IriMinter) -> None:
        self._child: Handed[Inferred] = Handed(_reason_when_handed, minter,
                                               label="HermiT reasoning")

    @property
    def pid(self) -> int | None:
        """The child's process id; None where it runs as a thread."""
        return self._child.pid

    def hand(self, nquads: Path | Sequence[Path]) -> None:
        """Tell the child to reason on the quads of the N-Quads file(s) ``nquads``; they must
        stay until :meth:`result`."""
        self._child.hand(str(nquads) if isinstance(nquads, Path) else [str(p) for p in nquads])

    def result(self) -> Inferred:
        """Wait for the inferred (individual, class) pairs about the resources of the
        :data:`OWN_GRAPH` graph, and the reasoning's own seconds."""
        return self._child.result()

    def cancel(self) -> None:
        """Stop the child and its JVM if they still run (see :meth:`Forked.cancel`)."""
        self._child.cancel()
