"""Dumps of the built dataset and its descriptions (VoID, DCAT-AP_IT), byte-for-byte stable.

The quads are sorted as N-Quads text outside Python (graph/quadsort.py) into the N-Quads and
N-Triples dumps, which pyoxigraph then reads and writes again as TriG, Turtle, RDF/XML and
JSON-LD, each in a forked child (graph/forked.py), all in Rust but for one Python object per
quad in transit. Every serialisation is produced from sorted quads, with no clock readings:
the release date comes from ``SOURCE_DATE_EPOCH`` when set, else :data:`DATA_RELEASE`.

Example
-------
>>> import pathlib, tempfile
>>> from pyoxigraph import Literal as L, NamedNode as N, Quad as Q
>>> from sekg.ontology.iri import default_minter
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> quads = [Q(N("http://e/s"), N("http://e/p"), L("x"), N("http://e/g"))]
>>> files, description = write_dumps(quads, folder / "dumps", default_minter())
>>> sorted(f.name for f in files)[:3]
['context.jsonld', 'dataset.jsonld', 'dataset.nq']
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Triple, parse, serialize

from sekg.graph.forked import Forked
from sekg.graph.jsonld import context_document, write_jsonld
from sekg.graph.provenance import FactTally
from sekg.graph.quadsort import (
    SORT_BUFFER,
    Census,
    CensusTerms,
    Sorting,
    merge_runs,
    start_sort,
    triples_of,
)
from sekg.graph.statistics import NON_DATA_GRAPHS, partition_triples
from sekg.ontology.iri import GRAPH_NAMES, IriMinter
from sekg.ontology.namespaces import PREFIXES

__all__ = ["DATA_RELEASE", "DUMP_FILES", "METADATA_GRAPH", "Dump", "DumpPlan", "metadata_quads",
           "release_date", "write_dumps"]

#: Date of this release of the curated data (used when SOURCE_DATE_EPOCH is not set).
DATA_RELEASE = "2026-11-25"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = ("Fonte: Camera di commercio di Torino e Città metropolitana di Torino, "
               "«Piano metropolitano dell'economia sociale di Torino 2030 — Resoconto processo "
               "di ascolto territoriale»; elaborazione social-economy-kg")
_EU = "http://publications.europa.eu/resource/authority/"
_SD_NAME = "http://www.w3.org/ns/sparql-service-description#name"

#: The store's own named graph holding the VoID description of the dataset (as in
#: ``void.ttl``), so that questions such as "how many triples in each graph" read the counts the
#: build took instead of scanning every quad. It is not part of the dumps.
METADATA_GRAPH = "metadata"


@dataclass(frozen=True)
class Dump:
    """One dump file: its name, pyoxigraph format, media type, EU file type, and whether it
    holds the quads (else the distinct triples)."""

    name: str
    format: RdfFormat
    media_type: str
    file_type: str
    quads: bool


DUMP_FILES = (
    Dump("dataset.trig", RdfFormat.TRIG, "application/trig", "RDF_TRIG", True),
    Dump("dataset.nq", RdfFormat.N_QUADS, "application/n-quads", "RDF_N_QUADS", True),
    Dump("dataset.ttl", RdfFormat.TURTLE, "text/turtle", "RDF_TURTLE", False),
    Dump("dataset.nt", RdfFormat.N_TRIPLES, "application/n-triples", "RDF_N_TRIPLES", False),
    Dump("dataset.jsonld", RdfFormat.JSON_LD, "application/ld+json", "JSON_LD", False),
    Dump("dataset.rdf", RdfFormat.RDF_XML, "application/rdf+xml", "RDF_XML", False),
)
#: the dumps written by sorting the text; the others are read from them by pyoxigraph
_SORTED = (RdfFormat.N_QUADS, RdfFormat.N_TRIPLES)


def release_date() -> str:
    """``SOURCE_DATE_EPOCH`` as an ISO date (UTC) if set, else :data:`DATA_RELEASE`."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date().isoformat()
    return DATA_RELEASE


def _prefixes(minter: IriMinter) -> dict[str, str]:
    prefixes = {k: minter.rebase(v) for k, v in PREFIXES.items() if k not in ("sh",)}
    prefixes["id"] = f"{minter.base}/id/"
    return prefixes


