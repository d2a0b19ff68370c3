"""HermiT's JVM started before its input exists, warmed up on the ontology meanwhile.

A cold HermiT run on the Turin graph spends most of its time starting the JVM, loading the
OWL API's parsers and HermiT's reasoner and compiling them, not reasoning. The build knows it
will reason as soon as it starts, while the input is only ready once the sources are read, so
:meth:`WarmHermit.start` starts the JVM at once on ``java/WarmHermit.java``: HermiT's own
command line, first run on the core ontology module (its output thrown away), then on the
arguments it reads from standard input. :meth:`WarmHermit.run` sends those arguments (owlready2's
command line, with its temporary file) and returns what HermiT printed, as ``check_output``
would: same classes, same reasoning, same answers (set for set; HermiT lists some results in
an order that varies from run to run, which owlready2 does not depend on).

Measured on the 2-core build machine (2026-11-26, Turin reasoning input, 565 kB of N-Triples):
1.2-1.4 s for a cold run against 0.54-0.61 s from the arguments' arrival to the answer for a
JVM warmed up on ``sekg-core.ttl``; the JVM's CPU grows by about 0.1 s (1.7-1.9 s against
1.9-2.0 s).

The class is compiled once by the JDK's ``javac`` (about 1 s) into a jar in the JVM cache
folder (:func:`~sekg.ontology.reasoning.jvm_cache_dir`), named after the source, the compiler
and HermiT's jar. Without ``javac`` (a JRE only) or where anything fails, :meth:`start`
returns None and HermiT runs cold, as owlready2 starts it.

Example
-------
>>> jvm = WarmHermit.start()                       # doctest: +SKIP
>>> b"SubClassOf" in jvm.run(["-c", "-I", "file:///tmp/input.nt"])  # doctest: +SKIP
True
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

from sekg.ontology.reasoning import _digest, _launch, jvm_cache_dir

__all__ = ["SOURCE", "WARM_UP_ONTOLOGY", "WarmHermit", "javac_for", "warm_jar"]

#: the Java source of the launcher (a package resource)
SOURCE = Path(__file__).parent / "java" / "WarmHermit.java"
#: what the JVM warms up on: the core module, in Turtle, which HermiT's OWL API parses itself
WARM_UP_ONTOLOGY = Path(__file__).parent / "sekg-core.ttl"
#: the warm-up's HermiT tasks: those the build asks for (classes, then individuals)
WARM_UP_TASKS = ("-c", "-I")

log = logging.getLogger(__name__)


def javac_for(java: str) -> str | None:
    """The ``javac`` of the JDK ``java`` belongs to (beside it, links resolved), or None
    when that JDK has none (a JRE)."""
    candidate = Path(os.path.realpath(java)).parent / "javac"
    return str(candidate) if candidate.is_file() and os.access(candidate, os.X_OK) else None


def warm_jar(java: str, hermit_jar: Path, cache: Path) -> Path | None:
    """The launcher compiled into a jar in ``cache`` (the JVM archives classes from jars
    only), compiled now if it is not there yet; None without ``javac`` or if compiling fails
    (said in the log)."""
    javac = javac_for(java)
    if javac is None or not SOURCE.is_file():
        return None
    stat = hermit_jar.stat()
    key = _digest(SOURCE.read_bytes(), os.path.realpath(javac).encode(),
                  f"{hermit_jar}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    jar = cache / f"warm-hermit-{key}.jar"
    if jar.is_file():
        return jar
    try:
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=cache) as work:
            compiled = subprocess.run([javac, "-nowarn", "-cp", str(hermit_jar), "-d", work,
                                       str(SOURCE)], capture_output=True, timeout=300)
            if compiled.returncode:
                log.info("HermiT runs cold: javac failed: %s",
                         compiled.stderr.decode("utf-8", "replace").strip())
                return None
            tmp = jar.with_name(f"{jar.name}.{os.getpid()}.tmp")
            with zipfile.ZipFile(tmp, "w") as archive:
                for path in sorted(Path(work).rglob("*.class")):
                    info = zipfile.ZipInfo(str(path.relative_to(work)),
                                           date_time=(1980, 1, 1, 0, 0, 0))
                    archive.writestr(info, path.read_bytes())
            os.replace(tmp, jar)
    except (OSError, subprocess.SubprocessError) as exc:
        log.info("HermiT runs cold: the launcher could not be compiled: %s", exc)
        return None
    return jar


class WarmHermit:
    """A JVM running ``WarmHermit``: warming up, then waiting for HermiT's arguments.

    Start it with :meth:`start`; :meth:`run` may be called once; :meth:`close` stops the JVM
    if it still runs (always call it: a JVM never given its arguments would wait for ever).
    """

    def __init__(self, process: subprocess.Popen[bytes], command: list[str],
                 archive: Path | None = None, dump: Path | None = None) -> None:
        self._process = process
        self.command = command
        self._archive, self._dump = archive, dump

    @classmethod
    def start(cls, memory_mb: int | None = None,
              warm_up: Sequence[str] | None = None) -> WarmHermit | None:
        """Start the JVM (compiling the launcher first if needed) with owlready2's Java,
        memory (``-Xmx``, owlready2's ``JAVA_MEMORY`` unless given) and class path, and the
        options of :func:`~sekg.ontology.reasoning._launch` (its class-data sharing archive
        includes the launcher); None where it cannot (no Java or ``javac``)."""
        import owlready2
        from owlready2 import reasoning as owl_reasoning

        java = shutil.which(owlready2.JAVA_EXE)
        if java is None:
            return None
        hermit_dir = Path(owl_reasoning.__file__).parent / "hermit"
        cache = jvm_cache_dir()
        jar = warm_jar(java, hermit_dir / "HermiT.jar", cache)
        if jar is None:
            return None
        launch = _launch(java, hermit_dir, cache, first=(jar,))
        classpath = launch.classpath or os.pathsep.join(
            (str(jar), str(owl_reasoning._HERMIT_CLASSPATH)))
        memory = memory_mb or owl_reasoning.JAVA_MEMORY
        tasks = list(warm_up if warm_up is not None
                     else (*WARM_UP_TASKS, WARM_UP_ONTOLOGY.as_uri()))
        command = [java, *launch.options, f"-Xmx{memory}M", "-cp", classpath, "WarmHermit"]
        try:
            process = subprocess.Popen([*command, *tasks], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        except OSError as exc:
            log.info("HermiT runs cold: the JVM did not start: %s", exc)
            return None
        return cls(process, command, launch.archive, launch.dump)

    def accepts(self, arguments: Sequence[str]) -> bool:
        """Whether :meth:`run` can pass ``arguments`` (one line, separated by tabs) and has
        not been called yet."""
        return (self._process.returncode is None and self._process.stdin is not None
                and not self._process.stdin.closed
                and not any("\t" in a or "\n" in a or "\r" in a for a in arguments))

    def run(self, arguments: Sequence[str]) -> bytes:
        """HermiT's output (standard error included) for its command-line ``arguments``.

        Raises
        ------
        subprocess.CalledProcessError
            If HermiT ends with an error, as ``subprocess.check_output`` would (owlready2
            tells an inconsistent ontology from the output it carries).
        """
        if not self.accepts(arguments):
            raise ValueError(f"the warm JVM cannot run HermiT on {list(arguments)!r}")
        output, _ = self._process.communicate(("\t".join(arguments) + "\n").encode("utf-8"))
        if self._process.returncode:
            raise subprocess.CalledProcessError(self._process.returncode,
                                                [*self.command, *arguments], output=output)
        if self._archive and self._dump and self._dump.is_file():
            os.replace(self._dump, self._archive)  # the first run wrote the class archive
        return output

    def close(self) -> None:
        """Stop the JVM if it still runs, and wait for it."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.communicate()
        if self._dump:
            self._dump.unlink(missing_ok=True)
