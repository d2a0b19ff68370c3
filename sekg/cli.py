"""The ``sekg`` command line: build the graph, inspect it and serve it.

Every command prints one clear line and exits non-zero on a known error; ``--debug`` shows
the traceback.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable

from sekg.graph.sourcefiles import SourceTree
from sekg.ontology.errors import SekgError
from sekg.ontology.iri import IriMinter
from sekg.settings import Settings

__all__ = ["app", "main"]

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="The knowledge graph of the social economy of the Città metropolitana "
                       "di Torino (Piano 2030).")
console = Console()
err_console = Console(stderr=True)
_state: dict[str, object] = {"debug": False, "terminated": False, "pid": 0}

OutOption = Annotated[Path | None, typer.Option("--out", help="Build output folder "
                                                "(default: $SEKG_OUT or ./var).")]


@app.callback()
def _root(debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
          ) -> None:
    _state["debug"] = debug
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING)


@app.command()
def build(
    out: OutOption = None,
    sources: Annotated[Path | None, typer.Option(help="Folder of curated sources "
                                                 "(default: the embedded ones).")] = None,
    ontology: Annotated[Path | None, typer.Option(help="Folder of ontology files "
                                                  "(default: the embedded ones).")] = None,
    validate: Annotated[bool, typer.Option(help="Run SHACL validation.")] = True,
    reason: Annotated[bool | None, typer.Option(
        help="Run the OWL reasoner (HermiT, needs Java). Default: when Java is installed.")
    ] = None,
    partnerships: Annotated[list[Path] | None, typer.Option(
        "--partnerships", help="A CSV of partnerships, projects and memberships to add "
                               "(user data; repeatable; format in graph/sources/README.md).")
    ] = None,
) -> None:
    """Build the graph: sources -> RDF -> SHACL -> HermiT -> store -> dumps (atomically).

    --out must be new, empty or an earlier build (it is replaced only once the build
    succeeded). Example: sekg build --out var
    """
    from sekg.graph.build import STAGES, BuildOptions, check_out, disk_shortfall
    from sekg.graph.build import build as run_build
    from sekg.ontology.reasoning import java_available

    settings = Settings.from_env()
    if reason is None:
        reason = java_available()
        if not reason:
            err_console.print("[yellow]warning:[/yellow] Java is not installed, so the OWL "
                              "reasoner (HermiT) is skipped: no consistency check, no inferred "
                              "types. Install it (Debian: apt-get install default-jre-headless).")
    options = BuildOptions(out=out or settings.out, minter=IriMinter(settings.base_uri),
                           validate=validate, reason=reason, partnerships=partnerships or [])
    if sources:
        options.sources = SourceTree.at(sources)
    if ontology:
        options.ontology = SourceTree.at(ontology)
    check_out(Path(options.out))  # a wrong --out is said first (build() checks it again)
    short = disk_shortfall(options)
    if short:
        err_console.print(f"[yellow]warning:[/yellow] {escape(short)}")
    # redrawn 4 times a second on a terminal, and not at all elsewhere (a log, CI): the
    # refresh thread takes the GIL each time, beside a build that is CPU-bound on two cores
    with Progress(TextColumn("[bold]{task.description:<20}"), BarColumn(),
                  TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                  console=err_console, transient=not err_console.is_terminal,
                  auto_refresh=err_console.is_terminal, refresh_per_second=4) as bar:
        task = bar.add_task("build", total=len(STAGES))

        def progress(stage: str, done: int, total: int) -> None:
            bar.update(task, description=stage, completed=done)

        report = run_build(options, progress)
    table = RichTable(title=f"Built {options.out}", show_lines=False)
    table.add_column("stage")
    table.add_column("seconds", justify="right")
    for stage, seconds in report.seconds.items():
        table.add_row(stage, f"{seconds:.2f}")
    console.print(table)
    beside = [f"{name} {seconds:.2f} s" for name, seconds in
              (("gap analysis", report.analysis_seconds), ("SHACL", report.validation_seconds),
               ("HermiT", report.reasoner_seconds))
              if seconds]
    if beside:
        console.print(f"In their own processes, beside the stages above: {', '.join(beside)} "
                      "(their rows are the time left waiting for them).")
    total = sum(report.quads_by_graph.values())
    console.print(f"{total} quads in {len(report.quads_by_graph)} named graphs; "
                  f"{report.derived_helix} helix facts derived by rule; "
                  f"{report.inferred_types} class assertions inferred by HermiT; "
                  f"dumps in {options.out / 'dumps'}", markup=False)


@app.command()
def info(out: OutOption = None) -> None:
    """Show what the built graph holds: counts by graph and class, unknowns, contradictions.

    Example: sekg info --out var
    """
    from sekg.graph.info import graph_info

    settings = Settings.from_env()
    summary = graph_info(out or settings.out)
    table = RichTable(title="Triples per named graph")
    table.add_column("graph")
    table.add_column("triples", justify="right")
    for graph, count in summary.triples_by_graph.items():
        table.add_row(escape(graph), str(count))
    console.print(table)
    table = RichTable(title="Instances per class (data graphs)")
    table.add_column("class")
    table.add_column("instances", justify="right")
    for cls, count in summary.instances_by_class.items():
        table.add_row(escape(_curie(cls)), str(count))
    console.print(table)
    table = RichTable(title=f"Unknowns among the {summary.listed_organisations} listed "
                            "organisations "
                        "(not determined by the sources, so not guessed)")
    table.add_column("fact")
    table.add_column("unknown for", justify="right")
    table.add_column("list numbers")
    for fact, numbers in summary.unknowns.items():
        table.add_row(escape(fact), str(len(numbers)), ", ".join(map(str, numbers[:25]))
                      + (" …" if len(numbers) > 25 else ""))
    console.print(table)
    table = RichTable(title="Contradictions flagged in the data")
    table.add_column("contradiction")
    table.add_column("explanation")
    for label, comment in summary.contradictions:
        table.add_row(escape(label), escape(comment))
    console.print(table)


query_app = typer.Typer(no_args_is_help=True, help="The catalogue of analyst questions.")
app.add_typer(query_app, name="query")

StoreOption = Annotated[str | None, typer.Option(
    "--store", help="A SPARQL 1.1 query URL (e.g. http://127.0.0.1:7878/query) or a build "
                    "folder (default: $SEKG_OUT or ./var).")]
NameArgument = Annotated[str, typer.Argument(
    metavar="NAME", help="A question of the catalogue (see `sekg query list`), e.g. "
                         "territory_participants_by_zone.", show_default=False)]
FormatOption = Annotated[str, typer.Option(
    "--format", "-f", help="table, csv, json or md. A table shortens IRIs to fit the terminal: "
                           "the graph's own by their first segment after the base "
                           "({base}/id/organisation/acsel as id:organisation/acsel), known "
                           "vocabularies by their prefixes (org:Organization); the other "
                           "formats keep the full IRIs.")]


def _print_table(table: object, fmt: str) -> None:
    from sekg.queries.results import FORMATS, Table

    assert isinstance(table, Table)
    if fmt not in FORMATS:
        raise SekgError(f"unknown format '{fmt}'", hint=f"use one of: {', '.join(FORMATS)}")
    if fmt == "csv":
        sys.stdout.write(table.to_csv())
    elif fmt == "json":
        sys.stdout.write(table.to_json() + "\n")
    elif fmt == "md":
        sys.stdout.write(table.to_markdown() + "\n")
    else:
        base = Settings.from_env().base_uri
        # no outer border and tight padding: the columns get the terminal's width
        view = RichTable(show_lines=False, box=box.SIMPLE_HEAD, pad_edge=False,
                         collapse_padding=True)
        for column in table.columns:
            view.add_column(column, overflow="fold")
        for row in table.rows:
            # cells are data, not rich markup ("a [b]c" would lose "[b]", "[/b]" raise)
            view.add_row(*(escape(_curie(c, base)) for c in row))
        console.print(view)
        err_console.print(f"{len(table.rows)} row(s)")




@query_app.command("list")
def query_list(lang: Annotated[str, typer.Option(help="it or en.")] = "en") -> None:
    """List the catalogue's questions with their titles and parameters.

    Example: sekg query list --lang it
    """
    from sekg.queries.catalog import load_catalog

    view = RichTable(title="Catalogue of questions (sekg query show NAME for one)")
    view.add_column("name", no_wrap=True)
    view.add_column("title")
    view.add_column("parameters")
    for name, query in load_catalog().items():
        params = ", ".join(f"{p.name}: {p.type}" + (f" = {p.default}" if p.default else "")
                           for p in query.params)
        view.add_row(name, query.title.get(lang) or query.title.get("en", ""), params)
    console.print(view)


@query_app.command("show")
def query_show(name: NameArgument) -> None:
    """Print a question's file: its documentation, parameters and SPARQL.

    Example: sekg query show territory_participants_by_zone
    """
    from sekg.queries.catalog import get_query

    sys.stdout.write(get_query(name).text)


@query_app.command("run")
def query_run(
    name: NameArgument,
    param: Annotated[list[str] | None, typer.Option(
        "--param", "-p", help="A parameter as name=value (repeatable).")] = None,
    fmt: FormatOption = "table",
    store: StoreOption = None,
) -> None:
    """Run a named question of the catalogue, with its parameters.

    Example: sekg query run participants_of_helix -p helix=finance
    """
    from sekg.graph.questions import resolve_store, run_named

    params: dict[str, str] = {}
    for item in param or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise SekgError(f"--param '{item}' is not name=value", hint="e.g. --param zone=7")
        params[key.strip()] = value
    # one question: reading the store on disk beats copying it into memory first
    _print_table(run_named(resolve_store(store, in_memory=False), name, params,
                           typed=fmt == "json"), fmt)


@app.command()
def sparql(
    query: Annotated[str, typer.Argument(help="SPARQL text, or a .rq file.")],
    fmt: FormatOption = "table",
    store: StoreOption = None,
) -> None:
    """Run raw SPARQL (SELECT, ASK or CONSTRUCT) on the graph.

    Example: sekg sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' -f csv
    """
    from sekg.graph.questions import sparql as run_sparql

    _print_table(run_sparql(query, store, in_memory=False, typed=fmt == "json"), fmt)


@app.command()
def load(
    store: Annotated[str, typer.Option("--store", help="The server's SPARQL query URL.")],
    gsp: Annotated[str, typer.Option("--gsp", help="The server's Graph Store Protocol URL "
                                     "(Oxigraph: http://HOST:PORT/store).")],
    out: OutOption = None,
) -> None:
    """Copy the built graph to a SPARQL 1.1 server, one named graph at a time (GSP PUT).

    Example: sekg load --store http://127.0.0.1:7878/query --gsp http://127.0.0.1:7878/store
    """
    from sekg.graph.store import EmbeddedStore, RemoteStore

    settings = Settings.from_env()
    local = EmbeddedStore.open((out or settings.out) / "store", in_memory=False)
    counts = RemoteStore(store, gsp=gsp).load(local.quads())
    for graph, n in sorted(counts.items()):
        console.print(f"{n:>8} triples -> {graph}", markup=False)


@app.command()
def gaps(
    store: StoreOption = None,
    theme: Annotated[str | None, typer.Option(
        help="Only findings about this plan theme or objective (code, key or IRI).")] = None,
    zone: Annotated[int | None, typer.Option(help="Only findings about this zona omogenea "
                                                  "(1-11).")] = None,
    helix: Annotated[str | None, typer.Option(
        help="Only findings involving this helix (code, e.g. finance).")] = None,
    ties: Annotated[str, typer.Option(
        help="Comma-separated kinds of tie to analyse: declared (membership, sub-organisation, "
             "same-as, partnership, project) and induced (co-proposal, shared-theme, "
             "shared-zone).")] = "membership,sub-organisation,same-as,partnership,project",
    fmt: Annotated[str, typer.Option("--format", "-f", help="md, json or csv.")] = "md",
    plots: Annotated[Path | None, typer.Option(
        help="Also write heatmaps (PNG and SVG) of the coverage and the mixing matrix here.")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Show at most this many findings "
                                                   "(md only).")] = None,
    backend: Annotated[str, typer.Option(
        help="Library for Louvain and core numbers: auto (networkit on big graphs when "
             "installed), networkx or networkit.")] = "auto",
) -> None:
    """Rank the partnership gaps and who could close them.

    Gaps are zones, themes and helix pairs without multi-actor ties. Reads the built graph
    (or --store). Example: sekg gaps --zone 6 --limit 10
    """
    from sekg.graph.analysis import FORMATS, AnalysisOptions, gap_report, render
    from sekg.graph.analysis.report import to_markdown

    if helix:  # before the analysis: a wrong code is one line at once
        from sekg.ontology.schemes import check_code

        check_code("helix", helix, f"--helix {helix!r}")
    if fmt not in FORMATS:
        raise SekgError(f"unknown format '{fmt}'", hint=f"use one of: {', '.join(FORMATS)}")
    kinds = tuple(k.strip() for k in ties.split(",") if k.strip())
    try:
        options = AnalysisOptions(ties=kinds, backend=backend)
        report = gap_report(store, options)
    except ValueError as exc:
        raise SekgError(str(exc)) from None
    settings = Settings.from_env()
    minter = IriMinter(settings.base_uri)
    if zone is not None and not 1 <= zone <= 11:
        raise SekgError(f"--zone {zone} is not a zona omogenea", hint="use a number from 1 to 11")
    theme_iri = None
    if theme:
        candidates = [theme, minter.concept("plan-theme", theme), minter.resource("objective",
                                                                                  theme)]
        theme_iri = next((c for c in candidates if c in report.labels), None)
        if theme_iri is None:
            raise SekgError(f"unknown theme or objective '{theme}'",
                            hint="see `sekg query run plan_themes` for the codes")
    selected = report.filter(theme=theme_iri,
                             zone=minter.resource("zona-omogenea", str(zone)) if zone else None,
                             helix=helix)
    if fmt == "md":
        console.print(to_markdown(selected, limit), markup=False, highlight=False,
                      soft_wrap=True)
    else:
        sys.stdout.write(render(selected, fmt))
    if plots:
        from sekg.viz.plots import write_gap_plots

        for path in write_gap_plots(report, plots):
            err_console.print(f"wrote {path}", markup=False)  # paths are not markup


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    store: Annotated[str | None, typer.Option(
        "--store", help="A build folder, a store folder or a SPARQL 1.1 query URL "
                        "(default: $SEKG_OUT or ./var).")] = None,
    timeout: Annotated[float | None, typer.Option(
        help="Seconds a query may run before it is stopped ($SEKG_QUERY_TIMEOUT, 10).")] = None,
    max_rows: Annotated[int | None, typer.Option(
        help="Most rows (or triples) one query may return ($SEKG_MAX_ROWS, 10000).")] = None,
    workers: Annotated[int | None, typer.Option(
        help="Query processes ($SEKG_WORKERS, 2).")] = None,
    cache_entries: Annotated[int | None, typer.Option(
        help="Small answers kept in memory, 0 for none ($SEKG_CACHE_ENTRIES, 512).")] = None,
    in_memory: Annotated[bool | None, typer.Option(
        "--in-memory/--on-disk",
        help="Query a copy of the store in memory, or the store on disk ($SEKG_IN_MEMORY; "
             "default: in memory up to 128 MB on disk). A national graph in memory takes "
             "about 4 GB per query process and a minute or two to load.")] = None,
) -> None:
    """Serve the graph: SPARQL endpoint, linked-data pages and REST API (read-only).

    Example: sekg serve --store var --port 8000
    """
    import uvicorn

    from sekg.api import ServerSettings, create_app
    from sekg.graph.store import open_store

    settings = ServerSettings.from_env(store=store, query_timeout=timeout, max_rows=max_rows,
                                       workers=workers, cache_entries=cache_entries,
                                       in_memory=in_memory)
    # a missing build is one clear line, before uvicorn starts
    open_store(settings.store, in_memory=False)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    console.print(f"Serving {settings.store} (base {settings.base_uri}) — open "
                  f"http://{shown}:{port}/  (SPARQL: /sparql, query page: /query, API: /docs)",
                  markup=False)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info",
                proxy_headers=True, timeout_graceful_shutdown=5)


@app.command()
def viz(
    out: Annotated[Path, typer.Option("--out", help="The HTML file to write.")],
    view: Annotated[str, typer.Option(help="ecosystem, ego, theme, zone or gaps.")
                    ] = "ecosystem",
    key: Annotated[str | None, typer.Option(
        "--id", help="Organisation key (ego), theme or objective key (theme), zone number "
                     "(zone; without it, every zone as one node).")] = None,
    lang: Annotated[str, typer.Option(help="it or en.")] = "en",
    max_nodes: Annotated[int, typer.Option(help="Above this many actors, show groups.")] = 500,
    group_by: Annotated[str, typer.Option(help="Groups of a view too big to draw: zone or "
                                               "helix.")] = "zone",
    size_by: Annotated[str, typer.Option(help="Node size: degree or betweenness.")
                       ] = "degree",
    radius: Annotated[int, typer.Option(help="Ego view: 1 or 2 ties away.")] = 1,
    link_prefix: Annotated[str | None, typer.Option(
        help="Where a click on a node leads: this prefix replaces '{base}/id/' (e.g. "
             "http://127.0.0.1:8000/page/). Default: the entity's IRI.")] = None,
    plots: Annotated[bool, typer.Option(help="Show the coverage and mixing heatmaps.")] = True,
    store: StoreOption = None,
) -> None:
    """Write a network view as one self-contained HTML page (works offline).

    A view grouped by zone also gets one page per zone beside it (FILE-zone-N.html), opened
    by a click. Write it outside the build folder, which the next build replaces.
    Example: sekg viz --view ego --id ismel --out exports/ismel.html
    """
    from sekg.graph.analysis import gap_report, load_projections
    from sekg.graph.questions import resolve_store
    from sekg.viz import (
        Links,
        ViewOptions,
        build_view,
        gap_plots,
        load_vocabulary,
        render_page,
        write_page,
    )

    if out.suffix.lower() not in (".html", ".htm"):
        raise SekgError(f"--out '{out}' is not an HTML file name", hint="end it with .html")
    settings = Settings.from_env()
    graph = resolve_store(store)
    projections = load_projections(graph)
    by_zone = (view == "zone" and not key) or (
        view == "ecosystem" and group_by == "zone" and len(projections.actors) > max_nodes)
    links = Links(settings.base_uri, link_prefix,
                  f"{out.stem}-{{view}}-{{key}}.html" if by_zone else None)
    options = ViewOptions(lang=lang, size_by=size_by, max_nodes=max_nodes, group_by=group_by,
                          radius=radius, links=links)
    report = gap_report(graph)
    words = load_vocabulary(graph, lang)
    figures = gap_plots(report, lang) if plots else []
    built = build_view(view, projections, report, options, words, key)
    written = [write_page(render_page(built, figures), out)]
    if built.aggregated == "zone":
        for number in sorted(projections.zones):
            page = build_view("zone", projections, report, options, words, str(number))
            written.append(write_page(render_page(page, figures, [(built.title, out.name)]),
                                      out.with_name(f"{out.stem}-zone-{number}.html")))
    for path in written:
        err_console.print(f"wrote {path}", markup=False)
    console.print(f"{built.title}: {built.nodes} nodes, {built.edges} edges -> {out}",
                  markup=False)


def _curie(iri: str, base: str | None = None) -> str:
    """Shorten an IRI with the project's prefixes, for tables; with ``base``, the graph's own
    IRIs too, by their first path segment (``{base}/id/organisation/acsel`` as
    ``id:organisation/acsel``, ``{base}/graph/piano-2030`` as ``graph:piano-2030``).

    >>> _curie("http://www.w3.org/ns/org#Organization")
    'org:Organization'
    >>> _curie("https://example.org/kg/id/organisation/acsel", "https://example.org/kg")
    'id:organisation/acsel'
    """
    from sekg.ontology.namespaces import PREFIXES

    best = max(((p, ns) for p, ns in PREFIXES.items() if iri.startswith(ns)),
               key=lambda pn: len(pn[1]), default=None)
    if best:
        return f"{best[0]}:{iri[len(best[1]):]}"
    if base and iri.startswith(f"{base}/"):
        segment, sep, rest = iri[len(base) + 1:].partition("/")
        if sep and segment:
            return f"{segment}:{rest}"
    return iri


def main() -> None:
    """Entry point: run the app, turning known errors into one line and exit code 1, usage
    errors into click's usage message and exit code 2, Ctrl-C into exit code 130 and SIGTERM
    into 143."""
    with sigterm_as_interrupt():
        _run_app()


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Within it, SIGTERM raises KeyboardInterrupt in this process, as Ctrl-C does (see
    :func:`_terminate`), so that what runs cleans up on the way out: a build stops its
    children (the dumps' ``sort`` and ``awk`` with them) and removes its temporary folder. The
    caller's handler is back after it (a test, a notebook, the benchmarks' ``run_scale``)."""
    _state.update(pid=os.getpid(), terminated=False)
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run_app() -> None:
    try:
        # without standalone mode, Typer returns the exit code of a typer.Exit instead of
        # exiting, and recent Typer turns Ctrl-C into Exit(130)
        code = app(standalone_mode=False, prog_name="sekg")  # also under python -m
    except SekgError as exc:
        if _state["debug"]:
            raise
        # the message may quote the user's input: not rich markup
        err_console.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False,
                          soft_wrap=True)
        sys.exit(1)
    except (typer.Abort, KeyboardInterrupt):  # older Typer (click) raises Abort on Ctrl-C
        code = _INTERRUPTED
    except typer.Exit as exc:
        code = exc.exit_code
    except Exception as exc:  # click usage errors and the unexpected
        if isinstance(exc, _usage_errors()):
            sys.exit(_show_usage_error(exc))
        if _state["debug"]:
            raise
        err_console.print(f"[red]unexpected error:[/red] {type(exc).__name__}: "
                          f"{escape(str(exc))} "
                          "(run with --debug for the traceback, and please report it)")
        sys.exit(2)
    if code == _INTERRUPTED:
        # no promise about what was written: `sekg build` leaves the previous build as it
        # was, but `sekg load` may have replaced some graphs already, `sekg viz` some pages
        if _state["terminated"]:  # the KeyboardInterrupt came from _terminate
            code = _TERMINATED
        err_console.print(f"aborted ({'terminated' if _state['terminated'] else 'interrupted'})")
    sys.exit(code if isinstance(code, int) else 0)


