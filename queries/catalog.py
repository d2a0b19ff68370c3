"""The catalogue: each ``queries/*.rq`` file with its header parsed (see README.md).

Example
-------
>>> q = get_query("info_counts_by_graph")
>>> q.name, q.kind
('info_counts_by_graph', 'SELECT')
>>> q.bound({}, base="https://w3id.org/social-economy-kg") == q.text   # nothing to bind
True
>>> "https://e.org/graph/metadata" in q.bound({}, base="https://e.org")   # IRIs move
True
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

import yaml

from sekg.ontology.errors import SekgError
from sekg.ontology.namespaces import DEFAULT_BASE
from sekg.queries.params import Param, ParameterError, Term, bind_values, mask_comments

__all__ = ["CatalogError", "CatalogQuery", "get_query", "load_catalog", "parse_query",
           "query_form", "similar_names"]


#: libyaml's safe parser when PyYAML has it: reading the 40 headers takes 0.4 s in pure Python
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CatalogError(SekgError):
    """A catalogue file is malformed, or a query name is unknown."""


@dataclass(frozen=True)
class CatalogQuery:
    """One named question: its documentation, parameters and SPARQL text."""

    name: str
    text: str
    title: dict[str, str] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)
    question: str = ""
    tags: tuple[str, ...] = ()
    params: tuple[Param, ...] = ()
    example: str = ""
    #: answered from the build's materialised answers when run with its defaults on a large
    #: graph (header ``materialise: true``; see :mod:`sekg.graph.answers`)
    materialise: bool = False

    @property
    def kind(self) -> str:
        """SELECT, ASK, CONSTRUCT or DESCRIBE (the query form)."""
        return query_form(self.text)

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise ParameterError(f"query {self.name} has no parameter '{name}'",
                             hint=f"its parameters: {known}")

    def bindings(self, given: Mapping[str, str], base: str) -> dict[str, Term]:
        """Typed terms for the given values, defaults filled in, unknown names refused."""
        for name in given:
            self.param(name)
        terms: dict[str, Term] = {}
        for p in self.params:
            text = given.get(p.name, p.default)
            if p.name not in given and text and base != DEFAULT_BASE:
                text = str(text).replace(DEFAULT_BASE, base)  # defaults use the default base
            if text is not None and str(text) != "":
                terms[p.name] = p.to_term(str(text), base)
        return terms

    def bound(self, given: Mapping[str, str], base: str) -> str:
        """The query text with the parameters bound (``VALUES``), ready to run.

        Queries are written with the default base; IRIs under it move to ``base``.
        """
        text = self.text if base == DEFAULT_BASE else self.text.replace(DEFAULT_BASE, base)
        return bind_values(text, self.bindings(given, base))


def query_form(text: str) -> str:
    """The form of a SPARQL query: SELECT, ASK, CONSTRUCT or DESCRIBE ('' if none).

    >>> query_form("PREFIX a: <http://a/> construct { ?s ?p ?o } WHERE { ?s ?p ?o }")
    'CONSTRUCT'
    """
    body = mask_comments(text)
    body = re.sub(r"(?is)^\s*(PREFIX\s+\S*\s*<[^>]*>\s*|BASE\s*<[^>]*>\s*)*", "", body)
    return body.split(None, 1)[0].upper() if body.strip() else ""


def parse_query(name: str, text: str) -> CatalogQuery:
    """Parse one ``.rq`` file's header; raise :class:`CatalogError` naming the file."""
    header = "\n".join(line[3:] if line.startswith("#+ ") else ""
                       for line in text.splitlines() if line.startswith("#+"))
    try:
        meta = yaml.load(header, Loader=_SafeLoader) or {}
    except yaml.YAMLError as exc:
        raise CatalogError(f"header is not valid YAML: {exc}", file=f"queries/{name}.rq") \
            from None

    def lang_map(value: object) -> dict[str, str]:
        if isinstance(value, dict):
            return {str(k): " ".join(str(v).split()) for k, v in value.items()}
        return {"en": " ".join(str(value).split())} if value else {}

    params = []
    for entry in meta.get("params") or []:
        if not isinstance(entry, dict) or "name" not in entry or "type" not in entry:
            raise CatalogError("each parameter needs a name and a type",
                               file=f"queries/{name}.rq")
        default = entry.get("default")
        params.append(Param(str(entry["name"]), str(entry["type"]),
                            None if default is None else str(default),
                            " ".join(str(entry.get("description", "")).split())))
    title = lang_map(meta.get("title") or meta.get("summary"))
    return CatalogQuery(
        name=name, text=text, title=title, description=lang_map(meta.get("description")),
        question=" ".join(str(meta.get("question", "")).split()),
        tags=tuple(str(t) for t in meta.get("tags") or ()), params=tuple(params),
        example=str(meta.get("example", "")).rstrip(),
        materialise=meta.get("materialise") is True)


@cache
def load_catalog() -> dict[str, CatalogQuery]:
    """Every query of the catalogue, by name."""
    folder = files("sekg.queries")
    return {p.name[:-3]: parse_query(p.name[:-3], p.read_text(encoding="utf-8"))
            for p in sorted(folder.iterdir(), key=lambda p: p.name) if p.name.endswith(".rq")}


def similar_names(name: str) -> list[str]:
    """Up to three names of the catalogue close to ``name`` (for "did you mean")."""
    import difflib

    return difflib.get_close_matches(name, load_catalog(), n=3)


def get_query(name: str) -> CatalogQuery:
    """The named query; an unknown name is a :class:`CatalogError` listing close names."""
    catalog = load_catalog()
    if name not in catalog:
        close = similar_names(name)
        hint = f"did you mean: {', '.join(close)}?" if close else "see `sekg query list`"
        raise CatalogError(f"no query named '{name}'", hint=hint)
    return catalog[name]
