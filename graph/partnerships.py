"""User data: partnerships, projects and memberships from CSV files, checked row by row.

The format (one row per collaboration and member) is documented in ``graph/sources/README.md``
under "Partnerships CSV (user data)". Every bad row is collected and reported in one
:class:`~sekg.ontology.errors.SourceError` naming ``file:line`` — nothing is dropped silently.
The facts go, each with its row's provenance, into the ``user`` named graph.

Example
-------
>>> import pathlib, tempfile
>>> from sekg.graph.build import BuildOptions, collect_dataset
>>> csv = pathlib.Path(tempfile.mkdtemp()) / "p.csv"
>>> _ = csv.write_text("collaboration,kind,label,member,source\\n"
...                    "demo,partnership,Demo,legacoop-piemonte,https://example.org/a\\n"
...                    "demo,partnership,,comune-di-lemie,https://example.org/a\\n")
>>> sink, _ = collect_dataset(BuildOptions(partnerships=[csv]))
>>> sorted({q.subject.value.split("/id/")[1] for q in sink.quads
...         if q.graph_name == sink.graph(GRAPH) and "/id/membership/" in q.subject.value})
['membership/demo-comune-di-lemie', 'membership/demo-legacoop-piemonte']
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TypeVar

from pyoxigraph import Literal, NamedNode

from sekg.graph.provenance import FactSink, Record, checked_record
from sekg.graph.tabular import Row, parse_date, read_rows
from sekg.graph.territories import TerritoryIndex
from sekg.ontology.errors import SourceError
from sekg.ontology.iri import KEY_PATTERN
from sekg.ontology.namespaces import PREFIXES

_T = TypeVar("_T")

__all__ = ["COLUMNS", "GRAPH", "KINDS", "READS", "REQUIRED_COLUMNS", "add_partnerships"]

#: the predicates whose facts the rows are checked against (for :attr:`FactSink.watch`)
READS = frozenset({PREFIXES["rdf"] + "type"})

GRAPH = "user"
KINDS = ("partnership", "project", "membership")
#: every column the format knows, in the documented order
COLUMNS = ("collaboration", "kind", "label", "member", "role", "theme", "objective",
           "territory", "start_date", "end_date", "source", "method", "confidence", "notes")
#: columns the header must list; the others may be left out
REQUIRED_COLUMNS = ("collaboration", "kind", "member", "source")
#: columns every row of one collaboration must agree on (an empty cell does not repeat it)
SHARED_COLUMNS = ("kind", "label", "theme", "objective", "territory", "start_date", "end_date")
#: columns a ``membership`` row may not fill: org:memberOf has no place for them
_NOT_FOR_MEMBERSHIP = ("label", "role", "theme", "objective", "territory", "start_date",
                       "end_date")
SECTION = "Partnerships CSV (user data)"
_HINT = "see 'Partnerships CSV (user data)' in graph/sources/README.md"


@dataclass
class _Known:
    """IRIs the rows may point to: organisations, plan themes and objectives in the graph."""

    organisations: set[str]
    themes: set[str]
    objectives: set[str]

    @classmethod
    def of(cls, sink: FactSink) -> _Known:
        a = PREFIXES["rdf"] + "type"
        organisation = NamedNode(PREFIXES["org"] + "Organization")
        m = sink.minter
        org_prefix, theme_prefix = f"{m.base}/id/organisation/", m.concept("plan-theme", "")
        objective_prefix = f"{m.base}/id/objective/"
        known = cls(set(), set(), set())
        for subject, cls_node in sink.pairs(a):
            s = subject.value
            if s.startswith(org_prefix) and cls_node == organisation:
                known.organisations.add(s)
            elif s.startswith(theme_prefix):
                known.themes.add(s)
            elif s.startswith(objective_prefix):
                known.objectives.add(s)
        return known


@dataclass
class _Errors:
    """Every problem found, in file and line order, with the hints they came with."""

    found: list[SourceError] = field(default_factory=list)

    def add(self, error: SourceError) -> None:
        self.found.append(error)

    def check(self, step: Callable[[], _T]) -> _T | None:
        """Run ``step``; record its :class:`SourceError` instead of stopping."""
        try:
            return step()
        except SourceError as exc:
            self.add(exc)
            return None

    def raise_any(self) -> None:
        if not self.found:
            return
        if len(self.found) == 1:
            raise self.found[0]
        ordered = sorted(self.found, key=lambda e: (e.file or "", e.line or 0))
        hints = {e.hint for e in ordered if e.hint}
        hint = hints.pop() if len(hints) == 1 else None
        raise SourceError(
            f"{len(ordered)} errors: " + "; ".join(
                f"{e.file}:{e.line}: {e.message}" if e.line else f"{e.file}: {e.message}"
                for e in ordered),
            hint=f"{hint}; fix every row listed" if hint else f"fix every row listed ({_HINT})")


@dataclass
class _Collaboration:
    """The rows of one partnership or project, with the shared values they agree on."""

    key: str
    rows: list[Row] = field(default_factory=list)
    #: column -> (value, the row that gave it)
    values: dict[str, tuple[str, Row]] = field(default_factory=dict)


def add_partnerships(sink: FactSink, paths: Sequence[Path], territories: TerritoryIndex) -> int:
    """Check every row of the partnership CSV files and add their facts to the ``user`` graph.

    Parameters
    ----------
    sink
        The dataset so far: members, themes and objectives must already be in it.
    paths
        The CSV files, read in order; one collaboration may span several files.
    territories
        The territories, to resolve the ``territory`` tokens as ``area_served`` does.

    Returns
    -------
    int
        The number of rows added. Raises one :class:`SourceError` listing every bad row.
    """
    if not paths:
        return 0
    errors = _Errors()
    rows: list[Row] = []
    for path in paths:
        rows += errors.check(partial(_read, Path(path))) or []
    known = _Known.of(sink)
    records: dict[int, Record] = {}
    collaborations: dict[str, _Collaboration] = {}
    joined: dict[tuple[str, str], Row] = {}
    minted: dict[str, Row] = {}
    for row in rows:
        record = errors.check(partial(_row_record, row))
        if isinstance(record, Record):
            records[id(row)] = record
        kind = row["kind"].strip()
        key = row["collaboration"].strip()
        member = row["member"].strip()
        if kind not in KINDS:
            errors.add(row.error(f"unknown kind '{kind}'", hint=f"use one of: {', '.join(KINDS)}"))
        for column, value in (("collaboration", key), ("member", member)):
            if not KEY_PATTERN.match(value):
                errors.add(row.error(f"malformed or empty {column} '{value}'",
                                     hint="keys are lower-case ASCII words joined by hyphens"))
        if not KEY_PATTERN.match(key):
            continue
        well_formed = bool(KEY_PATTERN.match(member))
        if well_formed and sink.minter.resource("organisation", member) not in \
                known.organisations:
            errors.add(_unknown_organisation(row, "member", member))
        if kind == "membership":
            if well_formed:
                _check_membership(row, key, member, sink, known, joined, errors)
            continue
        group = collaborations.setdefault(key, _Collaboration(key))
        _merge(group, row, errors, check_kind=kind in KINDS)
        # keys may contain hyphens: 'a-b' + 'c' and 'a' + 'b-c' would share an IRI
        first = minted.setdefault(f"{key}-{member}", row)
        if first["collaboration"].strip() != key:
            errors.add(row.error(f"membership identifier '{key}-{member}' is also that of "
                                 f"{first.where}", hint="rename one of the collaborations"))
        _check_values(row, sink, known, territories, errors)
    for group in collaborations.values():
        _check_group(group, errors)
    errors.raise_any()
    for row in rows:
        if row["kind"].strip() == "membership":
            _add_membership(sink, row, records[id(row)])
    for group in sorted(collaborations.values(), key=lambda g: g.key):
        _add_collaboration(sink, group, territories, records)
    return len(rows)


def _read(path: Path) -> list[Row]:
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourceError("file not found", file=file, hint="pass an existing CSV file") from None
    except UnicodeDecodeError as exc:
        raise SourceError(f"not UTF-8 text ({exc.reason})", file=file,
                          hint="save the file as UTF-8") from None
    except OSError as exc:
        raise SourceError(f"cannot read the file ({exc.strerror})", file=file) from None
    rows = read_rows(io.StringIO(text), file, REQUIRED_COLUMNS)
    header = next(csv.reader(io.StringIO(text)))  # read_rows checked that it parses
    unknown = [c.strip() for c in header if c.strip() not in COLUMNS]
    if unknown:
        # a misspelt column would otherwise be ignored, and its values with it
        raise SourceError(f"unknown column(s): {', '.join(unknown)}", file=file, line=1,
                          hint=f"the columns are: {', '.join(COLUMNS)}")
    return rows


def _row_record(row: Row) -> Record:
    source = row["source"].strip()
    if not source:
        raise row.error("missing source", hint="cite where the row comes from: doc or a URL")
    return checked_record(source=source, method=row["method"].strip() or "curated",
                          confidence=row["confidence"].strip() or "medium", section=SECTION,
                          file=row.file, line=row.line)


def _unknown_organisation(row: Row, column: str, key: str) -> SourceError:
    return row.error(f"unknown organisation '{key}' in column {column}",
                     hint="use the key of an organisation of the graph (participants.csv or "
                          "organisations_extra.csv; `sekg query run network_actors`)")


def _check_membership(row: Row, key: str, member: str, sink: FactSink, known: _Known,
                      joined: dict[tuple[str, str], Row], errors: _Errors) -> None:
    if sink.minter.resource("organisation", key) not in known.organisations:
        errors.add(_unknown_organisation(row, "collaboration", key))
    if key == member:
        errors.add(row.error(f"'{member}' cannot be a member of itself"))
    for column in _NOT_FOR_MEMBERSHIP:
        if row[column].strip():
            errors.add(row.error(f"column {column} is not used for kind membership",
                                 hint="leave it empty, or record a partnership or project"))
    first = joined.setdefault((key, member), row)
    if first is not row:
        errors.add(row.error(f"duplicate membership of '{member}' in '{key}' (first at "
                             f"{first.where})", hint="keep one row per member"))


def _merge(group: _Collaboration, row: Row, errors: _Errors, check_kind: bool) -> None:
    """Add ``row`` to its collaboration; report a repeated member and a conflicting value
    (not the kind of a row whose kind is already reported as unknown)."""
    for other in group.rows:
        if other["member"].strip() == row["member"].strip():
            errors.add(row.error(f"duplicate member '{row['member'].strip()}' of "
                                 f"'{group.key}' (first at {other.where})",
                                 hint="keep one row per member"))
            break
    group.rows.append(row)
    for column in SHARED_COLUMNS:
        value = row[column].strip()
        if not value or (column == "kind" and not check_kind):
            continue
        if column not in group.values:
            group.values[column] = (value, row)
        elif group.values[column][0] != value:
            first, where = group.values[column][0], group.values[column][1].where
            errors.add(row.error(f"{column} '{value}' of '{group.key}' conflicts with "
                                 f"'{first}' at {where}",
                                 hint="the rows of one collaboration must agree; leave the "
                                      "cell empty to repeat the first value"))


def _check_values(row: Row, sink: FactSink, known: _Known, territories: TerritoryIndex,
                  errors: _Errors) -> None:
    m = sink.minter
    role = row["role"].strip()
    if role and not KEY_PATTERN.match(role):
        errors.add(row.error(f"malformed role '{role}'",
                             hint="write the role as a slug, e.g. lead-partner or partner"))
    theme = row["theme"].strip()
    if theme and m.concept("plan-theme", theme) not in known.themes:
        codes = sorted(t.rsplit("/", 1)[-1] for t in known.themes)
        errors.add(row.error(f"unknown plan theme '{theme}'",
                             hint=f"use one of: {', '.join(codes)}"))
    objective = row["objective"].strip()
    if objective and f"{m.base}/id/objective/{objective}" not in known.objectives:
        errors.add(row.error(f"unknown objective '{objective}'",
                             hint="use the key of a plan objective (`sekg query run "
                                  "plan_elements`)"))
    territory = row["territory"].strip()
    if territory:
        errors.check(lambda: territories.resolve_area(territory, row, "territory"))
    for column in ("start_date", "end_date"):
        if row[column].strip():
            errors.check(lambda c=column: parse_date(row[c].strip(), row, c))  # type: ignore[misc]


def _date(value: tuple[str, Row] | None, column: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_date(value[0], value[1], column)
    except SourceError:
        return None  # already reported by _check_values


def _check_group(group: _Collaboration, errors: _Errors) -> None:
    first = group.rows[0]
    kind = group.values.get("kind", ("collaboration", first))[0]
    members = {r["member"].strip() for r in group.rows}
    if len(members) < 2:
        errors.add(first.error(f"{kind} '{group.key}' has only one member",
                               hint="a partnership or project needs at least two members: "
                                    "one row per member"))
    if "label" not in group.values:
        errors.add(first.error(f"{kind} '{group.key}' has no label",
                               hint="write its name in column label"))
    start = _date(group.values.get("start_date"), "start_date")
    end = _date(group.values.get("end_date"), "end_date")
    if start and end and end < start:
        where = group.values["end_date"][1]
        errors.add(where.error(f"end_date {end} is before start_date {start} "
                               f"({group.values['start_date'][1].where})",
                               hint="check the dates (YYYY-MM-DD)"))


def _add_membership(sink: FactSink, row: Row, record: Record) -> None:
    m = sink.minter
    member = NamedNode(m.resource("organisation", row["member"].strip()))
    organisation = NamedNode(m.resource("organisation", row["collaboration"].strip()))
    sink.add(member, NamedNode(PREFIXES["org"] + "memberOf"), organisation, GRAPH, record)
    if row["notes"].strip():
        sink.add(member, NamedNode(PREFIXES["sekg"] + "note"),
                 Literal(f"member_of {row['collaboration'].strip()}: {row['notes'].strip()}"),
                 GRAPH, record)


def _add_collaboration(sink: FactSink, group: _Collaboration, territories: TerritoryIndex,
                       records: dict[int, Record]) -> None:
    m = sink.minter
    rdf, rdfs, sekg, org, schema, dct, xsd = (PREFIXES[p] for p in (
        "rdf", "rdfs", "sekg", "org", "schema", "dcterms", "xsd"))
    a = NamedNode(rdf + "type")
    kind = group.values["kind"][0]
    node = NamedNode(m.resource(kind, group.key))
    first = records[id(group.rows[0])]
    # a project is typed sekg:Project only (a subclass of sekg:Partnership): typing it as both
    # would make network_declared_ties report each of its ties twice, once per kind
    classes = ("Project" if kind == "project" else "Partnership",)
    for cls in (*(sekg + c for c in classes), org + "OrganizationalCollaboration",
                org + "Organization"):  # explicit: SHACL runs without inference
        sink.add(node, a, NamedNode(cls), GRAPH, first)

    def value_fact(column: str, predicate: str, obj: Callable[[str, Row], NamedNode | Literal]
                   ) -> None:
        if column in group.values:
            text, row = group.values[column]
            sink.add(node, NamedNode(predicate), obj(text, row), GRAPH, records[id(row)])

    value_fact("label", rdfs + "label", lambda text, _: Literal(text))
    value_fact("objective", sekg + "pursuesObjective",
               lambda text, _: NamedNode(m.resource("objective", text)))
    value_fact("theme", dct + "subject",
               lambda text, _: NamedNode(m.concept("plan-theme", text)))
    value_fact("territory", sekg + "areaServed",
               lambda text, row: NamedNode(territories.resolve_area(text, row, "territory")))
    for column, prop in (("start_date", "startDate"), ("end_date", "endDate")):
        value_fact(column, schema + prop,
                   lambda text, _: Literal(text, datatype=NamedNode(xsd + "date")))

    for row in group.rows:
        record = records[id(row)]
        member_key = row["member"].strip()
        membership = NamedNode(m.resource("membership", f"{group.key}-{member_key}"))
        sink.add(membership, a, NamedNode(org + "Membership"), GRAPH, record)
        sink.add(membership, NamedNode(org + "member"),
                 NamedNode(m.resource("organisation", member_key)), GRAPH, record)
        sink.add(membership, NamedNode(org + "organization"), node, GRAPH, record)
        role_key = row["role"].strip()
        if role_key:
            role = NamedNode(m.resource("role", role_key))
            sink.add(membership, NamedNode(org + "role"), role, GRAPH, record)
            sink.add(role, a, NamedNode(org + "Role"), GRAPH, record)
            sink.add(role, NamedNode(rdfs + "label"), Literal(role_key.replace("-", " ")),
                     GRAPH, record)
        if row["notes"].strip():
            sink.add(membership, NamedNode(sekg + "note"), Literal(row["notes"].strip()),
                     GRAPH, record)


