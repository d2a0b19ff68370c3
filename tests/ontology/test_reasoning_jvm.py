"""HermiT's JVM: a class-data sharing archive when the JDK has them (>= 13), kept in the cache
folder; a plain start, with the same answers, when it does not."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, Triple

from sekg.ontology import reasoning
from sekg.ontology.reasoning import JVM_OPTIONS, infer_types, java_available
from tests.conftest import need

A = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
OWL_CLASS = NamedNode("http://www.w3.org/2002/07/owl#Class")
SUB = NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
#: x is a D, D is a C: HermiT infers that x is a C
KB = [Triple(NamedNode("http://e/C"), A, OWL_CLASS), Triple(NamedNode("http://e/D"), A, OWL_CLASS),
      Triple(NamedNode("http://e/D"), SUB, NamedNode("http://e/C")),
      Triple(NamedNode("http://e/x"), A, NamedNode("http://e/D"))]


def _hermit_dir() -> Path:
    import owlready2.reasoning

    return Path(owlready2.reasoning.__file__).parent / "hermit"


def _java() -> str:
    java = shutil.which("java")
    need(java is not None, "Java is not installed (HermiT needs it)")
    return java  # type: ignore[return-value]


def test_no_archive_for_an_old_or_unknown_jdk(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    fake_home = tmp_path / "jdk"
    (fake_home / "bin").mkdir(parents=True)
    (fake_home / "bin" / "java").write_text("")
    for release, expected in (("", None), ('JAVA_VERSION="1.8.0_402"\n', 8),
                              ('JAVA_VERSION="11.0.22"\n', 11),
                              ('JAVA_VERSION="17.0.15"\nJAVA_RUNTIME_VERSION="17.0.15+6"\n', 17)):
        (fake_home / "release").write_text(release)
        found = reasoning._java_version(str(fake_home / "bin" / "java"))
        assert (found[0] if found else None) == expected
    (fake_home / "release").write_text('JAVA_VERSION="11.0.22"\n')
    cache = tmp_path / "cache"
    for java in (None, str(fake_home / "bin" / "java"), str(tmp_path / "nowhere" / "java")):
        launch = reasoning._launch(java, _hermit_dir(), cache)
        assert launch.classpath is None and launch.options == JVM_OPTIONS
    assert not cache.exists()


def test_the_patch_jar_holds_owlready2s_own_classes(tmp_path: Path) -> None:
    jar = reasoning._patch_jar(_hermit_dir(), tmp_path)
    with zipfile.ZipFile(jar) as archive:
        names = set(archive.namelist())
    on_disk = {str(f.relative_to(_hermit_dir())) for f in (_hermit_dir() / "org").rglob("*")
               if f.is_file()}
    assert names == on_disk and any(n.endswith("CommandLine.class") for n in names)
    assert reasoning._patch_jar(_hermit_dir(), tmp_path) == jar  # made once


def test_hermit_writes_then_maps_its_archive_with_the_same_answers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    java = _java()
    need(java_available() and (reasoning._java_version(java) or (0,))[0]
         >= reasoning.CDS_MIN_JAVA, "this JDK has no dynamic class-data sharing archives")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cache = reasoning.jvm_cache_dir()
    assert cache == tmp_path / "sekg" / "jvm"

    first = reasoning._launch(java, _hermit_dir(), cache)
    assert first.archive is not None and any("ArchiveClassesAtExit" in o for o in first.options)
    assert infer_types(KB) == {("http://e/x", "http://e/C")}
    (archive,) = cache.glob("hermit-*.jsa")
    assert archive == first.archive and not list(cache.glob("*.tmp"))

    second = reasoning._launch(java, _hermit_dir(), cache)
    assert f"-XX:SharedArchiveFile={archive}" in second.options
    assert infer_types(KB) == {("http://e/x", "http://e/C")}

    archive.chmod(0o644)
    archive.write_bytes(b"not an archive" * 1000)   # a damaged archive is ignored by the JVM
    assert infer_types(KB) == {("http://e/x", "http://e/C")}

    monkeypatch.setattr(reasoning, "CDS_MIN_JAVA", 10_000)   # as on a JDK without archives
    assert reasoning._launch(java, _hermit_dir(), cache).options == JVM_OPTIONS
    assert infer_types(KB) == {("http://e/x", "http://e/C")}


def test_hermit_is_asked_for_classes_and_types_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """owlready2 asks HermiT to classify the properties too (-O -D); we do not, and the
    answers stay the same. owlready2's own ``subprocess`` is back in place afterwards."""
    _java()
    import subprocess

    import owlready2.reasoning

    commands: list[list[str]] = []
    real = subprocess.check_output

    def recording(command: list[str], *args: object, **kwargs: object) -> bytes:
        commands.append(list(command))
        return real(command, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(subprocess, "check_output", recording)
    assert infer_types(KB) == {("http://e/x", "http://e/C")}
    (command,) = commands
    tasks = command[command.index(reasoning.HERMIT_MAIN) + 1:-1]
    assert tasks == ["-c", "-I"]
    assert owlready2.reasoning.subprocess is subprocess
