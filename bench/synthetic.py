"""Generator of a SYNTHETIC social-economy ecosystem, for benchmarks only.

Every organisation it writes is fictitious: keys start with ``synthetic-``, labels with
"SYNTHETIC", and each row cites :data:`SYNTHETIC_SOURCE`. The output is a copy of the curated
sources with the synthetic organisations appended to ``organisations_extra.csv``; it lives in
``bench/out/`` (ignored by git) and never enters the published graph.

The mix follows the 2025 figures of the Città metropolitana (reference data: 2,187 APS, 1,360
ODV, 448 social cooperatives, 232 Società Benefit, 91 social enterprises, 27 innovative
start-ups with a social vocation), topped up with foundations, associations, companies and
public bodies to the requested size.

Example
-------
>>> rows = list(synthetic_rows(10, seed=1))
>>> len(rows), rows[0]["key"].startswith("synthetic-")
(10, True)
"""

from __future__ import annotations

import csv
import random
import shutil
from collections.abc import Iterator
from importlib.resources import as_file, files
from pathlib import Path

__all__ = ["METRO_MIX", "SYNTHETIC_SOURCE", "synthetic_rows", "write_synthetic_sources"]

SYNTHETIC_SOURCE = "https://w3id.org/social-economy-kg/bench/synthetic-data-not-real"

#: (share weight, legal_form, qualifications, family, helix, field)
METRO_MIX: list[tuple[int, str, str, str, str, str]] = [
    (2187, "associazione", "aps", "association", "", "S"),
    (1360, "associazione", "odv", "association", "", "Q"),
    (448, "cooperativa-sociale", "impresa-sociale;cooperativa-sociale-tipo-ignoto",
     "cooperative", "", "Q"),
    (232, "srl", "societa-benefit", "outside-social-economy", "", "M"),
    (91, "srl", "impresa-sociale", "social-enterprise", "third-sector-civil-society", "N"),
    (27, "srl", "startup-vocazione-sociale", "social-enterprise", "business", "J"),
    (250, "fondazione", "altro-ets", "foundation", "third-sector-civil-society", "P"),
    (200, "societa-cooperativa", "", "cooperative", "business", "G"),
    (150, "spa", "", "outside-social-economy", "", "C"),
    (40, "fondazione-origine-bancaria", "ente-filantropico", "foundation", "", "K"),
    (15, "comune", "", "outside-social-economy", "", "O"),
]
COLUMNS = ("key", "label", "legal_form", "qualifications", "family", "helix",
           "field_of_activity", "seat_istat", "seat_method", "seat_source", "area_served",
           "method", "confidence", "source", "notes")


def _comuni() -> list[str]:
    text = (files("sekg.graph.sources") / "reference" /
            "cmto_comuni_zone_omogenee.csv").read_text("utf-8")
    return [row["istat_code"] for row in csv.DictReader(text.splitlines())]


def synthetic_rows(n: int, seed: int = 2030) -> Iterator[dict[str, str]]:
    """``n`` synthetic organisation rows in the ``organisations_extra.csv`` format."""
    rng = random.Random(seed)
    comuni = _comuni()
    weights = [m[0] for m in METRO_MIX]
    for i in range(n):
        _, form, quals, family, helix, field = rng.choices(METRO_MIX, weights)[0]
        seat = rng.choice(comuni)
        yield {
            "key": f"synthetic-{i:07d}", "label": f"SYNTHETIC {form} {i:07d}",
            "legal_form": form, "qualifications": quals, "family": family, "helix": helix,
            "field_of_activity": field, "seat_istat": seat, "seat_method": "curated",
            "seat_source": SYNTHETIC_SOURCE,
            "area_served": f"zona:{rng.randint(1, 11)}" if rng.random() < 0.3 else "",
            "method": "curated", "confidence": "low", "source": SYNTHETIC_SOURCE,
            "notes": "SYNTHETIC benchmark organisation: not real",
        }


def write_synthetic_sources(folder: Path, n: int, seed: int = 2030) -> Path:
    """Copy the curated sources to ``folder`` and append ``n`` synthetic organisations."""
    if folder.exists():
        shutil.rmtree(folder)
    with as_file(files("sekg.graph.sources")) as src:
        shutil.copytree(src, folder, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    extra = folder / "organisations_extra.csv"
    with extra.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        for row in synthetic_rows(n, seed):
            writer.writerow(row)
    return folder
