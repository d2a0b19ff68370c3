"""Render a gap report as Markdown (for people), JSON (for programs) or CSV (for spreadsheets).

Example
-------
>>> from sekg.graph.analysis.gaps import GapReport, AnalysisOptions
>>> empty = GapReport([], {}, ["No ties recorded."], {"actors": 0}, AnalysisOptions())
>>> print(to_markdown(empty).splitlines()[0])
# Partnership gaps
"""

from __future__ import annotations

import csv
import io
import json

from sekg.graph.analysis.findings import KINDS
from sekg.graph.analysis.gaps import GapReport

__all__ = ["FORMATS", "render", "to_csv", "to_json", "to_markdown"]

FORMATS = ("md", "json", "csv")


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _name(report: GapReport, iri: str) -> str:
    return report.labels.get(iri, iri)


def to_markdown(report: GapReport, limit: int | None = None) -> str:
    """A ranked report: what the data can show, the findings, and the key figures."""
    s = report.summary
    lines = ["# Partnership gaps", "",
             f"{s.get('actors', 0)} actors, {s.get('ties', 0)} ties "
             f"({', '.join(report.options.ties)}); E-I index {_fmt(s.get('ei_index'))}, "
             f"helix assortativity {_fmt(s.get('assortativity'))}; "
             f"{s.get('components', 0)} components (largest {s.get('largest_component', 0)}), "
             f"{s.get('isolates', 0)} isolates; {s.get('communities', 0)} communities "
             f"(NMI with helix {_fmt(s.get('communities_nmi_helix'))}).", "",
             "## What the data can and cannot show", ""]
    lines += [f"- {text}" for text in report.limits] or ["- (no limits recorded)"]
    findings = report.findings[:limit] if limit else report.findings
    lines += ["", f"## Findings ({len(report.findings)}, most severe first)", ""]
    if not findings:
        lines.append("No finding for this selection.")
    for rank, f in enumerate(findings, 1):
        lines.append(f"{rank}. **{f.kind}** (severity {f.severity:.2f}) — {f.explanation}")
        scope = ", ".join(f"{k}: {_name(report, v)}" for k, v in sorted(f.scope.items()))
        if scope:
            lines.append(f"   - scope: {scope}")
        lines.append(f"   - evidence: {', '.join(f'{k} {v}' for k, v in f.evidence.items())}; "
                     f"method: {f.method}")
        if f.basis:
            names = [_name(report, a) for a in f.basis]
            lines.append(f"   - based on {len(names)} actors: " + "; ".join(names[:6])
                         + (" …" if len(names) > 6 else ""))
        if f.suggested_actors:
            lines.append("   - could help: " + "; ".join(_name(report, a)
                                                        for a in f.suggested_actors))
        for t in f.suggested_ties:
            effect = t["effect"]
            lines.append(
                f"   - suggested tie: {_name(report, str(t['first']))} — "
                f"{_name(report, str(t['second']))} (score {t['score']}, sharing "
                f"{', '.join(str(x) for x in t['shared'])}); E-I "
                f"{_fmt(effect['ei_before'])} → {_fmt(effect['ei_after'])}, helix pairs "
                f"without a tie {effect['missing_pairs_before']} → "
                f"{effect['missing_pairs_after']}")
    lines += ["", "## Kinds of finding", ""]
    lines += [f"- `{kind}`: {text}" for kind, text in KINDS.items()]
    return "\n".join(lines) + "\n"


def _fmt(value: object) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def to_json(report: GapReport) -> str:
    """Findings, limits, summary and options as one JSON document (sorted keys)."""
    return json.dumps({"summary": report.summary, "limits": report.limits,
                       "options": report.options.as_dict(),
                       "findings": [{"rank": i, **f.as_dict()}
                                    for i, f in enumerate(report.findings, 1)]},
                      indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def to_csv(report: GapReport) -> str:
    """One row per finding: rank, kind, severity, scope, explanation, suggestions."""
    frame = report.findings_frame()
    out = io.StringIO()
    if frame.empty:
        csv.writer(out).writerow(["rank", "kind", "severity", "explanation"])
        return out.getvalue()
    frame.to_csv(out, index=False, lineterminator="\n")
    return out.getvalue()


def render(report: GapReport, fmt: str) -> str:
    """The report in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "md":
        return to_markdown(report)
    if fmt == "json":
        return to_json(report)
    if fmt == "csv":
        return to_csv(report)
    raise ValueError(f"unknown format '{fmt}': use one of {', '.join(FORMATS)}")
