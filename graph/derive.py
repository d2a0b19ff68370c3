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
from sekg.graph.vocabularies import Vocabularies
from sekg.ontology.namespaces import PREFIXES
from sekg.queries.results import term_value

__all__ = ["INFERRED_GRAPH", "READS", "derive_helix"]

RULE_SECTION = "rule: helix from legal form (sekg:defaultHelix)"
LEGAL_FORM, HELIX = PREFIXES["sekg"] + "legalForm", PREFIXES["sekg"] + "helix"
#: the predicates whose facts the rule reads back (for :attr:`FactSink.watch`)
READS = frozenset({LEGAL_FORM, HELIX})


def derive_helix(sink: FactSink, vocab: Vocabularies) -> int:
    """Add the default helix of each organisation that has a legal form and no helix.

    Returns the number of helix facts derived.
    """
    helix = NamedNode(HELIX)
    forms = {term_value(s): term_value(o) for s, o in sink.pairs(LEGAL_FORM)}
    with_helix = {term_value(s) for s, _ in sink.pairs(HELIX)}
    # each legal form's record and default helix made once (400,000 organisations share a
    # few dozen forms at national scale)
    rules: dict[str, tuple[NamedNode, Record] | None] = {}
    derived = 0
    for org, form in sorted(forms.items()):
        if org in with_helix:
            continue
        if form not in rules:
            default = vocab.default_helix.get(form)
            rules[form] = None if default is None else (
                NamedNode(default),
                Record(source=form, method="derived", confidence="high", section=RULE_SECTION))
        rule = rules[form]
        if rule is None:
            continue
        sink.add(NamedNode(org), helix, rule[0], INFERRED_GRAPH, rule[1])
        derived += 1
    return derived
