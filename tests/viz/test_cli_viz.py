"""`sekg viz` as a user meets it: it writes a self-contained page (and the zone pages a
grouped view links to), and refuses bad input in one line without writing anything."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sekg.graph.build import BuildReport


def sekg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sekg.cli", *args], capture_output=True,
                          text=True, timeout=600, env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"})


def test_viz_writes_a_page_and_the_zone_pages(built: tuple[Path, BuildReport],
                                              tmp_path: Path) -> None:
    out = tmp_path / "pages" / "zones.html"
    result = sekg("viz", "--view", "zone", "--lang", "it", "--store", str(built[0]),
                  "--link-prefix", "/page/", "--out", str(out))
    assert result.returncode == 0, result.stderr
    html = out.read_text("utf-8")
    assert "L'ecosistema per zona omogenea" in html and 'id="plots"' in html
    assert '"url":"zones-zone-6.html"' in html              # a click on a zone opens its page
    for number in range(1, 12):
        page = (tmp_path / "pages" / f"zones-zone-{number}.html").read_text("utf-8")
        assert f"Zona omogenea {number} " in page
    ego = tmp_path / "ego.html"
    result = sekg("viz", "--view", "ego", "--id", "ismel", "--no-plots", "--store",
                  str(built[0]), "--out", str(ego))
    assert result.returncode == 0, result.stderr
    text = ego.read_text("utf-8")
    assert '"url":"https://w3id.org/social-economy-kg/id/organisation/ismel"' in text
    assert 'id="plots"' not in text


def test_viz_bad_input_is_one_line_and_writes_nothing(built: tuple[Path, BuildReport],
                                                      tmp_path: Path) -> None:
    store = str(built[0])
    cases = [
        (("--view", "map"), "unknown --view 'map'"),
        (("--view", "ego"), "needs an identifier"),
        (("--view", "ego", "--id", "nobody"), "unknown organisation 'nobody'"),
        (("--view", "zone", "--id", "42"), "not a zona omogenea"),
        (("--lang", "fr"), "unknown language 'fr'"),
        (("--max-nodes", "0"), "--max-nodes 0 is too small"),
    ]
    for args, message in cases:
        out = tmp_path / "view.html"
        result = sekg("viz", *args, "--store", store, "--no-plots", "--out", str(out))
        assert result.returncode == 1, (args, result.stderr)
        assert message in result.stderr and "Traceback" not in result.stderr
        assert not out.exists()
    result = sekg("viz", "--store", store, "--out", str(tmp_path / "view.txt"))
    assert result.returncode == 1 and "not an HTML file name" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_path_with_brackets_is_written_and_named(built: tuple[Path, BuildReport],
                                                   tmp_path: Path) -> None:
    """The closing lines printed paths as rich markup: '[/x]' in --out raised a MarkupError
    after the page was written (exit 2, "unexpected error")."""
    out = tmp_path / "[/x]" / "view.html"
    result = sekg("viz", "--store", str(built[0]), "--no-plots", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert out.is_file() and f"-> {out}" in " ".join(result.stdout.split())