class DumpPlan:
    """The dumps of a dataset whose quads arrive in batches, each sorted as it comes.

    :meth:`add_file` (an N-Quads file) and :meth:`add` (quads) start sorting a batch in the
    background and return at once (the build hands over the bulk of the dataset this way and
    sorts it while SHACL and HermiT run); :meth:`write` merges the sorted batches into the
    N-Quads and N-Triples dumps, writes the other formats from them, and the descriptions.
    Whatever the batches, and whatever their order or overlap, the files are the same.
    ``work`` holds the sorted batches (in the build, its temporary folder: same file system).
    The conversions of the triples start while the N-Quads dump is still merged, which the
    TriG dump and the descriptions wait for: they run ``yielding`` steps below this process.
    """

    def __init__(self, minter: IriMinter, work: Path, yielding: int = 0) -> None:
        self.minter = minter
        self.prefixes = _prefixes(minter)
        self.work = work
        self.yielding = yielding
        self._runs: list[tuple[Path, Sorting | _InTurn]] = []
        self._written: list[Path] = []  # the batches made by add(), removed by write()
        self._census: Census | None = None
        #: the sorts of add_file_in_turn, one after the other, at this lower priority (read as
        #: each starts)
        self._turns: ThreadPoolExecutor | None = None
        self.in_turn_nice = 0
        self._started: list[Sorting] = []
        self._cancelled = False

    def _conversion_nice(self, dump: Dump) -> int:
        """How far below this process the conversion of the triples to ``dump`` runs: the
        JSON-LD one, the longest (national graph: ≈18 s of CPU against 12–13 s for Turtle
        and RDF/XML), less far than the others, so that it does not end alone on one core
        (it did, the last ≈8 s of the national build)."""
        return max(0, self.yielding - 3) if dump.format is RdfFormat.JSON_LD else self.yielding

    def add_file(self, *nquads: Path, nice: int = 0) -> None:
        """Start sorting the quads of N-Quads files, as one batch, ``nice`` steps below this
        process (see :func:`start_sort`); they must stay until :meth:`write`."""
        run = self.work / f".sorted-{len(self._runs)}"
        self._runs.append((run, start_sort(nquads, run, self.work, nice=nice)))

    def add_file_in_turn(self, nquads: Path, buffer: str = SORT_BUFFER) -> None:
        """Sort the quads of the N-Quads file ``nquads`` once those added before in turn are
        sorted (one at a time, each ``sort`` holding ``buffer`` of text: the build sorts
        each batch of a large graph while it reads the next, in the memory left), the tools
        :attr:`in_turn_nice` steps below this process as they start; otherwise as
        :meth:`add_file`."""
        if self._turns is None:
            self._turns = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sort")
        run = self.work / f".sorted-{len(self._runs)}"
        self._runs.append((run, _InTurn(self._turns.submit(self._sort, nquads, run, buffer))))

    def _sort(self, nquads: Path, run: Path, buffer: str) -> Sorting:
        if self._cancelled:
            return Sorting([])
        sorting = start_sort(nquads, run, self.work, nice=self.in_turn_nice, buffer=buffer)
        self._started.append(sorting)
        for process in sorting.processes:
            process.wait()
        return sorting

    def add(self, quads: Iterable[Quad]) -> None:
        """Start sorting ``quads`` (written out as N-Quads first, by pyoxigraph)."""
        path = self.work / f".batch-{len(self._runs)}.nq"
        serialize(quads, str(path), format=RdfFormat.N_QUADS)
        self._written.append(path)
        self.add_file(path)

    def cancel(self) -> None:
        """Stop the sorts still running (a failed build does not wait for them)."""
        self._cancelled = True
        for _, sorting in self._runs:
            sorting.cancel()
        for started in self._started:
            started.cancel()
        if self._turns is not None:
            self._turns.shutdown(wait=True, cancel_futures=True)

    def quads_by_graph(self) -> dict[str, int]:
        """How many distinct quads each named graph holds, by graph IRI (after :meth:`write`)."""
        if self._census is None:
            raise RuntimeError("DumpPlan.quads_by_graph is known once the dumps are written")
        return dict(self._census.quads_by_graph)

    def write(self, folder: Path, facts: FactTally | None = None,
              on_description: Callable[[dict[str, list[Triple]]], None] | None = None
              ) -> tuple[list[Path], dict[str, list[Triple]]]:
        """Write every dump, the JSON-LD context, VoID and DCAT-AP_IT into ``folder``; return
        the files and the descriptions (``void``, ``dcat``); ``facts`` gives VoID its fact
        partitions (the sink's tally). ``on_description`` is given the descriptions as soon
        as they are known, while the other formats are still being written (the build hands
        its gap child the last quads then)."""
        folder.mkdir(parents=True, exist_ok=True)
        for _, sorting in self._runs:
            sorting.wait()
        if self._turns is not None:
            self._turns.shutdown()
        nquads, ntriples = (folder / _file_name(fmt) for fmt in _SORTED)
        terms = CensusTerms(f"{self.minter.base}/id/",
                            tuple(self.minter.graph(name) for name in NON_DATA_GRAPHS))
        children: list[Forked[None]] = []

        def convert(quads: bool) -> None:
            # the other formats in children, side by side: each reads its source, sorted, once
            children.extend(
                Forked(_convert, nquads if quads else ntriples, folder / dump.name, dump.format,
                       self.prefixes, label=f"writing {dump.name}",
                       nice=0 if quads else self._conversion_nice(dump))
                for dump in DUMP_FILES if dump.format not in _SORTED and dump.quads == quads)

        try:
            # the formats of the triples start as soon as the N-Triples dump is complete
            self._census = census = merge_runs([run for run, _ in self._runs], nquads,
                                               ntriples, self.work, terms,
                                               on_triples=lambda: convert(quads=False))
            convert(quads=True)
            for run, _ in self._runs:
                run.unlink()
                triples_of(run).unlink()
            for path in self._written:
                path.unlink()
            context = folder / "context.jsonld"
            context.write_text(json.dumps(context_document(self.prefixes), indent=1,
                                          sort_keys=True) + "\n", encoding="utf-8")
            description = _description(self.minter, census.quads_by_graph, census.triples,
                                       census.entities, census.classes, census.properties,
                                       partition_triples(self.minter, census.by_class, facts))
            for name, part in (("void.ttl", "void"), ("dcat.ttl", "dcat")):
                serialize(sorted(description[part], key=str), str(folder / name),
                          format=RdfFormat.TURTLE, prefixes=self.prefixes)
            if on_description is not None:
                on_description(description)
            for child in children:
                child.result()
        finally:
            for child in children:
                child.cancel()
        written = [folder / dump.name for dump in DUMP_FILES]
        return written + [context, folder / "void.ttl", folder / "dcat.ttl"], description


