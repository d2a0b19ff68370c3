"""Rule-based inferences written to the ``inferred`` graph, each marked as derived.

Rule *helix from legal form*: an organisation whose helix is not curated takes the
``sekg:defaultHelix`` of its legal form (``ontology/vocab/legal-form.ttl``). Organisations
with neither are left without a helix and reported by ``sekg info``.

Example
-------
>>> from pyoxigraph import NamedNode as N, Quad as Q
>>> from sekg.ontology.iri import IriMinter
>>> from sekg.graph.provenance import FactSink
>>> from sekg.graph.vocabularies import Vocabularies
>>> sekg = "https://w3id.org/social-economy-kg/ontology#"
>>> sink = FactSink(IriMinter("https://e.org"))
>>> sink.quads.append(Q(N("https://e.org/id/organisation/x"), N(sekg + "legalForm"),
...                     N("https://e.org/id/concept/legal-form/comune"), sink.graph("piano-2030")))
>>> vocab = Vocabularies(default_helix={"https://e.org/id/concept/legal-form/comune":
...                                     "https://e.org/id/concept/helix/public-administration"})
>>> derive_helix(sink, vocab)
1
"""

from __future__ import annotations

from pyoxigraph import NamedNode

from sekg.graph.provenance import INFERRED_GRAPH, FactSink, Record
from sekg.graph.store import term_value
from sekg.graph.vocabularies import Vocabularies
from sekg.ontology.namespaces import PREFIXES

__all__ = ["INFERRED_GRAPH", "derive_helix"]

RULE_SECTION = "rule: helix from legal form (sekg:defaultHelix)"


def derive_helix(sink: FactSink, vocab: Vocabularies) -> int:
    """Add the default helix of each organisation that has a legal form and no helix.

    Returns the number of helix facts derived.
    """
    legal_form = PREFIXES["sekg"] + "legalForm"
    helix = NamedNode(PREFIXES["sekg"] + "helix")
    forms: dict[str, str] = {}
    with_helix: set[str] = set()
    for q in sink.quads:
        if q.predicate.value == legal_form:
            forms[term_value(q.subject)] = term_value(q.object)
        elif q.predicate == helix:
            with_helix.add(term_value(q.subject))
    derived = 0
    for org, form in sorted(forms.items()):
        default = vocab.default_helix.get(form)
        if org in with_helix or default is None:
            continue
        record = Record(source=form, method="derived", confidence="high", section=RULE_SECTION)
        sink.add(NamedNode(org), helix, NamedNode(default), INFERRED_GRAPH, record)
        derived += 1
    return derived
