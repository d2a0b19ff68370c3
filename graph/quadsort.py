"""Sorted, distinct N-Quads and N-Triples of a dataset, sorted outside Python, and the counts
its VoID description needs.

The dumps list each named graph's quads in turn (graphs by IRI), each graph's quads by their
N-Quads text, and the distinct triples by their N-Triples text: UTF-8 byte order, which is
code-point order, so the order is fixed by the data alone. At national scale (over 10M quads)
a Python string per line and Python's sort took tens of seconds and gigabytes; here
``sort`` (GNU coreutils, or any POSIX ``sort``) sorts the text in C within a bounded buffer,
spilling to temporary files, and ``awk`` reorders the fields and takes the counts in the same
pass over the sorted text. No Python object is made per quad. Where ``sort`` or ``awk`` is
missing, the same steps run in Python on the lines as bytes, with the same result byte for
byte (a test compares the two), in memory: fine for the Turin graph (8 MB of text, where
Python takes as long as the tools), not at national scale.

A sorted run is N-Quads text whose every line is prefixed by its graph and a space
(``<g> <s> <p> <o> <g> .``), sorted and distinct: sorting on that text sorts by graph, then by
the line (an IRI holds no space, and the space sorts before any character that can follow a
complete term); beside it (:func:`triples_of`), the batch's distinct triples as N-Triples,
sorted. :func:`start_sort` makes the run of an N-Quads file in the background (the build
starts it while SHACL and HermiT run); :func:`merge_runs` merges runs into the N-Quads and
N-Triples dumps, which costs little more than reading them, and returns a :class:`Census`.

Example
-------
>>> import pathlib, tempfile
>>> work = pathlib.Path(tempfile.mkdtemp())
>>> _ = (work / "a.nq").write_text('<http://e/b> <http://e/p> "1" <http://e/g> .\\n'
...                                '<http://e/a> <http://e/p> "1" <http://e/g> .\\n')
>>> run = start_sort(work / "a.nq", work / "a.run", work)
>>> run.wait()
>>> census = merge_runs([work / "a.run"], work / "d.nq", work / "d.nt", work,
...                     CensusTerms("http://e/id/", ()))
>>> print((work / "d.nq").read_text(), end="")
<http://e/a> <http://e/p> "1" <http://e/g> .
<http://e/b> <http://e/p> "1" <http://e/g> .
>>> census.quads_by_graph, census.triples, census.properties
({'http://e/g': 2}, 2, 1)
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sekg.graph.forked import lower_priority
from sekg.ontology.errors import StoreError
from sekg.ontology.namespaces import PREFIXES

__all__ = ["SORT_BUFFER", "Census", "CensusTerms", "Sorting", "count_lines",
           "merge_runs", "start_sort", "triples_of"]

#: Memory ``sort`` may use before it spills sorted runs to temporary files (in the build's
#: own folder). The national graph's N-Quads text is ≈4 GB.
SORT_BUFFER = "1G"
#: Memory each ``sort -m`` of :func:`merge_runs` may use: merging reads its sorted runs a
#: buffer at a time, and with 1G each of the two merges of the national graph's ten runs held
#: ≈0.9 GB, at the build's peak of memory
MERGE_BUFFER = "128M"

#: Byte order whatever the user's locale; awk's ``length`` and ``substr`` count bytes.
_ENV = {**os.environ, "LC_ALL": "C"}

#: Prefix each N-Quads line with its graph, the last term but the final dot.
_DECORATE = '{ print $(NF - 1) " " $0 }'
#: Each N-Quads line without its graph: an N-Triples line.
_TRIPLE = '{ print substr($0, 1, length($0) - length($(NF - 1)) - 3) " ." }'

#: Read sorted, decorated lines: write the N-Quads line to the file ENVIRON["SEKG_NQ"] and
#: count, for VoID (graph/statistics.py): the quads of each graph, the distinct predicates,
#: the distinct objects of rdf:type, the distinct subject IRIs under the entity space, and the
#: distinct resources of each class outside the graphs listed in ENVIRON["SEKG_SKIP"] (the
#: model's). The counts go to ENVIRON["SEKG_STATS"], one tab-separated line each. Terms are
#: compared as their N-Triples text, one text per term. The sorted lines bring each graph,
#: subject and predicate in runs: looking each up once per run rather than once per line
#: took this pass from 4.7 to 2.7 s at 0.9M quads.
_SPLIT = r"""
BEGIN {
    nq = ENVIRON["SEKG_NQ"]; stats = ENVIRON["SEKG_STATS"]; entity = ENVIRON["SEKG_ENTITY"]
    type = ENVIRON["SEKG_TYPE"]
    n = split(ENVIRON["SEKG_SKIP"], names, " ")
    for (i = 1; i <= n; i++) skip[names[i]] = 1
}
{
    # $1 the graph, $2 the subject, $3 the predicate (terms without spaces: IRIs, blank nodes)
    print substr($0, length($1) + 2) > nq
    if ($1 != graph) {
        if (NR > 1) quads[graph] += count
        graph = $1; count = 0
    }
    count++
    # the lines come by subject within a graph: look a subject up once per run of its lines
    if ($2 != subject) {
        subject = $2
        if (index(subject, entity) == 1) entities[subject] = 1
    }
    if ($3 != predicate) {
        predicate = $3
        properties[predicate] = 1
    }
    if (predicate == type) {
        # the object: what is left of the line between the predicate and the graph
        start = length($1) + length(subject) + length(predicate) + 4
        object = substr($0, start, length($0) - start - length($1) - 1)
        classes[object] = 1
        if (!(graph in skip) && substr(object, 1, 1) == "<") typed[object " " subject] = 1
    }
}
END {
    if (NR) quads[graph] += count
    OFS = "\t"
    for (g in quads) print "graph", g, quads[g] > stats
    n = 0; for (p in properties) n++; print "properties", n > stats
    n = 0; for (c in classes) n++; print "classes", n > stats
    n = 0; for (s in entities) n++; print "entities", n > stats
    for (k in typed) { cut = index(k, " "); of[substr(k, 1, cut - 1)]++ }
    for (c in of) print "class", c, of[c] > stats
}
"""


def _external() -> bool:
    """Whether ``sort`` and ``awk`` are there to sort and count (else Python does)."""
    return all(shutil.which(tool) for tool in ("sort", "awk"))


def _tool(name: str) -> str:
    """The path of a POSIX tool the dumps need, or a :class:`StoreError` saying so."""
    path = shutil.which(name)
    if path is None:
        raise StoreError(f"the dumps need the `{name}` command, which is not on the PATH",
                         hint="install coreutils and awk (on Debian: coreutils, mawk)")
    return path


def _sort_command(work: Path, *options: str, buffer: str = SORT_BUFFER) -> list[str]:
    return [_tool("sort"), *options, "-S", buffer, "-T", str(work)]


@dataclass
class Sorting:
    """A pipeline of processes started in the background; :meth:`wait` ends it."""

    processes: list[subprocess.Popen[bytes]]
    what: str = "the dumps' quads"
    _done: bool = field(default=False, repr=False)

    def wait(self) -> None:
        """Wait for every process; a :class:`StoreError` names a failed one."""
        if self._done:
            return
        failed = []
        for process in self.processes:
            _, err = process.communicate()
            if process.returncode:
                failed.append(f"{Path(str(process.args[0])).name}: "  # type: ignore[index]
                              f"{(err or b'').decode('utf-8', 'replace').strip()}")
        self._done = True
        if failed:
            raise StoreError(f"sorting {self.what} failed: {'; '.join(failed)}",
                             hint="check the free space of the build folder's file system")

    def cancel(self) -> None:
        """Stop the processes (a failed build does not wait for them); nothing once ended
        (by :meth:`wait` or an earlier cancel)."""
        if self._done:
            return
        for process in self.processes:
            if process.poll() is None:
                process.kill()
            process.communicate()
        self._done = True


def triples_of(run: Path) -> Path:
    """The file of the sorted triples beside the sorted run ``run``."""
    return run.with_name(run.name + ".triples")


def start_sort(nquads: Path | Sequence[Path], run: Path, work: Path, nice: int = 0,
               buffer: str = SORT_BUFFER) -> Sorting:
    """Start sorting the N-Quads file(s) ``nquads`` into the sorted run ``run`` and its
    triples (see the module; temporary files in ``work``) and return at once (without the
    tools: once sorted); the tools run ``nice`` steps below this process (a sort whose result
    is wanted later yields to the work wanted first); each ``sort`` holds up to ``buffer``
    of text in memory."""
    files = [nquads] if isinstance(nquads, Path) else list(nquads)
    if not _external():
        lines = [line for f in files for line in f.read_bytes().split(b"\n")[:-1]]
        graphs = [line[line.rindex(b" <", 0, -2) + 1:-2] for line in lines]
        _write_sorted(run, {g + b" " + line for g, line in zip(graphs, lines, strict=True)})
        _write_sorted(triples_of(run), {line[:len(line) - len(g) - 3] + b" ."
                                        for g, line in zip(graphs, lines, strict=True)})
        return Sorting([])
    processes = []
    for program, target in ((_DECORATE, run), (_TRIPLE, triples_of(run))):
        fields = subprocess.Popen([_tool("awk"), program, *map(str, files)], env=_ENV,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        processes += [fields, subprocess.Popen(
            _sort_command(work, "-u", "-o", str(target), buffer=buffer), env=_ENV,
            stdin=fields.stdout, stderr=subprocess.PIPE)]
        assert fields.stdout is not None
        fields.stdout.close()  # the sort holds the pipe now: awk sees it close if sort ends
    for process in processes:
        lower_priority(process.pid, nice)
    return Sorting(processes, f"the quads of {', '.join(f.name for f in files)}")


def _write_sorted(path: Path, lines: set[bytes]) -> None:
    path.write_bytes(b"".join(line + b"\n" for line in sorted(lines)))


@dataclass(frozen=True)
class CensusTerms:
    """What :func:`merge_runs` counts: the entity space (subjects whose IRI starts with it)
    and the graphs whose resources the class partitions leave out."""

    entity_space: str
    skip_graphs: tuple[str, ...]


@dataclass
class Census:
    """The counts of a dataset that VoID publishes (see graph/statistics.py)."""

    #: distinct quads of each named graph, by graph IRI
    quads_by_graph: dict[str, int]
    #: distinct triples (the lines of the N-Triples dump)
    triples: int
    #: distinct predicates, distinct objects of ``rdf:type``, distinct subjects in the space
    properties: int
    classes: int
    entities: int
    #: distinct resources typed with each class (by class IRI) outside the skipped graphs
    by_class: dict[str, int]


def merge_runs(runs: list[Path], nquads: Path, ntriples: Path, work: Path,
               terms: CensusTerms, on_triples: Callable[[], None] | None = None) -> Census:
    """Merge sorted runs (:func:`start_sort`) into the N-Quads dump ``nquads`` and the
    N-Triples dump ``ntriples`` (distinct triples, sorted), and count what VoID needs.
    ``on_triples`` is called as soon as ``ntriples`` is complete (the quads take longer)."""
    if not _external():
        return _merge_in_python(runs, nquads, ntriples, terms, on_triples)
    stats = work / ".census.tsv"
    env = {**_ENV, "SEKG_NQ": str(nquads), "SEKG_STATS": str(stats),
           "SEKG_ENTITY": f"<{terms.entity_space}", "SEKG_TYPE": f"<{PREFIXES['rdf']}type>",
           "SEKG_SKIP": " ".join(f"<{g}>" for g in terms.skip_graphs)}
    # the quads and the triples side by side: two merges of sorted files, not sorts
    merge = subprocess.Popen(_sort_command(work, "-m", "-u", *map(str, runs),
                                           buffer=MERGE_BUFFER), env=_ENV,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    split = subprocess.Popen([_tool("awk"), _SPLIT], env=env, stdin=merge.stdout,
                             stderr=subprocess.PIPE)
    assert merge.stdout is not None
    merge.stdout.close()
    triples = subprocess.Popen(_sort_command(work, "-m", "-u", "-o", str(ntriples),
                                             *(str(triples_of(run)) for run in runs),
                                             buffer=MERGE_BUFFER),
                               env=_ENV, stderr=subprocess.PIPE)
    try:
        Sorting([triples], "the triples").wait()
        if on_triples is not None:
            on_triples()
    except BaseException:
        Sorting([merge, split]).cancel()
        raise
    Sorting([merge, split], "the dataset").wait()
    if not nquads.exists():  # no quad at all: awk never opened the file
        nquads.write_bytes(b"")
    census = _read_census(stats, count_lines(ntriples))
    stats.unlink()
    return census


def _merge_in_python(runs: list[Path], nquads: Path, ntriples: Path, terms: CensusTerms,
                     on_triples: Callable[[], None] | None) -> Census:
    """:func:`merge_runs` in Python, on the lines as bytes: the steps of ``_SPLIT``."""
    triples = {line for run in runs for line in triples_of(run).read_bytes().split(b"\n")[:-1]}
    _write_sorted(ntriples, triples)
    if on_triples is not None:
        on_triples()
    lines = sorted({line for run in runs for line in run.read_bytes().split(b"\n")[:-1]})
    entity = f"<{terms.entity_space}".encode()
    rdf_type = f"<{PREFIXES['rdf']}type>".encode()
    skip = {f"<{g}>".encode() for g in terms.skip_graphs}
    quads: dict[bytes, int] = {}
    properties: set[bytes] = set()
    classes: set[bytes] = set()
    entities: set[bytes] = set()
    typed: set[tuple[bytes, bytes]] = set()
    with nquads.open("wb") as handle:
        for line in lines:
            graph, _, quad = line.partition(b" ")
            handle.write(quad + b"\n")
            triple = quad[:len(quad) - len(graph) - 3]
            quads[graph] = quads.get(graph, 0) + 1
            subject, _, rest = triple.partition(b" ")
            predicate, _, obj = rest.partition(b" ")
            properties.add(predicate)
            if predicate == rdf_type:
                classes.add(obj)
                if graph not in skip and obj.startswith(b"<"):
                    typed.add((obj, subject))
            if subject.startswith(entity):
                entities.add(subject)
    by_class: dict[str, int] = {}
    for obj, _ in typed:
        cls = obj[1:-1].decode("utf-8")
        by_class[cls] = by_class.get(cls, 0) + 1
    by_graph = dict(sorted((g[1:-1].decode("utf-8"), n) for g, n in quads.items()))
    return Census(by_graph, len(triples), len(properties), len(classes), len(entities),
                  dict(sorted(by_class.items())))


def _read_census(stats: Path, triples: int) -> Census:
    census = Census({}, triples, 0, 0, 0, {})
    for line in stats.read_text("utf-8").splitlines():
        kind, *values = line.split("\t")
        if kind == "graph":
            census.quads_by_graph[values[0][1:-1]] = int(values[1])
        elif kind == "class":
            census.by_class[values[0][1:-1]] = int(values[1])
        else:
            setattr(census, kind, int(values[0]))
    census.quads_by_graph = dict(sorted(census.quads_by_graph.items()))
    census.by_class = dict(sorted(census.by_class.items()))
    return census


def count_lines(path: Path, chunk: int = 1 << 22) -> int:
    """The number of line feeds in ``path``, read a few megabytes at a time.

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "x"; _ = path.write_bytes(b"a\\nb\\n")
    >>> count_lines(path, chunk=1)
    2
    """
    lines = 0
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            lines += block.count(b"\n")
    return lines
