"""Dumps of the built dataset and its descriptions (VoID, DCAT-AP_IT), byte-for-byte stable.

Every serialisation is produced from sorted quads, with no clock readings: the release date
comes from ``SOURCE_DATE_EPOCH`` when set, else :data:`DATA_RELEASE`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Triple, serialize

from sekg.graph.jsonld import JsonLdDocument, context_document
from sekg.graph.provenance import FactTally
from sekg.graph.statistics import DatasetStatistics
from sekg.graph.store import term_value
from sekg.ontology.errors import StoreError
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
    """One dump file: its name, pyoxigraph format (None: our JSON-LD), media type, EU file type."""

    name: str
    format: RdfFormat | None
    media_type: str
    file_type: str
    quads: bool


DUMP_FILES = (
    Dump("dataset.trig", RdfFormat.TRIG, "application/trig", "RDF_TRIG", True),
    Dump("dataset.nq", RdfFormat.N_QUADS, "application/n-quads", "RDF_N_QUADS", True),
    Dump("dataset.ttl", RdfFormat.TURTLE, "text/turtle", "RDF_TURTLE", False),
    Dump("dataset.nt", RdfFormat.N_TRIPLES, "application/n-triples", "RDF_N_TRIPLES", False),
    Dump("dataset.jsonld", None, "application/ld+json", "JSON_LD", False),
    Dump("dataset.rdf", RdfFormat.RDF_XML, "application/rdf+xml", "RDF_XML", False),
)


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
    """The dumps of a dataset whose quads arrive in batches, most of the work done as they come.

    :meth:`add` files each quad's N-Quads line under its graph, keeps the distinct triples, and
    feeds the JSON-LD document and the VoID counts; :meth:`prepare` renders what can be rendered
    so far (the build calls it while HermiT reasons); :meth:`write` writes every file. Whatever
    the batches, the files are those :func:`write_dumps` writes for all the quads at once.
    """

    def __init__(self, minter: IriMinter) -> None:
        self.minter = minter
        self.prefixes = _prefixes(minter)
        # graph IRI term -> N-Quads line body -> its quad (the quads are the caller's: keeping
        # them costs a reference each, and spares parsing the lines back into terms)
        self._by_graph: dict[str, dict[str, Quad]] = {}
        self._sorted: dict[str, list[str]] = {}    # the line bodies, sorted, for untouched graphs
        self._triples: dict[str, Quad] = {}        # N-Triples line body -> a quad of that triple
        self._jsonld = JsonLdDocument(self.prefixes)
        self._census = _Census(minter)

    def add(self, quads: Iterable[Quad]) -> None:
        """Add quads (duplicates, of each other or of earlier batches, are ignored)."""
        quads = quads if isinstance(quads, list) else list(quads)
        if not quads:
            return
        by_graph, triples = self._by_graph, self._triples
        new_triples = []
        for quad, line in zip(quads, _nquads_lines(quads), strict=True):
            # every quad is in a named graph: its IRI is the line's last term ("... <graph> .")
            cut = line.rindex(" <", 0, -2)
            graph, body = line[cut:], line[:cut]
            bodies = by_graph.get(graph)
            if bodies is None:
                bodies = by_graph[graph] = {}
            if body in bodies:
                continue
            bodies[body] = quad
            self._sorted.pop(graph, None)
            if body not in triples:
                triples[body] = quad
                new_triples.append(quad)
        self._census.add(quads)
        self._jsonld.add(new_triples)  # each distinct triple once (the graph is ignored)

    def prepare(self) -> None:
        """Sort the lines and render the JSON-LD nodes of the quads added so far."""
        for graph, bodies in self._by_graph.items():
            if graph not in self._sorted:
                self._sorted[graph] = sorted(bodies)
        self._jsonld.render()

    def quads_by_graph(self) -> dict[str, int]:
        """How many distinct quads each named graph holds, by graph IRI."""
        # the keys are the lines' ends: " <graph> ."
        return {graph[2:-3]: len(bodies) for graph, bodies in self._by_graph.items()}

    def write(self, folder: Path, on_nquads: Callable[[Path], None] | None = None,
              facts: FactTally | None = None) -> tuple[list[Path], dict[str, list[Triple]]]:
        """Write every dump, the JSON-LD context, VoID and DCAT-AP_IT into ``folder``; return
        the files and the descriptions (``void``, ``dcat``). ``on_nquads`` is called with the
        N-Quads dump as soon as it is written, before the other files (the build loads its
        store from it meanwhile); ``facts`` gives VoID its fact partitions (the sink's tally)."""
        folder.mkdir(parents=True, exist_ok=True)
        self.prepare()
        prefixes = self.prefixes
        graphs = sorted(self._sorted)
        bodies = sorted(self._triples)
        nquads = folder / _file_name(RdfFormat.N_QUADS)
        _write_lines(nquads, [(self._sorted[graph], graph) for graph in graphs])
        if on_nquads is not None:
            on_nquads(nquads)
        _write_lines(folder / _file_name(RdfFormat.N_TRIPLES), [(bodies, " .")])

        # the other writers take the terms in the order of those sorted lines (the triples made
        # as each writer reads them: a list of them all would outlive many garbage collections)
        def quads() -> Iterator[Quad]:
            return (self._by_graph[graph][body] for graph in graphs for body in self._sorted[graph])

        def triples() -> Iterator[Triple]:
            return (self._triples[body].triple for body in bodies)

        written = []
        for dump in DUMP_FILES:
            path = folder / dump.name
            if dump.format is None:
                self._jsonld.write(path)
            elif dump.format in (RdfFormat.N_QUADS, RdfFormat.N_TRIPLES):
                pass  # written above
            elif dump.quads:
                serialize(quads(), str(path), format=dump.format, prefixes=prefixes)
            else:
                use = prefixes if dump.format in (RdfFormat.TURTLE, RdfFormat.RDF_XML) else None
                serialize(triples(), str(path), format=dump.format, prefixes=use)
            written.append(path)
        context = folder / "context.jsonld"
        context.write_text(json.dumps(context_document(prefixes), indent=1, sort_keys=True)
                           + "\n", encoding="utf-8")
        written.append(context)
        description = self._census.describe(self.quads_by_graph(), len(self._triples), facts)
        for name, part in (("void.ttl", "void"), ("dcat.ttl", "dcat")):
            path = folder / name
            serialize(sorted(description[part], key=str), str(path), format=RdfFormat.TURTLE,
                      prefixes=prefixes)
            written.append(path)
        return written, description


def _nquads_lines(quads: list[Quad]) -> list[str]:
    """The N-Quads line of each quad, in order, without its newline.

    N-Quads escapes every line feed in a literal but not every character that
    :meth:`str.splitlines` breaks at (U+2028, U+0085), hence the split on ``"\\n"`` only.

    >>> from pyoxigraph import Literal as L, NamedNode as N, Quad as Q
    >>> _nquads_lines([Q(N("http://e/s"), N("http://e/p"), L("a\\u2028b"), N("http://e/g"))])
    ['<http://e/s> <http://e/p> "a\\u2028b" <http://e/g> .']
    """
    data = serialize(quads, format=RdfFormat.N_QUADS)
    if data is None:  # only when given a file to write to
        raise StoreError("pyoxigraph.serialize returned no N-Quads")
    return data.decode("utf-8").removesuffix("\n").split("\n")


def _file_name(fmt: RdfFormat) -> str:
    """The name of the dump in ``fmt``: ``_file_name(RdfFormat.N_QUADS) == "dataset.nq"``."""
    (name,) = (dump.name for dump in DUMP_FILES if dump.format is fmt)
    return name


def _write_lines(path: Path, groups: list[tuple[list[str], str]], chunk: int = 50_000) -> None:
    """Write lines to ``path`` as UTF-8: the bodies of each group, each followed by the group's
    end and a newline (a lone newline when there are none).

    The end is joined in rather than added to each body, which would make a string per line;
    the text goes out ``chunk`` lines at a time, never whole (at national scale the whole text
    and its encoding were a large part of the dumps' memory peak).
    """
    with path.open("wb") as handle:
        if not any(bodies for bodies, _ in groups):
            handle.write(b"\n")
        for bodies, end in groups:
            line_end = f"{end}\n"
            for start in range(0, len(bodies), chunk):
                handle.write((line_end.join(bodies[start:start + chunk]) + line_end)
                             .encode("utf-8"))


def write_dumps(quads: list[Quad], folder: Path, minter: IriMinter
                ) -> tuple[list[Path], dict[str, list[Triple]]]:
    """Write every dump, the JSON-LD context, VoID and DCAT-AP_IT into ``folder``; return the
    files and the descriptions (``void``, ``dcat``)."""
    plan = DumpPlan(minter)
    plan.add(quads)
    return plan.write(folder)


def metadata_quads(description: dict[str, list[Triple]], minter: IriMinter) -> list[Quad]:
    """The VoID description as quads of the :data:`METADATA_GRAPH` graph, for the store."""
    graph = NamedNode(minter.graph(METADATA_GRAPH))
    return [Quad(t.subject, t.predicate, t.object, graph) for t in description["void"]]


class _Census:
    """The classes, properties and entities of the quads seen so far, for VoID."""

    def __init__(self, minter: IriMinter) -> None:
        self.minter = minter
        self.classes: set[str] = set()
        self.properties: set[str] = set()
        self.entities: set[str] = set()
        self.statistics = DatasetStatistics(minter)

    def add(self, quads: Iterable[Quad]) -> None:
        classes, properties, entities = self.classes, self.properties, self.entities
        rdf_type = PREFIXES["rdf"] + "type"
        id_space = f"{self.minter.base}/id/"
        for q in quads:
            predicate = q.predicate.value  # each term's value read once: each read is a copy
            properties.add(predicate)
            if predicate == rdf_type:
                classes.add(term_value(q.object))
            subject = q.subject
            if type(subject) is NamedNode:
                iri = subject.value
                if iri.startswith(id_space):
                    entities.add(iri)
        self.statistics.add(quads)

    def describe(self, by_graph: dict[str, int], triples: int, facts: FactTally | None = None
                 ) -> dict[str, list[Triple]]:
        return _description(self.minter, by_graph, triples, len(self.entities),
                            len(self.classes), len(self.properties),
                            self.statistics.triples(facts))


def describe_dataset(quads: list[Quad], minter: IriMinter, triples: int | None = None
                     ) -> dict[str, list[Triple]]:
    """VoID and DCAT-AP_IT descriptions of the dataset, from its distinct quads (any order);
    ``triples`` is the number of distinct triples when the caller has it."""
    census = _Census(minter)
    census.add(quads)
    by_graph: dict[str, int] = {}
    for q in quads:
        graph = q.graph_name.value  # type: ignore[union-attr]
        by_graph[graph] = by_graph.get(graph, 0) + 1
    if triples is None:
        triples = len({q.triple for q in quads})
    return census.describe(by_graph, triples)


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
