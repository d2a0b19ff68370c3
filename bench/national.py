"""A SYNTHETIC national-scale graph written straight to N-Quads, for query benchmarks.

The query benchmarks need the national graph without building it (≈8.5 minutes, see the
README); this generator writes the same shapes the build writes for an organisation — facts in
the ``piano-2030`` graph, listed by one ``sekg:FactGroup`` per row (with its
``sekg:PredicateSet`` and the row's ``sekg:sourceLocation``) pointing to the
``sekg:SourceRecord`` every synthetic row shares, and the helix derived by rule in the
``inferred`` graph, listed by the rule's one group — line by line, after the real Turin
dataset. Every
organisation is labelled SYNTHETIC and cites a not-real source; the output stays in
``bench/out/``.

Example
-------
>>> from sekg.graph.provenance import FactTally
>>> tally = FactTally()
>>> lines = list(organisation_quads(0, __import__("random").Random(1), ["001272"], tally))
>>> len(lines) > 20 and all(line.endswith(" .") for line in lines)
True
>>> sum(tally.facts.values()) == sum(1 for line in lines if "/organisation/" in line.split()[0])
True
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from pyoxigraph import Literal, NamedNode

from bench.synthetic import METRO_MIX, SYNTHETIC_SOURCE, _comuni
from sekg.graph.provenance import FactTally

__all__ = ["organisation_quads", "write_national"]

B = "https://w3id.org/social-economy-kg"
S = f"{B}/ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
G = f"<{B}/graph/piano-2030>"
GI = f"<{B}/graph/inferred>"
DEFAULT_HELIX = {"associazione": "third-sector-civil-society", "cooperativa-sociale":
                 "third-sector-civil-society", "srl": "business", "spa": "business",
                 "societa-cooperativa": "business", "comune": "public-administration",
                 "fondazione-origine-bancaria": "finance"}


def organisation_quads(i: int, rng: random.Random, comuni: list[str], tally: FactTally,
                       written: set[tuple[str, str]] | None = None) -> Iterator[str]:
    """The N-Quads lines of one synthetic organisation (facts, fact groups, record); its facts
    are counted in ``tally``."""
    _, form, quals, family, helix, field = rng.choices(METRO_MIX, [m[0] for m in METRO_MIX])[0]
    org = f"<{B}/id/organisation/synthetic-{i:07d}>"
    record = f"<{B}/id/record/synthetic>"
    facts = [
        (f"<{RDF}type>", "<http://www.w3.org/ns/org#Organization>"),
        ("<http://www.w3.org/2000/01/rdf-schema#label>", f'"SYNTHETIC {form} {i:07d}"'),
        (f"<{S}normalisedName>", f'"synthetic {form} {i:07d}"'),
        (f"<{S}legalForm>", f"<{B}/id/concept/legal-form/{form}>"),
        (f"<{S}family>", f"<{B}/id/concept/family/{family}>"),
        (f"<{S}fieldOfActivity>", f"<{B}/id/concept/field-of-activity/{field}>"),
        (f"<{S}seat>", f"<{B}/id/comune/{rng.choice(comuni)}>"),
    ]
    facts += [(f"<{S}qualification>", f"<{B}/id/concept/qualification/{q}>")
              for q in quals.split(";") if q]
    if helix:
        facts.append((f"<{S}helix>", f"<{B}/id/concept/helix/{helix}>"))
    if rng.random() < 0.3:
        facts.append((f"<{S}areaServed>", f"<{B}/id/zona-omogenea/{rng.randint(1, 11)}>"))
    written = set() if written is None else written
    if (record, G) not in written:  # the record every synthetic row shares, once
        written.add((record, G))
        yield f"{record} <{RDF}type> <{S}SourceRecord> {G} ."
        yield f"{record} <http://purl.org/dc/terms/source> <{SYNTHETIC_SOURCE}> {G} ."
        yield f"{record} <{S}method> <{B}/id/concept/provenance-method/curated> {G} ."
        yield f"{record} <{S}confidence> <{B}/id/concept/confidence/low> {G} ."
    group = f"<{B}/id/fact-group/synthetic-{i:07d}>"
    yield f'{group} <{S}sourceLocation> "synthetic:{i + 1}" {G} .'
    yield from _facts(org, facts, group, record, G, tally,
                      f"{B}/id/concept/provenance-method/curated", written)
    if not helix and form in DEFAULT_HELIX:
        derived = f"<{B}/id/record/synthetic-rule-{form}>"
        yield from _facts(org, [(f"<{S}helix>", f"<{B}/id/concept/helix/{DEFAULT_HELIX[form]}>")],
                          f"<{B}/id/fact-group/synthetic-rule-{form}>", derived, GI, tally,
                          f"{B}/id/concept/provenance-method/derived", written)


def _facts(s: str, facts: list[tuple[str, str]], group: str, record: str, g: str,
           tally: FactTally, method: str, written: set[tuple[str, str]]) -> Iterator[str]:
    """The facts of one subject from one record, and its place in their group, as the build's
    sink writes them (graph/provenance.py); each fact counted in ``tally``. The group's own
    quads and its predicate set's are written unless ``written`` has them (as ``(node,
    graph)``: they are added): a rule's group lists every subject the rule gave a value."""
    predicates = sorted(dict.fromkeys(p[1:-1] for p, _ in facts))
    predicate_set = f"<{B}/id/predicate-set/{_set_key(predicates)}>"
    if (group, g) not in written:
        written.add((group, g))
        yield f"{group} <{RDF}type> <{S}FactGroup> {g} ."
        yield f"{group} <http://www.w3.org/ns/prov#wasDerivedFrom> {record} {g} ."
        yield f"{group} <{S}predicateSet> {predicate_set} {g} ."
    yield f"{group} <{S}groupSubject> {s} {g} ."
    if (predicate_set, g) not in written:  # the set's own quads, once per graph
        written.add((predicate_set, g))
        yield f"{predicate_set} <{RDF}type> <{S}PredicateSet> {g} ."
        for p in predicates:
            yield f"{predicate_set} <{S}memberPredicate> <{p}> {g} ."
    for p, o in facts:
        yield f"{s} {p} {o} {g} ."
        tally.add(record[1:-1], method, p[1:-1], _term(o), g == GI, new_for_method=True)


