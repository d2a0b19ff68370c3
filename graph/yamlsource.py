"""Read curated YAML files keeping the line of every mapping, for error messages.

Example
-------
>>> data = load_yaml_text("resources:\\n  - id: activity/x\\n", "demo.yaml")
>>> data["resources"][0]["id"], line_of(data["resources"][0])
('activity/x', 2)
"""

from __future__ import annotations

from typing import Any

import yaml

from sekg.ontology.errors import SourceError

__all__ = ["LINE_KEY", "LINES_KEY", "key_line", "line_of", "load_yaml_text"]

#: Key under which each mapping remembers the line it started on.
LINE_KEY = "__line__"
#: Key under which each mapping remembers the line of each of its keys.
LINES_KEY = "__lines__"


#: libyaml's parser when PyYAML was built with it (several times faster on the curated files),
#: else the pure-Python one; both report the same marks.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):  # type: ignore[misc, valid-type]
    """A safe loader that records the start line of every mapping."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    keys = [loader.construct_object(k, deep=True) for k, _ in node.value]
    duplicates = {k for k in keys if keys.count(k) > 1}
    if duplicates:
        raise yaml.constructor.ConstructorError(
            None, None, f"duplicate key {sorted(map(str, duplicates))[0]!r}", node.start_mark
        )
    mapping = loader.construct_mapping(node, deep=True)
    mapping[LINE_KEY] = node.start_mark.line + 1
    mapping[LINES_KEY] = {key: k.start_mark.line + 1 for key, (k, _) in zip(keys, node.value,
                                                                              strict=True)}
    return mapping


class _MalformedDate(yaml.constructor.ConstructorError):
    """A value shaped like a YAML date that is no calendar date (2024-13-18, 2025-02-30)."""


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise _MalformedDate(
            None, None, f"malformed date {node.value!r} ({exc})", node.start_mark) from None


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def load_yaml_text(text: str, file: str) -> Any:
    """Parse YAML text; a syntax error becomes a :class:`SourceError` with file and line."""
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except _MalformedDate as exc:  # the YAML is well formed: the date is not
        mark = exc.problem_mark
        raise SourceError(str(exc.problem), file=file, line=mark.line + 1 if mark else None,
                          hint="write a calendar date as YYYY-MM-DD (month 1-12, a day "
                               "that month has)") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise SourceError(f"YAML syntax error: {exc.problem or exc}", file=file, line=line,
                          hint="check indentation and quoting on that line") from None
    except yaml.YAMLError as exc:
        raise SourceError(f"YAML error: {exc}", file=file) from None


def line_of(mapping: Any) -> int | None:
    """The line a mapping started on, if known."""
    return mapping.get(LINE_KEY) if isinstance(mapping, dict) else None


def key_line(mapping: Any, key: str) -> int | None:
    """The line on which ``key`` of ``mapping`` was written, if known."""
    if isinstance(mapping, dict):
        return mapping.get(LINES_KEY, {}).get(key) or mapping.get(LINE_KEY)
    return None
