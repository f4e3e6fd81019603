"""``vsgraph demo``: the main job, run on the bundled grocery portfolio."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from vsgraph.cli.common import EXIT_PROBLEM_FOUND, hours_per_day_option, reports_errors
from vsgraph.cli.tables import is_terminal, output_width, render_for_people, wrap_lines
from vsgraph.durations import working_time
from vsgraph.errors import ReasoningError
from vsgraph.examples import example_path
from vsgraph.portfolio import Portfolio, load
from vsgraph.query_catalog.queries import get_query
from vsgraph.query_catalog.summary import kind_name, summarize
from vsgraph.report import write_report
from vsgraph.report.answers import main_questions

#: The exports the demo writes, by file name.
DEMO_EXPORTS = ("grocery.ttl", "grocery.jsonld", "grocery.trig")
#: The report's file name.
DEMO_REPORT = "report.html"


@click.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("vsgraph-demo"),
    show_default=True,
    help="Folder for the exports and the report.",
)
@hours_per_day_option
@reports_errors
def demo(out_dir: Path, hours_per_day: float) -> None:
    """Run the main job on the bundled grocery portfolio.

    The answers are tables for people (labels, not IRIs), fitted to the terminal; `vsgraph
    query NAME --format csv` gives any of them with IRIs and raw numbers.

    Loads it from its YAML source, counts what it holds, validates it against the
    modelling rules, checks it with the HermiT reasoner, answers the main portfolio
    questions, exports it as linked data and writes the HTML report into --out.

    Without Java the reasoning step is skipped with a warning on stderr and every other
    step runs. Exits 0 when the example conforms and is consistent, 1 when it is not.

    Example: vsgraph demo --out /tmp/grocery-demo
    """
    source = example_path(suffix=".yaml")
    width = output_width()

    def say(text: str = "") -> None:
        click.echo(wrap_lines(text, width))

    portfolio = load(source)
    say(f"Loaded the grocery example ({source.name}): {len(portfolio)} triples")
    for kind, count in summarize(portfolio).items():
        say(f"{count:>6}  {kind_name(kind, count)}")

    say("\n== Validation against the modelling rules")
    report = portfolio.validate()
    click.echo(wrap_lines(report.to_text(), width), nl=False)
    inconsistent = _found_inconsistent(portfolio, say)

    names = main_questions()
    styled = is_terminal()
    for name, table in zip(names, portfolio.run_queries(names), strict=True):
        say(f"\n== {get_query(name).question}")
        click.echo(render_for_people(table, portfolio, width=width, styled=styled, working=working_time(hours_per_day)))

    say("\n== Exports")
    for file_name in DEMO_EXPORTS:
        result = portfolio.export(out_dir / file_name)
        # Lines that name files are not wrapped: a path stays whole, to be copied.
        click.echo(f"wrote {', '.join(str(p) for p in result.paths)} ({result.statements} statements)")

    say("\n== Report")
    report_path = write_report(portfolio, out_dir / DEMO_REPORT, hours_per_day=hours_per_day)
    click.echo(f"wrote {report_path}: open it in a browser")
    say("(the portfolio map, the value-stream maps, the KPIs and the findings)")

    if not report.conforms or inconsistent:
        raise SystemExit(EXIT_PROBLEM_FOUND)


def _found_inconsistent(portfolio: Portfolio, say: Callable[[str], None]) -> bool:
    """The reasoning step: whether HermiT found the portfolio inconsistent.

    A reasoner that cannot run (no Java) skips the step with a one-line warning instead of
    ending the demo: the other steps, the exports and the report, need no Java.
    """
    try:
        consistency = portfolio.check_consistency()
    except ReasoningError as exc:
        one_line = " ".join(str(exc).split())
        click.echo(f"vsgraph: warning: the reasoning step was skipped: {one_line}", err=True)
        return False
    say(
        "HermiT: consistent with the vsgraph ontology."
        if consistency.consistent
        else f"HermiT: inconsistent with the ontology: {consistency.explanation}"
    )
    return not consistency.consistent
