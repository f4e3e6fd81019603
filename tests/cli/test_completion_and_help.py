"""Shell completion of catalog names, and a command list that does not cut summaries."""

from __future__ import annotations

from click.shell_completion import ShellComplete

from vsgraph.cli import main
from vsgraph.query_catalog.queries import catalog


def _complete(args: list[str], incomplete: str) -> list[str]:
    return [item.value for item in ShellComplete(main, {}, "vsgraph", "_VSGRAPH_COMPLETE").get_completions(args, incomplete)]


def test_query_completes_catalog_names() -> None:
    assert _complete(["query"], "hand") == ["hand-offs"]
    assert set(_complete(["query"], "flow-")) == {query.name for query in catalog() if query.name.startswith("flow-")}
    assert set(_complete(["query"], "")) == {query.name for query in catalog()}
    assert _complete(["query"], "no-such") == []


def test_commands_complete() -> None:
    assert "query" in _complete([], "qu")


def test_help_shows_whole_summaries(run_cli) -> None:
    output = run_cli("--help").output
    assert "..." not in output.split("Commands:")[1].replace("FILE...", "")
    assert "RDF/XML, TriG, N-Quads) or as an ArchiMate exchange file" in " ".join(output.split())
    assert "--quiet" in output


def test_store_and_flow_help_show_whole_summaries(run_cli) -> None:
    for group in ("store", "flow"):
        output = run_cli(group, "--help").output
        assert "..." not in output.split("Commands:")[1].replace("FILE...", ""), group
