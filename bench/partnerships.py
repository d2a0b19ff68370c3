"""Generator of SYNTHETIC partnerships among the real Turin organisations, for trying the
gap analysis without real partnership data.

Every row is fictitious and says so: labels start with "SYNTHETIC", notes read
:data:`SYNTHETIC_NOTE`, the source is :data:`SYNTHETIC_SOURCE`, method ``curated``, confidence
``low``. The output is a partnerships CSV (format in ``graph/sources/README.md``) written under
``bench/out/`` (ignored by git); it never enters the published graph or ``graph/sources``.

``python -m bench.partnerships --out bench/out/synthetic-partnerships.csv [--n 60 --seed 7]``,
then ``sekg build --partnerships bench/out/synthetic-partnerships.csv --out bench/out/var``.

Example
-------
>>> rows = synthetic_partnership_rows(5, seed=1)
>>> all(r["label"].startswith("SYNTHETIC") for r in rows), len({r["collaboration"] for r in rows})
(True, 5)
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
from importlib.resources import files
from pathlib import Path

import yaml

from sekg.graph.partnerships import COLUMNS

__all__ = ["SYNTHETIC_NOTE", "SYNTHETIC_SOURCE", "synthetic_partnership_rows",
           "write_synthetic_partnerships"]

SYNTHETIC_SOURCE = "https://w3id.org/social-economy-kg/synthetic"
SYNTHETIC_NOTE = "synthetic, for trying the analysis; not a fact"
ZONES = 11


def _organisation_keys() -> list[str]:
    """Keys of the organisations of the curated sources (no private citizens)."""
    sources = files("sekg.graph.sources")
    listed = csv.DictReader((sources / "participants.csv").read_text("utf-8").splitlines())
    extra = csv.DictReader((sources / "organisations_extra.csv").read_text("utf-8").splitlines())
    keys = {r["key"].strip() for r in listed if r["kind"].strip() == "organisation"}
    keys |= {r["key"].strip() for r in extra}
    return sorted(k for k in keys if k)


def _plan_keys(kind: str) -> list[str]:
    """Keys of the plan.yaml resources whose id is ``kind/key`` (themes, objectives)."""
    plan = yaml.safe_load((files("sekg.graph.sources") / "plan.yaml").read_text("utf-8"))
    prefix = f"{kind}/"
    return sorted(str(r["id"])[len(prefix):] for r in plan["resources"]
                  if str(r.get("id", "")).startswith(prefix))


def synthetic_partnership_rows(n: int = 60, seed: int = 7) -> list[dict[str, str]]:
    """Rows of ``n`` synthetic partnerships and projects (2 to 5 members each)."""
    rng = random.Random(seed)
    organisations = _organisation_keys()
    themes = _plan_keys("concept/plan-theme")
    objectives = _plan_keys("objective")
    rows: list[dict[str, str]] = []
    width = len(str(n))
    for i in range(1, n + 1):
        kind = "project" if rng.random() < 0.4 else "partnership"
        key = f"synthetic-{kind}-{i:0{width}d}"
        theme = rng.choice(themes)
        start = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(3 * 365))
        end = start + dt.timedelta(days=rng.randrange(180, 3 * 365))
        shared = {
            "kind": kind,
            "label": f"SYNTHETIC {kind} {i:0{width}d} ({theme.replace('-', ' ')})",
            "theme": theme,
            "objective": rng.choice(objectives) if objectives and rng.random() < 0.25 else "",
            "territory": f"zona:{rng.randint(1, ZONES)}" if rng.random() < 0.8 else "cmto",
            "start_date": start.isoformat(),
            "end_date": end.isoformat() if kind == "project" else "",
        }
        for j, member in enumerate(rng.sample(organisations, rng.randint(2, 5))):
            rows.append({**shared, "collaboration": key, "member": member,
                         "role": "lead-partner" if j == 0 else "partner",
                         "source": SYNTHETIC_SOURCE, "method": "curated", "confidence": "low",
                         "notes": SYNTHETIC_NOTE})
    return rows


def write_synthetic_partnerships(out: Path, n: int = 60, seed: int = 7) -> Path:
    """Write the synthetic partnerships CSV to ``out`` (meant for ``bench/out/``; refused
    inside the curated sources, whence it would enter the published graph)."""
    out = Path(out)
    sources = Path(str(files("sekg.graph.sources"))).resolve()
    if out.resolve().is_relative_to(sources):
        raise ValueError(f"{out}: synthetic data never goes into the curated sources; "
                         "write it under bench/out/")
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(synthetic_partnership_rows(n, seed))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.partnerships",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("bench/out/synthetic-partnerships.csv"))
    parser.add_argument("--n", type=int, default=60, help="number of partnerships and projects")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    try:
        path = write_synthetic_partnerships(args.out, args.n, args.seed)
    except ValueError as exc:
        parser.error(str(exc))
    print(f"wrote {path} (SYNTHETIC: not facts; never publish)")  # noqa: T201 - CLI output


if __name__ == "__main__":
    main()
