"""Render a network view as one self-contained HTML page: vis-network (shipped with pyvis)
and the page's script and style inlined, the heatmaps as inline SVG, nothing fetched from
another host — the file works offline and from ``file://``.

Example
-------
>>> from sekg.viz.views import ecosystem_view                       # doctest: +SKIP
>>> html = render_page(ecosystem_view(projections, report), gap_plots(report, "en"))
...                                                                 # doctest: +SKIP
>>> write_page(html, "var/ecosystem.html")                          # doctest: +SKIP
PosixPath('var/ecosystem.html')
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

from jinja2 import Environment, FunctionLoader, select_autoescape

from sekg.graph.analysis import GapReport
from sekg.ontology.errors import SekgError, cannot_write
from sekg.viz.views import View
from sekg.viz.vocab import messages

__all__ = ["Plot", "gap_plots", "render_page", "write_page"]

#: vis-network as pyvis ships it (the version pyvis's own templates load)
VIS_FOLDER = "lib/vis-9.1.2"


@dataclass(frozen=True)
class Plot:
    """A figure shown under the network: a caption and an inline ``<svg>``."""

    title: str
    svg: str


def gap_plots(report: GapReport, lang: str = "en") -> list[Plot]:
    """The coverage heatmap (zone × helix) and the helix mixing matrix of ``report``."""
    from sekg.viz.plots import coverage_heatmap, figure_svg, mixing_heatmap

    words = messages(lang)
    return [Plot(words["plot.coverage"], figure_svg(coverage_heatmap(report))),
            Plot(words["plot.mixing"], figure_svg(mixing_heatmap(report)))]


def _template_source(name: str) -> str:
    return files("sekg.viz").joinpath("templates", name).read_text("utf-8")


@cache
def _environment() -> Environment:
    return Environment(loader=FunctionLoader(_template_source),
                       autoescape=select_autoescape(["html"]), trim_blocks=True,
                       lstrip_blocks=True, keep_trailing_newline=True)


@cache
def _vis_assets() -> tuple[str, str]:
    """vis-network's script and style, read from the installed pyvis package."""
    folder = files("pyvis").joinpath(VIS_FOLDER)
    try:
        script = folder.joinpath("vis-network.min.js").read_text("utf-8")
        style = folder.joinpath("vis-network.css").read_text("utf-8")
    except FileNotFoundError as exc:
        raise SekgError(f"vis-network is not where pyvis ships it ({VIS_FOLDER})",
                        hint="reinstall pyvis 0.3.2 (pip install 'pyvis>=0.3.2')") from exc
    # the source-map comment would make developer tools ask for a file that is not there
    script = re.sub(r"//# sourceMappingURL=\S+\s*$", "", script)
    return _inline_script(script), style


def _inline_script(text: str) -> str:
    """Script text safe inside ``<script>``: no ``</script`` or ``<!--`` can end it early."""
    return re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE).replace("<!--", "<\\!--")


def _json_for_html(value: object) -> str:
    """JSON that cannot close the ``<script type="application/json">`` holding it."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_page(view: View, plots: Sequence[Plot] = (),
                nav: Sequence[tuple[str, str]] = ()) -> str:
    """The HTML page of ``view``, with ``plots`` under the network and ``nav`` (label, href)
    links to other views in the header."""
    script, style = _vis_assets()
    words = messages(view.lang)
    net = view.network
    data = {"nodes": net.nodes, "edges": net.edges, "options": net.options,
            "facets": list(view.facets), "words": words,
            "view": {"kind": view.kind, "key": view.key, "aggregated": view.aggregated}}
    env = _environment()
    return env.get_template("page.html").render(
        view=view, words=words, plots=plots, nav=nav, data=_json_for_html(data),
        vis_script=script, vis_style=style,
        page_script=_inline_script(_template_source("browse.js")),
        page_style=_template_source("browse.css"))


def write_page(html: str, path: str | Path) -> Path:
    """Write ``html`` to ``path`` (UTF-8; folders created); returns the path."""
    path = Path(path)
    if path.suffix.lower() not in (".html", ".htm"):
        raise SekgError(f"'{path}' is not an HTML file name", hint="end it with .html")
    if path.is_dir():  # its folder is writable: cannot_write would blame that
        raise SekgError(f"cannot write {path}: it is a folder",
                        hint=f"name a file, e.g. {path / 'view.html'}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise cannot_write(str(path), path.parent, exc) from None
    return path
