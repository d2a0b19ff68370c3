"""Every question the README and the CLI's own help name is in the catalogue (the README once
named ``participants_by_zone`` long after it became ``territory_participants_by_zone``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sekg.queries.catalog import load_catalog

ROOT = Path(__file__).resolve().parents[2]
#: `sekg query run NAME`, `sekg query show NAME`, `ask("NAME"` (or with single quotes)
MENTION = re.compile(r"""sekg\s+query\s+(?:run|show)\s+([A-Za-z_][\w-]*)"""
                     r"""|\bask\(\s*["']([\w-]+)["']""")


def mentions(text: str) -> set[str]:
    """The question names ``text`` mentions.

    >>> sorted(mentions('sekg query run a_b -p x=1; sekg query show c; ask("d", x=1)'))
    ['a_b', 'c', 'd']
    """
    return {run or ask for run, ask in MENTION.findall(text)} - {"NAME"}


@pytest.mark.parametrize("document", ["README.md", "sekg/cli.py"])
def test_every_named_question_is_in_the_catalogue(document: str) -> None:
    named = mentions((ROOT / document).read_text(encoding="utf-8"))
    assert named, f"{document} names no question: has the pattern gone stale?"
    assert sorted(named - set(load_catalog())) == []


def test_the_pattern_finds_what_it_should() -> None:
    assert mentions('sekg query run participants_by_zone --format csv\n'
                    'ask("participants_by_zone", store=x)') == {"participants_by_zone"}