def _set_key(predicates: list[str]) -> str:
    """The key of the set of ``predicates`` (sorted IRIs), as the build's minter makes it."""
    return hashlib.sha1(" ".join(predicates).encode()).hexdigest()[:16]


def _term(text: str) -> NamedNode | Literal:
    """The term of an N-Triples IRI or plain literal as written above."""
    return NamedNode(text[1:-1]) if text.startswith("<") else Literal(text[1:-1])


def _statistics(nquads: Path, tally: FactTally) -> list[object]:
    """The build's VoID partitions (graph/statistics.py) of what is written so far: the class
    partitions read back from the file, the fact partitions of the Turin dataset read back
    from it and those of the synthetic organisations tallied as they were written."""
    from pyoxigraph import RdfFormat, parse

    from sekg.graph.statistics import dataset_statistics
    from sekg.ontology.iri import default_minter

    with nquads.open("rb") as handle:
        return list(dataset_statistics(parse(handle, format=RdfFormat.N_QUADS),
                                       default_minter(), tally))


def write_national(turin_nquads: Path, out: Path, n: int = 400_000, seed: int = 2030) -> Path:
    """Write the Turin dataset followed by ``n`` synthetic organisations as N-Quads, and the
    VoID triple counts of each graph in the metadata graph, as the build writes them."""
    from pyoxigraph import RdfFormat, parse

    from sekg.graph.statistics import tally_facts
    from sekg.ontology.iri import default_minter

    rng = random.Random(seed)
    comuni = _comuni()
    counts: Counter[str] = Counter()
    tally = tally_facts(parse(path=str(turin_nquads), format=RdfFormat.N_QUADS), default_minter())
    written = {(line.split(" ", 1)[0], line[line.rindex(" <", 0, -2) + 1:-2])
               for line in turin_nquads.read_text("utf-8").splitlines()
               if f"<{S}memberPredicate>" in line}  # the Turin graph's predicate sets

    def write(handle: TextIO, lines: list[str]) -> None:
        counts.update(line[line.rindex(" <", 0, -2) + 1:-2] for line in lines)
        handle.write("\n".join(lines) + "\n" if lines else "")

    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        write(handle, turin_nquads.read_text("utf-8").splitlines())
        for form in DEFAULT_HELIX:  # one record per rule, as the build does
            record = f"<{B}/id/record/synthetic-rule-{form}>"
            write(handle, [
                f"{record} <{RDF}type> <{S}SourceRecord> {GI} .",
                f"{record} <{S}method> <{B}/id/concept/provenance-method/derived> {GI} .",
                f"{record} <{S}confidence> <{B}/id/concept/confidence/high> {GI} .",
                f"{record} <{S}section> \"rule: helix from legal form\" {GI} .",
                f"{record} <http://purl.org/dc/terms/source> "
                f"<{B}/id/concept/legal-form/{form}> {GI} ."])
        batch: list[str] = []
        for i in range(n):
            batch.extend(organisation_quads(i, rng, comuni, tally, written))
            if len(batch) > 200_000:
                write(handle, batch)
                batch.clear()
        write(handle, batch)
        meta = f"<{B}/graph/metadata>"
        handle.flush()
        for triple in _statistics(out, tally):
            handle.write(f"{triple} {meta} .\n")
        for graph, count in sorted(counts.items()):
            subset = f"<{B}/id/dataset/social-economy-kg/{graph[1:-1].rsplit('/', 1)[-1]}>"
            handle.write(f"{subset} <http://www.w3.org/ns/sparql-service-description#name> "
                         f"{graph} {meta} .\n{subset} <http://rdfs.org/ns/void#triples> "
                         f"\"{count}\"^^<http://www.w3.org/2001/XMLSchema#integer> {meta} .\n")
    return out
