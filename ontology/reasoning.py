"""OWL 2 reasoning with owlready2 + HermiT: consistency check and inferred class assertions.

owlready2 cannot parse Turtle, so the caller hands over N-Triples; the reasoner runs in an
isolated ``World`` and the types it infers for named individuals come back as plain IRI pairs.
HermiT needs Java (``default-jre-headless`` on Debian).

Example
-------
>>> from pyoxigraph import NamedNode as N, Triple as T
>>> A = N("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
>>> OWL_CLASS = N("http://www.w3.org/2002/07/owl#Class")
>>> SUB = N("http://www.w3.org/2000/01/rdf-schema#subClassOf")
>>> kb = [T(N("http://e/C"), A, OWL_CLASS), T(N("http://e/D"), A, OWL_CLASS),
...       T(N("http://e/D"), SUB, N("http://e/C")), T(N("http://e/x"), A, N("http://e/D"))]
>>> sorted(infer_types(kb))  # doctest: +SKIP
[('http://e/x', 'http://e/C')]
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import re
import shutil
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, serialize

from sekg.ontology.errors import ReasoningError
from sekg.ontology.inert import drop_inert

if TYPE_CHECKING:
    from sekg.ontology.warm_hermit import WarmHermit

__all__ = ["CDS_MIN_JAVA", "infer_types", "java_available", "jvm_cache_dir", "prepare_owl_input"]

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_OWL = "http://www.w3.org/2002/07/owl#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_DECLARATIONS = {_OWL + k for k in ("Class", "ObjectProperty", "DatatypeProperty",
                                    "AnnotationProperty", "Ontology", "Restriction",
                                    "NamedIndividual", "TransitiveProperty", "SymmetricProperty",
                                    "FunctionalProperty", "InverseFunctionalProperty",
                                    "AllDisjointClasses", "Axiom")} | {
    _RDFS + "Class", _RDFS + "Datatype", "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property"}
#: Datatypes HermiT accepts (the OWL 2 datatype map); literals of others (xsd:date,
#: xsd:gYear, ...) are left out of the reasoner's input — no axiom here constrains them.
_OWL2_DATATYPES = {"http://www.w3.org/2001/XMLSchema#" + d for d in (
    "string", "boolean", "decimal", "integer", "double", "float", "nonNegativeInteger",
    "positiveInteger", "nonPositiveInteger", "negativeInteger", "long", "int", "short", "byte",
    "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte", "dateTime",
    "dateTimeStamp", "anyURI", "hexBinary", "base64Binary", "normalizedString", "token",
    "language", "Name", "NCName", "NMTOKEN")} | {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#PlainLiteral",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#XMLLiteral",
    "http://www.w3.org/2000/01/rdf-schema#Literal"}
_BUILTIN = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", _RDFS, _OWL,
            "http://www.w3.org/2001/XMLSchema#")

#: JVM options for HermiT's short run: the client compiler only and the serial collector. The
#: default tiered compilation spends about as much CPU compiling as HermiT spends reasoning on
#: the Turin graph (measured: 3.5 s of CPU for 2.0 s wall, against 1.8 s for 1.5 s), CPU the
#: build needs for the work it runs meanwhile on a 2-core machine.
#: A small initial heap (``-Xms64m``) spares the kernel time of mapping the default one (a
#: 64th of the machine's memory): 1.60 -> 1.52 s of CPU on the Turin graph (6 alternated runs
#: each, 2026-11-26); the heap still grows to owlready2's ``-Xmx``.
JVM_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Xms64m")

#: HermiT's command-line tasks owlready2 asks for and that are left out: classifying the object
#: and data properties (``-O``, ``-D``). The types of individuals (``-I``) and the class
#: hierarchy they are read with (``-c``) do not depend on them, and they took 1.2 of 2.8 s of
#: HermiT's CPU on the Turin graph (measured 2026-11-26, same inferences).
SKIPPED_HERMIT_TASKS = ("-O", "-D")
#: The class owlready2 runs HermiT through.
HERMIT_MAIN = "org.semanticweb.HermiT.cli.CommandLine"

log = logging.getLogger(__name__)


def java_available() -> bool:
    """True when a ``java`` executable is on the PATH (HermiT needs it)."""
    return shutil.which("java") is not None


def prepare_owl_input(triples: Iterable[Triple], prune: bool = True) -> bytes:
    """N-Triples for owlready2: the triples plus the OWL declarations RDF data leaves implicit.

    Subjects typed with a class become ``owl:NamedIndividual``; an undeclared super-property
    takes the kind of its sub-property; other undeclared properties become object properties
    (IRI objects only) or annotation properties; literals outside the OWL 2 datatype map and
    uses that contradict a property's kind are left out. With ``prune`` (the default), so are
    the triples that cannot change HermiT's answers (:func:`~sekg.ontology.inert.drop_inert`).
    """
    triples = list(triples)
    terms = {_value(t.subject) for t in triples
             if t.predicate.value == _RDF_TYPE and _value(t.object) in _DECLARATIONS}
    # Literal values of individuals (names, counts, areas) play no part in class reasoning
    # here — no axiom restricts a data range, and SHACL checks their datatypes — while they
    # cost HermiT most of its time, so they are left out.
    # Every module is in the input already: owl:imports would make owlready2 fetch them.
    triples = [t for t in triples if t.predicate.value != _OWL + "imports"]
    triples = [t for t in triples
               if not isinstance(t.object, Literal)
               or (_value(t.subject) in terms or not isinstance(t.subject, NamedNode))
               and (t.object.language or t.object.datatype.value in _OWL2_DATATYPES)]
    kinds: dict[str, str] = {}
    individuals: set[str] = set()
    used: dict[str, set[bool]] = {}
    for t in triples:
        p = t.predicate.value
        if p == _RDF_TYPE and isinstance(t.object, NamedNode):
            if _value(t.object) in _DECLARATIONS:
                kinds.setdefault(_value(t.subject), _value(t.object))
            elif isinstance(t.subject, NamedNode):
                individuals.add(_value(t.subject))
        elif not p.startswith(_BUILTIN):
            used.setdefault(p, set()).add(isinstance(t.object, Literal))
    extra: list[Triple] = []

    def declare(iri: str, kind: str) -> None:
        kinds[iri] = kind
        extra.append(Triple(NamedNode(iri), NamedNode(_RDF_TYPE), NamedNode(kind)))

    changed = True
    while changed:  # propagate kinds up subPropertyOf chains
        changed = False
        for t in triples:
            if (t.predicate.value == _RDFS + "subPropertyOf" and isinstance(t.object, NamedNode)
                    and _value(t.object) not in kinds and _value(t.subject) in kinds):
                declare(_value(t.object), kinds[_value(t.subject)])
                changed = True
    for p, objects in sorted(used.items()):
        if p not in kinds:
            declare(p, _OWL + ("ObjectProperty" if objects == {False} else "AnnotationProperty"))
    for iri in sorted(individuals - set(kinds)):
        extra.append(Triple(NamedNode(iri), NamedNode(_RDF_TYPE),
                            NamedNode(_OWL + "NamedIndividual")))
    kept = [t for t in triples
            if not (kinds.get(t.predicate.value) == _OWL + "ObjectProperty"
                    and isinstance(t.object, Literal))
            and not (kinds.get(t.predicate.value) == _OWL + "DatatypeProperty"
                     and not isinstance(t.object, Literal))]
    data = serialize(drop_inert(kept + extra) if prune else kept + extra,
                     format=RdfFormat.N_TRIPLES)
    if data is None:  # only when given a file to write to
        raise ReasoningError("pyoxigraph.serialize returned no N-Triples")
    return data


def _value(term: NamedNode | BlankNode | Literal | Triple) -> str:
    """The IRI, blank-node id or literal text of a term; OWL has no RDF 1.2 triple terms."""
    if isinstance(term, Triple):
        raise ReasoningError(f"an RDF 1.2 triple term cannot be reasoned on: {term}",
                             hint="leave triple terms out of the reasoner's input")
    return term.value


#: The first JDK with dynamic class-data sharing archives (``-XX:ArchiveClassesAtExit``).
CDS_MIN_JAVA = 13


def jvm_cache_dir() -> Path:
    """Where the JVM's class-data sharing archive for HermiT is kept
    (``$XDG_CACHE_HOME/sekg/jvm``, by default ``~/.cache/sekg/jvm``)."""
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(root) / "sekg" / "jvm"


def _java_version(java: str) -> tuple[int, str] | None:
    """The feature version and full version of the JDK the ``java`` executable belongs to,
    read from its ``release`` file (starting a JVM to ask would cost what we try to save);
    None when it cannot be told."""
    release = Path(os.path.realpath(java)).parent.parent / "release"
    try:
        text = release.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    found = re.search(r'^JAVA_RUNTIME_VERSION="([^"]+)"', text, re.MULTILINE) \
        or re.search(r'^JAVA_VERSION="([^"]+)"', text, re.MULTILINE)
    feature = re.match(r"(?:1\.)?(\d+)", found.group(1)) if found else None
    return (int(feature.group(1)), found.group(1)) if feature and found else None


def _digest(*parts: bytes) -> str:
    sha = hashlib.sha256()
    for part in parts:
        sha.update(len(part).to_bytes(8, "big") + part)
    return sha.hexdigest()[:16]


def _patch_jar(hermit_dir: Path, cache: Path) -> Path:
    """owlready2's own HermiT classes (a folder beside ``HermiT.jar``) packed in a jar: the
    JVM archives classes from jars only. Same classes, same order on the class path."""
    names = sorted(str(f.relative_to(hermit_dir)) for f in (hermit_dir / "org").rglob("*")
                   if f.is_file())
    contents = [(hermit_dir / n).read_bytes() for n in names]
    jar = cache / f"owlready2-hermit-{_digest(*(n.encode() for n in names), *contents)}.jar"
    if not jar.exists():
        tmp = jar.with_name(f"{jar.name}.{os.getpid()}.tmp")
        with zipfile.ZipFile(tmp, "w") as archive:
            for name, content in zip(names, contents, strict=True):
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                archive.writestr(info, content)
        os.replace(tmp, jar)
    return jar


@dataclass(frozen=True)
class _Launch:
    """How to start HermiT's JVM: its class path (None: owlready2's), options, and the
    class-data sharing archive to create (written to ``dump``, moved to ``archive``)."""

    classpath: str | None
    options: tuple[str, ...]
    archive: Path | None = None
    dump: Path | None = None


def _launch(java: str | None, hermit_dir: Path, cache: Path,
            first: tuple[Path, ...] = ()) -> _Launch:
    """Options for HermiT's JVM: :data:`JVM_OPTIONS`, plus a class-data sharing archive of
    the JDK, OWL API and HermiT classes it loads when the JDK has them (>= 13): the first run
    writes it, later runs map it instead of loading and verifying those classes (~0.25 s of
    the JVM's start-up). The archive holds classes only, nothing of the data reasoned on; it is
    named after everything it depends on, so another JDK or owlready2 makes another one.
    Anything unusual (old or unknown JDK, a cache we cannot write) means no archive. ``first``:
    jars to put before HermiT's on the class path (the warm launcher, see warm_hermit.py)."""
    plain = _Launch(None, JVM_OPTIONS)
    version = _java_version(java) if java else None
    if (java is None or version is None or version[0] < CDS_MIN_JAVA
            or not (hermit_dir / "org").is_dir()):
        return plain
    try:
        cache.mkdir(parents=True, exist_ok=True)
        jar = _patch_jar(hermit_dir, cache)
    except OSError as exc:
        log.info("no class-data sharing archive for HermiT: %s", exc)
        return plain
    hermit_jar = hermit_dir / "HermiT.jar"
    classpath = os.pathsep.join((*map(str, first), str(jar), str(hermit_jar)))
    stat = hermit_jar.stat()
    key = _digest(os.path.realpath(java).encode(), version[1].encode(),
                  classpath.encode(), f"{stat.st_size}:{stat.st_mtime_ns}".encode(),
                  " ".join(JVM_OPTIONS).encode())
    archive = cache / f"hermit-{key}.jsa"
    if archive.is_file():
        return _Launch(classpath, (*JVM_OPTIONS, f"-XX:SharedArchiveFile={archive}"))
    dump = archive.with_name(f"{archive.name}.{os.getpid()}.tmp")
    return _Launch(classpath, (*JVM_OPTIONS, f"-XX:ArchiveClassesAtExit={dump}"), archive, dump)


class _HermitTasks:
    """The ``subprocess`` module as owlready2's reasoning module sees it while we reason: the
    same, except that HermiT's command line loses :data:`SKIPPED_HERMIT_TASKS`, and that a
    warm JVM (:class:`~sekg.ontology.warm_hermit.WarmHermit`), if given, runs it.

    >>> import subprocess
    >>> _HermitTasks(subprocess).tasks(["java", HERMIT_MAIN, "-c", "-O", "-D", "-I", "f"])
    ['java', 'org.semanticweb.HermiT.cli.CommandLine', '-c', '-I', 'f']
    """

    def __init__(self, module: ModuleType, jvm: WarmHermit | None = None) -> None:
        self._module = module
        self._jvm = jvm

    def __getattr__(self, name: str) -> object:
        return getattr(self._module, name)

    @staticmethod
    def tasks(command: list[str]) -> list[str]:
        if HERMIT_MAIN not in command:
            return command
        main = command.index(HERMIT_MAIN)
        return command[:main + 1] + [a for a in command[main + 1:]
                                     if a not in SKIPPED_HERMIT_TASKS]

    def check_output(self, command: list[str], *args: object, **kwargs: object) -> bytes:
        command = self.tasks(command)
        if HERMIT_MAIN in command and self._jvm is not None:
            arguments = command[command.index(HERMIT_MAIN) + 1:]
            if self._jvm.accepts(arguments):
                return self._jvm.run(arguments)
        result: bytes = self._module.check_output(command, *args, **kwargs)
        return result


@contextlib.contextmanager
def _jvm_options(jvm: WarmHermit | None = None) -> Iterator[None]:
    """Run owlready2's ``java`` with the options of :func:`_launch` (``JDK_JAVA_OPTIONS``, read
    by the launcher), through the keyword arguments owlready2 passes to ``subprocess`` — our own
    environment is left alone, so threads running meanwhile see no change — or on ``jvm``."""
    import owlready2
    from owlready2 import reasoning

    saved = getattr(reasoning, "_subprocess_kargs", None)
    saved_classpath = getattr(reasoning, "_HERMIT_CLASSPATH", None)
    if not isinstance(saved, dict) or not isinstance(saved_classpath, str):
        yield  # owlready2 changed: run with Java's defaults
        return
    launch = _launch(shutil.which(owlready2.JAVA_EXE),
                     Path(reasoning.__file__).parent / "hermit", jvm_cache_dir())
    options = " ".join((os.environ.get("JDK_JAVA_OPTIONS", ""), *launch.options)).strip()
    reasoning._subprocess_kargs = {**saved, "env": {**os.environ, "JDK_JAVA_OPTIONS": options}}
    if launch.classpath:
        reasoning._HERMIT_CLASSPATH = launch.classpath
    saved_subprocess = reasoning.subprocess
    reasoning.subprocess = _HermitTasks(saved_subprocess, jvm)
    try:
        yield
        if launch.dump and launch.archive and launch.dump.is_file():
            os.replace(launch.dump, launch.archive)
    finally:
        reasoning._subprocess_kargs = saved
        reasoning._HERMIT_CLASSPATH = saved_classpath
        reasoning.subprocess = saved_subprocess
        if launch.dump:
            launch.dump.unlink(missing_ok=True)


def infer_types(triples: Iterable[Triple], prune: bool = True,
                jvm: WarmHermit | None = None) -> set[tuple[str, str]]:
    """Run HermiT over an ontology + data (without its inert triples unless ``prune`` is
    False: same answers, less work; see :mod:`sekg.ontology.inert`), on ``jvm`` if given
    (started beforehand: :class:`~sekg.ontology.warm_hermit.WarmHermit`), else on a JVM
    started now.

    Returns
    -------
    set of (individual IRI, class IRI)
        Class assertions entailed for named individuals (superclasses of asserted types
        included), minus the asserted ones and ``owl:Thing``.

    Raises
    ------
    ReasoningError
        If Java is missing, the input cannot be loaded, or the knowledge base is inconsistent.
    """
    if not java_available():
        raise ReasoningError("Java is not installed, so HermiT cannot run",
                             hint="install it (Debian: apt-get install default-jre-headless)")
    import owlready2  # heavy import, only when reasoning

    world = owlready2.World()
    onto = world.get_ontology("http://sekg.invalid/reasoning-input")
    chatter = io.StringIO()  # owlready2 prints its warnings; keep them for the log
    try:
        with contextlib.redirect_stderr(chatter), contextlib.redirect_stdout(chatter):
            onto.load(fileobj=io.BytesIO(prepare_owl_input(triples, prune)), format="ntriples")
    except Exception as exc:  # owlready2 raises bare Exceptions on parse trouble
        raise ReasoningError(f"owlready2 could not load the graph: {exc}") from None
    finally:
        if chatter.getvalue():
            log.warning("owlready2: %s", chatter.getvalue().strip())

    def types_of(individual: owlready2.Thing) -> set[str]:
        found: set[str] = set()
        for cls in individual.is_a:
            if isinstance(cls, owlready2.ThingClass):
                found.add(cls.iri)
                found.update(a.iri for a in cls.ancestors() if isinstance(a, owlready2.ThingClass))
        return found

    individuals = list(world.individuals())
    asserted = {ind.iri: {c.iri for c in ind.is_a if isinstance(c, owlready2.ThingClass)}
                for ind in individuals}
    try:
        with onto, _jvm_options(jvm):
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        raise ReasoningError(
            "HermiT finds the ontology and data inconsistent",
            hint="look for an individual typed with disjoint classes, or a functional "
                 "property with two values; run `sekg build --no-reason` to inspect the output",
        ) from None
    except Exception as exc:
        raise ReasoningError(f"HermiT failed: {exc}") from None
    inferred: set[tuple[str, str]] = set()
    thing = "http://www.w3.org/2002/07/owl#Thing"
    for ind in individuals:
        for cls in types_of(ind) - asserted.get(ind.iri, set()):
            if cls != thing:
                inferred.add((ind.iri, cls))
    log.info("HermiT inferred %d class assertions", len(inferred))
    return inferred
