"""The codes of the SKOS schemes shipped in ``ontology/vocab/``, to check a code a user typed.

These files are the source of the ``vocabularies`` graph, so checking against them needs no
store: it works the same for the embedded store and for a remote SPARQL server. A code is the
last segment of its concept's IRI, ``{base}/id/concept/{scheme}/{code}`` (also its
``skos:notation``, see ``ontology/vocab/README.md``).

Example
-------
>>> "finance" in scheme_codes("helix")
True
>>> scheme_codes("plan-theme") is None   # not a shipped scheme: its codes come with the data
True
>>> try:
...     check_code("family", "nope", "family 'nope'")
... except SekgError as exc:
...     print(exc.message, "|", exc.hint[:36])
family 'nope' is not a code of the family scheme | use one of: association, cooperative
"""

from __future__ import annotations

import difflib
from functools import cache
from importlib.resources import files

from pyoxigraph import NamedNode, RdfFormat, parse

from sekg.ontology.errors import SekgError

__all__ = ["check_code", "scheme_codes"]

_IN_SCHEME = "http://www.w3.org/2004/02/skos/core#inScheme"
#: codes listed in a hint; a longer list ends with "…" and the number of codes
_SHOWN = 12


@cache
def _codes() -> dict[str, tuple[str, ...]]:
    """Every shipped scheme's name (the last segment of its IRI) -> its sorted codes."""
    found: dict[str, set[str]] = {}
    for node in (files("sekg.ontology") / "vocab").iterdir():
        if not node.name.endswith(".ttl"):
            continue
        for t in parse(node.read_bytes(), format=RdfFormat.TURTLE):
            if t.predicate.value == _IN_SCHEME and isinstance(t.object, NamedNode) \
                    and isinstance(t.subject, NamedNode):
                scheme = t.object.value.rstrip("/").rpartition("/")[2]
                found.setdefault(scheme, set()).add(t.subject.value.rpartition("/")[2])
    return {scheme: tuple(sorted(codes)) for scheme, codes in found.items()}


def scheme_codes(scheme: str) -> tuple[str, ...] | None:
    """The sorted codes of a shipped scheme, or None when no file of ``ontology/vocab``
    defines ``scheme`` (e.g. ``plan-theme``, whose concepts come from the plan's sources)."""
    return _codes().get(scheme)


def check_code(scheme: str, code: str, subject: str,
               error: type[SekgError] = SekgError) -> None:
    """Raise ``error`` when ``code`` is not a code of the shipped ``scheme``: the message
    starts with ``subject`` (what was given, e.g. ``parameter helix='nope'``), the hint lists
    the valid codes. Codes of schemes that are not shipped pass."""
    codes = scheme_codes(scheme)
    if codes is None or code in codes:
        return
    close = difflib.get_close_matches(code, codes, n=3)
    shown = ", ".join(codes[:_SHOWN]) + (f", … ({len(codes)} codes)" if len(codes) > _SHOWN
                                         else "")
    hint = (f"did you mean {' or '.join(close)}? " if close else "") + f"use one of: {shown}"
    raise error(f"{subject} is not a code of the {scheme} scheme", hint=hint)