@dataclass
class _InTurn:
    """A sort waiting for its turn (:meth:`DumpPlan.add_file_in_turn`)."""

    future: Future[Sorting]

    def wait(self) -> None:
        self.future.result().wait()

    def cancel(self) -> None:
        self.future.cancel()  # one started is stopped by DumpPlan.cancel


def _convert(source: Path, target: Path, fmt: RdfFormat, prefixes: dict[str, str]) -> None:
    """Write the dump ``target`` in ``fmt`` from the sorted N-Quads or N-Triples ``source``,
    in the order of its lines. ``source`` is pyoxigraph's own output: it is read leniently,
    without validating every IRI and literal again (the conversion takes half the time)."""
    if fmt is RdfFormat.JSON_LD:
        write_jsonld(source, target, prefixes)
        return
    source_format = RdfFormat.N_QUADS if source.suffix == ".nq" else RdfFormat.N_TRIPLES
    use = prefixes if fmt in (RdfFormat.TRIG, RdfFormat.TURTLE, RdfFormat.RDF_XML) else None
    serialize(parse(path=str(source), format=source_format, lenient=True), str(target), format=fmt,
              prefixes=use)


def _file_name(fmt: RdfFormat) -> str:
    """The name of the dump in ``fmt``: ``_file_name(RdfFormat.N_QUADS) == "dataset.nq"``."""
    (name,) = (dump.name for dump in DUMP_FILES if dump.format is fmt)
    return name


