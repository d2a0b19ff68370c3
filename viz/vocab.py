"""Names shown in the network views, in Italian or English: helix and family labels read from
the store (the SKOS schemes, through the named query ``vocab_concept_labels``) and the page's
own words (``messages.json`` beside this module).

Example
-------
>>> words = Vocabulary(lang="en", helix={"finance": "Finance"}, family={})
>>> words.helix_label("finance"), words.helix_label("unknown")
('Finance', 'Unknown helix')
>>> Vocabulary(lang="it", helix={}, family={}).text("filter.helix")
'Elica'
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from sekg.graph.questions import run_named
from sekg.graph.store import GraphStore
from sekg.ontology.errors import SekgError

__all__ = ["LANGUAGES", "Vocabulary", "check_lang", "load_vocabulary", "messages"]

#: languages of the labels (the SKOS schemes have prefLabels in both)
LANGUAGES = ("it", "en")


def check_lang(lang: str) -> str:
    """``lang`` if it is one of :data:`LANGUAGES`, else a :class:`SekgError` saying which are."""
    if lang not in LANGUAGES:
        raise SekgError(f"unknown language '{lang}'", hint=f"use one of: {', '.join(LANGUAGES)}")
    return lang


@cache
def messages(lang: str) -> dict[str, str]:
    """The page's words in ``lang`` (keys such as ``filter.helix``)."""
    table = json.loads(files("sekg.viz").joinpath("messages.json").read_text("utf-8"))
    return {key: texts[check_lang(lang)] for key, texts in table.items()}


@dataclass(frozen=True)
class Vocabulary:
    """Labels of helix and family codes in one language, and the page's words."""

    lang: str
    helix: dict[str, str]
    family: dict[str, str]

    def text(self, key: str, **values: object) -> str:
        """The message ``key`` in this language, with ``{name}`` placeholders filled."""
        return messages(self.lang)[key].format(**values)

    def helix_label(self, code: str) -> str:
        """The helix's label; a code missing from the scheme is shown as written."""
        if code in self.helix:
            return self.helix[code]
        return self.text("unknown.helix") if code in ("", "unknown") else code.replace("-", " ")

    def family_label(self, code: str) -> str:
        """The family's label; a code missing from the scheme is shown as written."""
        if code in self.family:
            return self.family[code]
        return self.text("unknown.family") if code in ("", "unknown") else code.replace("-", " ")


def load_vocabulary(store: GraphStore, lang: str = "en") -> Vocabulary:
    """Read the helix and family labels in ``lang`` from ``store`` (``vocab_concept_labels``)."""
    check_lang(lang)
    column = f"label_{lang}"
    schemes = {}
    for scheme in ("helix", "family"):
        rows = run_named(store, "vocab_concept_labels", {"scheme": scheme}).to_records()
        schemes[scheme] = {r["code"]: r[column] or r["label_en"] or r["code"] for r in rows}
    return Vocabulary(lang=lang, helix=schemes["helix"], family=schemes["family"])
