"""What the grouped-provenance model would save, counted on a built dataset.

Today every fact is reified (an ``rdf:Statement`` of five quads, plus one
``prov:wasDerivedFrom`` per further record). The model proposed in the README (Benchmarks,
Build) keeps one provenance node per subject, graph and source record listing the predicates
it covers (``3 + k`` quads), and reifies single facts only where a subject-predicate pair has
values from different records (which a per-predicate node could not tell apart). This counts
both on the N-Quads dump of a build:

    python -m bench.provenance_model var/dumps/dataset.nq

Example
-------
>>> import pathlib, tempfile
>>> b, r = "https://w3id.org/social-economy-kg", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
>>> g, st = f"<{b}/graph/g>", f"<{b}/id/statement/1>"
>>> lines = [f"<{b}/s> <{b}/p> <{b}/o> {g} .", f"{st} <{r}type> <{r}Statement> {g} .",
...          f"{st} <{r}subject> <{b}/s> {g} .", f"{st} <{r}predicate> <{b}/p> {g} .",
...          f"{st} <{r}object> <{b}/o> {g} .",
...          f"{st} <http://www.w3.org/ns/prov#wasDerivedFrom> <{b}/id/record/1> {g} ."]
>>> path = pathlib.Path(tempfile.mkdtemp()) / "d.nq"
>>> _ = path.write_text("\\n".join(lines) + "\\n")
>>> found = count(path)
>>> found.statements, found.reification_quads, found.provenance_nodes, found.grouped_quads
(1, 5, 1, 4)
>>> found.quads, found.grouped_total
(6, 5)
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import RdfFormat, parse

__all__ = ["ModelCount", "count"]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_DERIVED_FROM = "http://www.w3.org/ns/prov#wasDerivedFrom"


@dataclass(frozen=True)
class ModelCount:
    """Quads of a dataset today and under the grouped model."""

    quads: int
    statements: int
    reification_quads: int
    pairs: int
    ambiguous_pairs: int
    ambiguous_facts: int
    provenance_nodes: int
    grouped_quads: int
    ambiguous_quads: int

    @property
    def grouped_total(self) -> int:
        """The dataset's quads under the grouped model."""
        return self.quads - self.reification_quads + self.grouped_quads + self.ambiguous_quads


def count(nquads: Path) -> ModelCount:
    """Count the reification of the dataset in ``nquads`` and its grouped alternative."""
    statements: dict[str, dict[str, str]] = defaultdict(dict)
    records: dict[str, set[str]] = defaultdict(set)
    quads = 0
    for quad in parse(path=str(nquads), format=RdfFormat.N_QUADS):
        quads += 1
        subject = quad.subject.value
        if "/id/statement/" not in subject:
            continue
        fields = statements[subject]
        fields["graph"] = str(quad.graph_name)
        predicate = quad.predicate.value
        if predicate == _RDF + "subject":
            fields["s"] = str(quad.object)
        elif predicate == _RDF + "predicate":
            fields["p"] = str(quad.object)
        elif predicate == _RDF + "object":
            fields["o"] = str(quad.object)
        elif predicate == _DERIVED_FROM:
            records[subject].add(str(quad.object))
    reification = sum(4 + len(records[st]) for st in statements)
    by_pair: dict[tuple[str, str, str], dict[str, frozenset[str]]] = defaultdict(dict)
    for st, f in statements.items():
        by_pair[(f["s"], f["p"], f["graph"])][f["o"]] = frozenset(records[st])
    ambiguous = {pair for pair, objects in by_pair.items() if len(set(objects.values())) > 1}
    nodes: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for (s, p, g), objects in by_pair.items():
        if (s, p, g) not in ambiguous:
            for record in next(iter(objects.values())):
                nodes[(s, g, record)].add(p)
    return ModelCount(
        quads=quads, statements=len(statements), reification_quads=reification,
        pairs=len(by_pair), ambiguous_pairs=len(ambiguous),
        ambiguous_facts=sum(len(by_pair[pair]) for pair in ambiguous),
        provenance_nodes=len(nodes),
        grouped_quads=sum(3 + len(predicates) for predicates in nodes.values()),
        ambiguous_quads=sum(4 + len(recs) for pair in ambiguous for recs in by_pair[pair].values()))


if __name__ == "__main__":
    for name in sys.argv[1:] or ["var/dumps/dataset.nq"]:
        found = count(Path(name))
        change = 100 * (found.grouped_total - found.quads) / found.quads
        print(f"{name}: {found.quads:,} quads, {found.statements:,} reified facts "
              f"({found.reification_quads:,} quads); grouped: {found.provenance_nodes:,} "
              f"provenance nodes, {found.ambiguous_facts:,} facts still reified "
              f"({found.ambiguous_pairs:,} pairs with values from different records) -> "
              f"{found.grouped_total:,} quads ({change:+.0f}%)")