def write_dumps(quads: Iterable[Quad], folder: Path, minter: IriMinter
                ) -> tuple[list[Path], dict[str, list[Triple]]]:
    """Write every dump, the JSON-LD context, VoID and DCAT-AP_IT into ``folder``; return the
    files and the descriptions (``void``, ``dcat``)."""
    folder.mkdir(parents=True, exist_ok=True)
    work = folder / ".sorting"
    work.mkdir()
    try:
        plan = DumpPlan(minter, work)
        plan.add(quads)
        return plan.write(folder)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def metadata_quads(description: dict[str, list[Triple]], minter: IriMinter) -> list[Quad]:
    """The VoID description as quads of the :data:`METADATA_GRAPH` graph, for the store."""
    graph = NamedNode(minter.graph(METADATA_GRAPH))
    return [Quad(t.subject, t.predicate, t.object, graph) for t in description["void"]]


def _description(minter: IriMinter, by_graph: dict[str, int], triples: int, entities: int,
                 classes: int, properties: int, statistics: list[Triple]
                 ) -> dict[str, list[Triple]]:
    p = {k: v for k, v in PREFIXES.items()}
    N = NamedNode  # noqa: N806 - short constructor for readability below

    def t(s: str, pred: str, o: NamedNode | Literal) -> Triple:
        prefix, _, local = pred.partition(":")
        return Triple(N(s), N(p[prefix] + local), o)

    dataset = minter.dataset()
    base = minter.base
    date = Literal(release_date(), datatype=N(p["xsd"] + "date"))
    title_it = "Grafo della conoscenza dell'economia sociale della Città metropolitana di Torino"
    title_en = "Knowledge graph of the social economy of the Metropolitan City of Turin"
    void = [
        t(dataset, "rdf:type", N(p["void"] + "Dataset")),
        t(dataset, "dcterms:title", Literal(title_it, language="it")),
        t(dataset, "dcterms:title", Literal(title_en, language="en")),
        t(dataset, "dcterms:license", N(LICENSE)),
        t(dataset, "dcterms:source", N(minter.resource("document", "resoconto-ascolto"))),
        t(dataset, "dcterms:modified", date),
        t(dataset, "void:triples", Literal(triples)),
        t(dataset, "void:entities", Literal(entities)),
        t(dataset, "void:classes", Literal(classes)),
        t(dataset, "void:properties", Literal(properties)),
        t(dataset, "void:uriSpace", Literal(f"{base}/id/")),
        t(dataset, "void:sparqlEndpoint", N(f"{base}/sparql")),
        t(dataset, "void:uriLookupEndpoint", N(f"{base}/id/")),
    ]
    for dump in DUMP_FILES:
        void.append(t(dataset, "void:dataDump", N(f"{base}/dumps/{dump.name}")))
    for prefix in ("org", "skos", "prov", "dcterms", "schema", "foaf", "clv", "cov", "sekg"):
        void.append(t(dataset, "void:vocabulary", N(minter.rebase(p[prefix]))))
    # the graphs of the build, and any other graph the quads are in (a later stage's)
    names = list(GRAPH_NAMES) + sorted(g.rsplit("/", 1)[-1] for g in by_graph
                                       if g not in {minter.graph(n) for n in GRAPH_NAMES})
    for name in names:
        graph = minter.graph(name)
        if not by_graph.get(graph):
            continue  # e.g. no user data: the description lists what the dataset holds
        subset = f"{dataset}/{name}"
        void += [
            Triple(N(subset), N(_SD_NAME), N(graph)),  # the named graph this subset is
            t(dataset, "void:subset", N(subset)),
            t(subset, "rdf:type", N(p["void"] + "Dataset")),
            t(subset, "dcterms:title", Literal(name)),
            t(subset, "void:triples", Literal(by_graph.get(graph, 0))),
            t(subset, "dcterms:isPartOf", N(dataset)),
        ]

    void += statistics   # class and fact partitions (graph/statistics.py)

    catalog = f"{base}/id/catalog/social-economy-kg"
    publisher = f"{base}/id/agent/social-economy-kg"
    rights = minter.resource("organisation", "camera-di-commercio-di-torino")
    license_doc = N(LICENSE)
    dcat = [
        t(catalog, "rdf:type", N(p["dcatapit"] + "Catalog")),
        t(catalog, "rdf:type", N(p["dcat"] + "Catalog")),
        t(catalog, "dcterms:title", Literal("Catalogo social-economy-kg", language="it")),
        t(catalog, "dcterms:title", Literal("social-economy-kg catalogue", language="en")),
        t(catalog, "dcterms:description", Literal(
            "Dati aperti collegati sull'ecosistema dell'economia sociale di Torino.",
            language="it")),
        t(catalog, "dcterms:publisher", N(publisher)),
        t(catalog, "dcterms:modified", date),
        t(catalog, "dcat:dataset", N(dataset)),
        t(catalog, "foaf:homepage", N(f"{base}/")),
        t(catalog, "dcterms:language", N(_EU + "language/ITA")),
        t(publisher, "rdf:type", N(p["dcatapit"] + "Agent")),
        t(publisher, "rdf:type", N(p["foaf"] + "Agent")),
        t(publisher, "foaf:name", Literal("social-economy-kg contributors")),
        t(publisher, "dcterms:identifier", Literal("social-economy-kg")),
        t(rights, "rdf:type", N(p["dcatapit"] + "Agent")),
        t(rights, "rdf:type", N(p["foaf"] + "Agent")),
        t(rights, "foaf:name", Literal("Camera di commercio di Torino")),
        t(rights, "dcterms:identifier", Literal("camera-di-commercio-di-torino")),
        t(dataset, "rdf:type", N(p["dcatapit"] + "Dataset")),
        t(dataset, "rdf:type", N(p["dcat"] + "Dataset")),
        t(dataset, "dcterms:identifier", Literal("social-economy-kg")),
        t(dataset, "dcterms:description", Literal(
            "Partecipanti, territori, processo partecipativo, consultazione e Piano "
            "metropolitano dell'economia sociale di Torino 2030, con la provenienza di ogni "
            "fatto.", language="it")),
        t(dataset, "dcterms:description", Literal(
            "Participants, territories, participatory process, consultation and plan of the "
            "Metropolitan Plan for the Social Economy of Turin 2030, with the provenance of "
            "every fact.", language="en")),
        t(dataset, "dcat:theme", N(_EU + "data-theme/SOCI")),
        t(dataset, "dcat:theme", N(_EU + "data-theme/ECON")),
        t(dataset, "dcterms:publisher", N(publisher)),
        t(dataset, "dcterms:rightsHolder", N(rights)),
        t(dataset, "dcterms:accrualPeriodicity", N(_EU + "frequency/IRREG")),
        t(dataset, "dcterms:language", N(_EU + "language/ITA")),
        t(dataset, "dcterms:spatial", N(minter.resource("territory",
                                                         "citta-metropolitana-di-torino"))),
        t(dataset, "dcterms:bibliographicCitation", Literal(ATTRIBUTION, language="it")),
        t(LICENSE, "rdf:type", N(p["dcatapit"] + "LicenseDocument")),
        t(LICENSE, "rdf:type", N(p["dcterms"] + "LicenseDocument")),
        t(LICENSE, "foaf:name", Literal(
            "Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)", language="it")),
    ]
    for dump in DUMP_FILES:
        dist = f"{dataset}/distribution/{dump.name.replace('.', '-')}"
        url = N(f"{base}/dumps/{dump.name}")
        dcat += [
            t(dataset, "dcat:distribution", N(dist)),
            t(dist, "rdf:type", N(p["dcatapit"] + "Distribution")),
            t(dist, "rdf:type", N(p["dcat"] + "Distribution")),
            t(dist, "dcterms:title", Literal(f"{dump.name} ({dump.media_type})")),
            t(dist, "dcat:accessURL", url),
            t(dist, "dcat:downloadURL", url),
            t(dist, "dcat:mediaType", Literal(dump.media_type)),
            t(dist, "dcterms:format", N(_EU + "file-type/" + dump.file_type)),
            t(dist, "dcterms:license", license_doc),
            t(dist, "dcterms:modified", date),
        ]
    return {"void": void, "dcat": dcat}