#: the exit code of a command stopped by Ctrl-C (128 + SIGINT), as shells report it
_INTERRUPTED = 130
#: the exit code of a command stopped by SIGTERM (128 + SIGTERM)
_TERMINATED = 143


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM (kill, timeout(1), a cancelled CI job) stops a command as Ctrl-C does, so that it
    cleans up as it does then: `sekg build` stops its child processes (HermiT's JVM with them)
    and removes its temporary folder. Python's default was to end at once, leaving both.

    A forked child inherits this handler until it sets its own (see graph/forked.py): there,
    SIGTERM ends the child as it did before, without a KeyboardInterrupt's traceback.
    """
    if os.getpid() != _state["pid"]:
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    _state["terminated"] = True
    raise KeyboardInterrupt


def _usage_errors() -> tuple[type[Exception], ...]:
    """click's ``ClickException`` as Typer raises it. Recent Typer ships its own copy of click
    (``typer._click``, not public), older Typer uses click itself: both are caught, the first
    found from ``typer.BadParameter``, which every Typer exports."""
    found: set[type[Exception]] = {
        c for c in typer.BadParameter.__mro__
        if c.__name__ == "ClickException" and issubclass(c, Exception)}
    try:
        import click
    except ImportError:  # only Typer's copy
        pass
    else:
        found.add(click.ClickException)
    return tuple(found)


def _show_usage_error(exc: Exception) -> int:
    """Print a usage error as click does (usage line, hint, message); return its exit code. A
    command group called without a command (``NoArgsIsHelpError``, click >= 8.2) shows its
    help on stdout and succeeds, as ``--help`` does."""
    if type(exc).__name__ == "NoArgsIsHelpError":
        sys.stdout.write(exc.format_message())  # type: ignore[attr-defined]
        return 0
    exc.show()  # type: ignore[attr-defined]
    return int(getattr(exc, "exit_code", 2))


if __name__ == "__main__":
    main()
