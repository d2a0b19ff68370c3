"""The README's sample output of `sekg build` (also the first lines of `make run`) is a real
run's: its stages are the build's, in order, and its closing counts are those of the
session's build (it once showed 55,566 quads, the count before provenance was grouped)."""

from __future__ import annotations

import re
from pathlib import Path

from sekg.graph.build import STAGES, BuildReport
from tests.conftest import need

README = Path(__file__).resolve().parents[2] / "README.md"


def _sample() -> str:
    """The code block of the README that shows the build's stage table."""
    blocks: list[list[str]] = []
    inside = False
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            inside = not inside
            if inside:
                blocks.append([])
        elif inside:
            blocks[-1].append(line)
    (sample,) = ["\n".join(b) for b in blocks if any("┃ stage" in line for line in b)]
    return sample


def test_the_sample_shows_the_build_stages_in_order() -> None:
    rows = re.findall(r"^│ (.+?)\s+│\s+[\d.]+ │$", _sample(), re.M)
    assert tuple(rows) == STAGES


def test_the_sample_counts_are_a_real_builds(built: tuple[Path, BuildReport]) -> None:
    report = built[1]
    closing = " ".join(_sample().split())
    said = re.search(r"(\d+) quads in (\d+) named graphs; (\d+) helix facts derived by rule; "
                     r"(\d+) class assertions inferred by HermiT", closing)
    assert said, "the sample's closing line has changed: update this test"
    quads, graphs, helix, inferred = map(int, said.groups())
    assert (quads, graphs, helix) == (sum(report.quads_by_graph.values()),
                                      len(report.quads_by_graph), report.derived_helix)
    need(report.inferred_types > 0, "the session's build ran without HermiT (no Java)")
    assert inferred == report.inferred_types
