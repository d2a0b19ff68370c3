"""Entity resolution for the participants list: name normalisation and candidate pairs.

The list of the source document names some organisations twice (a full name and an acronym,
a name with and without its legal-form suffix) and lists units or members of other listed
organisations. This module finds such pairs *as candidates*; curators confirm each one in
``resolution.csv``, and the build records the decision as ``owl:sameAs``,
``org:subOrganizationOf`` or ``org:memberOf`` — never as a silent merge.

Example
-------
>>> normalise_name("Futura Law Firm starl SB")
'futura law firm'
>>> sorted(legal_form_tokens("Amapola Srl Società Benefit"))
['societa-benefit', 'srl']
>>> [(c.left, c.right, c.kind) for c in find_candidates({
...     59: "Danish Refugee Council Italia ONLUS", 60: "DRC Italia ONLUS"})]
[(59, 60, 'same_as')]
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations

__all__ = ["Candidate", "LEGAL_FORM_TOKENS", "find_candidates", "legal_form_tokens",
           "normalise_name"]

#: Legal-form and qualification tokens as they appear in names (after folding), with the
#: code of the legal-form or qualification scheme they signal. Longest first.
LEGAL_FORM_TOKENS: tuple[tuple[str, str], ...] = (
    ("societa benefit", "societa-benefit"),
    ("impresa sociale", "impresa-sociale"),
    ("cooperativa di comunita", "cooperativa-di-comunita"),
    ("cooperativa sociale", "cooperativa-sociale"),
    ("s c s", "cooperativa-sociale"),
    ("scs", "cooperativa-sociale"),
    ("s r l", "srl"),
    ("srl", "srl"),
    ("s p a", "spa"),
    ("spa", "spa"),
    ("scarl", "scarl"),
    ("starl", "societa-tra-professionisti"),
    ("stp", "societa-tra-professionisti"),
    ("onlus", "onlus"),
    ("aps", "aps"),
    ("odv", "odv"),
    ("ets", "ets-sezione-ignota"),
    ("sb", "societa-benefit"),
    ("is", "impresa-sociale"),
)

#: Words that do not tell organisations apart ("Università degli Studi di X" = "Università di X").
_NOISE = re.compile(r"\b(degli studi|the)\b")


#: Runs of anything but lower-case ASCII letters and digits.
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def _fold(text: str) -> str:
    """Lower case, no accents, punctuation and dashes as spaces, single spaces.

    >>> _fold("Società Cooperativa Sociale «L'Àncora» - O.N.L.U.S.")
    'societa cooperativa sociale l ancora o n l u s'
    """
    if not text.isascii():  # ASCII text has no accent to take off (most names)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_NOT_WORD.sub(" ", text.lower()).split())


def legal_form_tokens(label: str) -> set[str]:
    """Codes of the legal forms and qualifications written in ``label`` (e.g. ``srl``)."""
    folded = f" {_fold(label)} "
    found: set[str] = set()
    for token, code in LEGAL_FORM_TOKENS:
        if f" {token} " in folded:
            found.add(code)
            folded = folded.replace(f" {token} ", " ")
    return found


def normalise_name(label: str) -> str:
    """The canonical form of an organisation's name, for matching.

    Folds case, accents and punctuation, removes legal-form and qualification tokens and
    words that do not distinguish organisations.

    >>> normalise_name("Esserci S.c.s.")
    'esserci'
    >>> normalise_name("Università degli Studi di Bologna")
    'universita di bologna'
    """
    folded = f" {_fold(label)} "
    for token, _code in LEGAL_FORM_TOKENS:
        folded = folded.replace(f" {token} ", " ")
    folded = _NOISE.sub(" ", folded)
    name = " ".join(folded.split())
    return name or _fold(label)


def _acronym(name: str) -> str:
    words = [w for w in name.split() if w not in {"di", "del", "della", "dei", "e", "per", "il",
                                                  "la", "le", "lo", "l"}]
    return "".join(w[0] for w in words)


@dataclass(frozen=True)
class Candidate:
    """A pair of list entries that may be one organisation (``same_as``) or related
    (``sub_organization_of``: right is a unit of left; ``network``: same brand or network)."""

    left: int
    right: int
    kind: str
    reason: str


def find_candidates(entries: Mapping[int, str]) -> list[Candidate]:
    """Candidate pairs among ``entries`` (list number -> label as written), sorted.

    Rules, in order: equal normalised names; an acronym of one equal to the first word of the
    other with the same remainder; one name the start of the other followed by a unit marker
    (or any further words: a unit); a parenthesised acronym of one named inside the other; a
    shared first word that is a network brand (e.g. ARCI, Caritas).
    """
    norm = {n: normalise_name(label) for n, label in entries.items()}
    acronyms = {n: set(re.findall(r"\(([A-Za-z]{3,})\)", label)) for n, label in entries.items()}
    found: list[Candidate] = []
    for a, b in combinations(sorted(entries), 2):
        na, nb = norm[a], norm[b]
        wa, wb = na.split(), nb.split()
        if na == nb:
            found.append(Candidate(a, b, "same_as", f"same normalised name '{na}'"))
            continue
        if _is_acronym_pair(wa, wb):
            found.append(Candidate(a, b, "same_as", "acronym of the other name"))
            continue
        if nb.startswith(na + " "):
            found.append(Candidate(a, b, "sub_organization_of",
                                   f"'{entries[b]}' extends the name '{entries[a]}'"))
            continue
        if na.startswith(nb + " "):
            found.append(Candidate(b, a, "sub_organization_of",
                                   f"'{entries[a]}' extends the name '{entries[b]}'"))
            continue
        hit = next((ac for ac in acronyms[a] if ac.lower() in wb), None)
        if hit:
            found.append(Candidate(a, b, "sub_organization_of",
                                   f"'{entries[b]}' names '{hit}', the acronym of '{entries[a]}'"))
            continue
        hit = next((ac for ac in acronyms[b] if ac.lower() in wa), None)
        if hit:
            found.append(Candidate(b, a, "sub_organization_of",
                                   f"'{entries[a]}' names '{hit}', the acronym of '{entries[b]}'"))
            continue
        if wa[0] == wb[0] and len(wa[0]) > 3 and wa[0] not in _GENERIC_FIRST_WORDS:
            found.append(Candidate(a, b, "network", f"shared first word '{wa[0]}'"))
    return sorted(found, key=lambda c: (c.left, c.right, c.kind))


def _is_acronym_pair(wa: list[str], wb: list[str]) -> bool:
    """True when the first word of one name is the initials of the other's leading words and
    the remaining words agree (``drc italia`` / ``danish refugee council italia``)."""
    for short, long in ((wa, wb), (wb, wa)):
        head = short[0]
        if len(head) < 2 or len(long) <= len(short):
            continue
        span = len(long) - len(short) + 1
        if short[1:] == long[span:] and "".join(w[0] for w in long[:span]) == head:
            return True
    return False


#: First words shared by unrelated organisations (kinds of bodies, not brands).
_GENERIC_FIRST_WORDS = frozenset({
    "comune", "fondazione", "associazione", "consorzio", "cooperativa", "istituto", "universita",
    "rete", "camera", "citta", "agenzia", "federazione", "liceo", "ordine", "studio", "banco",
    "torino", "unione", "confcooperative", "legacoop", "progetto", "politecnico",
})
