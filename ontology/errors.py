"""The one exception family of sekg: every error says where it happened and what to do.

Example
-------
>>> err = SourceError("unknown comune '999999'", file="participants.csv", line=12,
...                   hint="use a 6-digit ISTAT code")
>>> str(err)
"participants.csv:12: unknown comune '999999' — use a 6-digit ISTAT code"
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["SekgError", "SourceError", "ValidationError", "ReasoningError", "StoreError",
           "cannot_write"]


class SekgError(Exception):
    """Base of every error sekg raises on purpose; the CLI prints it as one line."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        hint = f" — {self.hint}" if self.hint else ""
        return f"{where}{self.message}{hint}"


class SourceError(SekgError):
    """A curated source file is wrong (bad value, missing column, broken syntax)."""


class ValidationError(SekgError):
    """The built graph violates the SHACL shapes."""


class ReasoningError(SekgError):
    """The OWL reasoner found the ontology plus data inconsistent, or could not run."""


class StoreError(SekgError):
    """The store cannot be opened or queried (missing build, unreachable endpoint)."""


def cannot_write(what: str, folder: Path, exc: OSError) -> SekgError:
    """The error for ``folder`` that could not be made or written to (``exc``), while writing
    ``what``; it names the culprit, e.g. a file where a folder should be.

    Example
    -------
    >>> import tempfile
    >>> note = Path(tempfile.mkdtemp()) / "notes.txt"
    >>> _ = note.write_text("mine")
    >>> try:
    ...     (note / "var").mkdir(parents=True)
    ... except OSError as exc:
    ...     str(cannot_write("the build to X", note / "var", exc)).replace(str(note), "N")
    'cannot write the build to X: N is not a directory — choose a folder you can write to'
    """
    reason = (exc.strerror or str(exc)).lower()
    for above in (folder, *folder.parents):
        if above.exists():
            reason = (f"{above} is not a directory" if not above.is_dir()
                      else f"{above} is not writable ({reason})")
            break
    return SekgError(f"cannot write {what}: {reason}", hint="choose a folder you can write to")
