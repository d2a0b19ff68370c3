"""The SYNTHETIC national graph follows the build's provenance model: its published fact
partitions are those read back from its quads, every synthetic fact has its record (shared
by the rows) and each row's group its location."""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import RdfFormat, parse

from bench.national import write_national
from sekg.graph.build import BuildReport
from sekg.graph.statistics import dataset_statistics, tally_facts
from sekg.ontology.iri import default_minter


def test_synthetic_facts_are_grouped_with_their_record(built: tuple[Path, BuildReport],
                                                       tmp_path: Path) -> None:
    out, _ = built
    path = write_national(out / "dumps" / "dataset.nq", tmp_path / "national.nq", n=40)
    quads = list(parse(path=str(path), format=RdfFormat.N_QUADS))
    minter = default_minter()
    metadata = minter.graph("metadata")
    data = [q for q in quads if q.graph_name.value != metadata]
    tally = tally_facts(data, minter)
    curated = minter.concept("provenance-method", "curated")
    synthetic = {r for (method, _), records in tally.records.items() if method == curated
                 for r in records if "/record/synthetic" in r}
    assert synthetic == {f"{minter.base}/id/record/synthetic"}  # shared, as the build's rows
    rows = {q.object.value for q in data
            if q.predicate.value == f"{minter.base}/ontology#sourceLocation"
            and "/fact-group/synthetic-" in q.subject.value}
    assert len(rows) == 40  # each organisation's group says its row
    published = {str(q.triple) for q in quads if q.graph_name.value == metadata
                 and "partition/" in str(q.subject) and "/class-partition/" not in str(q.subject)}
    read_back = {str(t) for t in dataset_statistics([], minter, tally)
                 if "partition/" in str(t.subject) and "/class-partition/" not in str(t.subject)}
    assert published == read_back
