"""SPARQL syntax errors made readable, and updates told apart from queries before parsing.

The parser (Oxigraph's, embedded or behind a server) reports ``error at LINE:COLUMN: expected
one of ...`` where the list spells out Unicode ranges over several lines. :func:`describe`
turns that into one line: where, what comes there, and a short list of what was expected,
character classes summarised ("a name"); or, where the parser refused what it read (its list
then carries a message such as "IRI parsing failed"), that message.

Example
-------
>>> print(describe('error at 1:11: expected one of "(", "*", "?"', "SELECT ?x { }"))
at line 1, column 11 (near "{ }"): expected one of '(', '*', '?'
>>> print(describe("error at 1:8: expected ['A' ..= 'Z' | 'a' ..= 'z'], [_]", "SELECT "))
at line 1, column 8 (at the end of the query): expected a name
>>> print(describe('error at 1:15: expected one of IRI parsing failed, NAMED', "SELECT * FROM <a>"))
at line 1, column 15 (near "<a>"): IRI parsing failed
>>> is_update("PREFIX a: <http://a/>\\nINSERT DATA { a:b a:c a:d }")
True
"""

from __future__ import annotations

import re

from sekg.queries.catalog import query_form

__all__ = ["UPDATE_FORMS", "describe", "is_update"]

#: The first keyword of every SPARQL 1.1 Update operation.
UPDATE_FORMS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD",
                          "MOVE", "COPY", "WITH"})

_WHERE = re.compile(r"\bat (\d+):(\d+)")
_EXPECTED = re.compile(r"expected (?:one of )?(.*)", re.DOTALL)
#: expected items shown before "…"
_SHOWN = 10


def is_update(query: str) -> bool:
    """Whether ``query`` is a SPARQL Update request (by its first keyword, comments and
    PREFIX/BASE declarations skipped), which a read-only store refuses."""
    return query_form(query) in UPDATE_FORMS


def describe(message: str, query: str | None = None) -> str:
    """One readable line for a parser's ``message`` about ``query``: the position as line and
    column, the text found there, and what was expected (see the module's example). A
    message of another shape is given as its first line."""
    where = _WHERE.search(message)
    expected = _EXPECTED.search(message[where.end():] if where else message)
    if where is None and expected is None:
        return " ".join(message.split("\n", 1)[0].split())[:300]
    parts, near = [], ""
    if where:
        line, column = int(where.group(1)), int(where.group(2))
        near = _near(query, line, column)
        parts.append(f"at line {line}, column {column}{near}")
    items, problems = _expected_items(expected.group(1)) if expected else ([], [])
    if problems:
        # the parser read the tokens but refused what they say ("IRI parsing failed", "SELECT
        # * is not authorized with GROUP BY"): that is the error, the alternatives beside it
        # are noise
        parts.append("; ".join(problems))
    elif items:
        shown = ", ".join(items[:_SHOWN]) + (", …" if len(items) > _SHOWN else "")
        parts.append(("expected one of " if len(items) > 1 else "expected ") + shown)
    elif expected:   # the parser could not say what: say what is wrong instead
        parts.append("the query ends too soon" if "end of the query" in near
                     else "unexpected text")
    return ": ".join(parts)


def _near(query: str | None, line: int, column: int) -> str:
    """`` (near "...")`` with the text at the position, or `` (at the end of the query)``."""
    if query is None:
        return ""
    lines = query.split("\n")
    if not 1 <= line <= len(lines):
        return ""
    rest = lines[line - 1][column - 1:].strip() if column >= 1 else ""
    if not rest and not "".join(lines[line:]).strip():
        return " (at the end of the query)"
    if not rest:
        return " (at the end of the line)"
    return f' (near "{rest[:20]}{"…" if len(rest) > 20 else ""}")'


def _expected_items(text: str) -> tuple[list[str], list[str]]:
    """The parser's list of expected tokens, character classes summarised, duplicates and
    the catch-all ``[_]`` dropped; and apart, the messages the list carries where the parser
    refused what it read (unquoted phrases such as ``IRI parsing failed``; keywords are
    single words)."""
    items: list[str] = []
    problems: list[str] = []
    for token in _tokens(" ".join(text.split())):
        if token.startswith("["):
            token = _char_class(token)
        elif token.startswith('"'):
            token = "'" + token[1:-1].replace('\\"', '"').replace("\\\\", "\\") + "'"
        elif token == "<unreported>":
            continue
        elif " " in token:
            if token not in problems:
                problems.append(token)
            continue
        if token and token not in items:
            items.append(token)
    return items, problems


def _tokens(text: str) -> list[str]:
    """Split ``text`` at top-level commas, keeping quoted strings and [...] classes whole."""
    tokens, current, depth, i = [], "", 0, 0
    while i < len(text):
        ch = text[i]
        if ch in "\"'":
            end = i + 1
            while end < len(text) and text[end] != ch:
                end += 2 if text[end] == "\\" else 1
            current += text[i:end + 1]
            i = end + 1
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        if ch == "," and depth == 0:
            tokens.append(current.strip())
            current = ""
        else:
            current += ch
        i += 1
    tokens.append(current.strip())
    return [t for t in tokens if t]


def _char_class(token: str) -> str:
    """A name for a character class such as ``['A' ..= 'Z' | 'a' ..= 'z' | ...]``."""
    inner = token[1:-1].strip()
    if inner == "_":
        return ""   # any character: says nothing
    if "'0'" in inner and ("'F'" in inner or "'f'" in inner):
        return "a hexadecimal digit"
    if "'a'" in inner or "'A'" in inner or "\\u{00C0}" in inner:
        return "a name"
    if re.fullmatch(r"'0'\s*\.\.=\s*'9'", inner):
        return "a digit"
    return "a character" if len(inner) > 20 else f"a character of [{inner}]"
