"""`vsgraph export` to and from the authoring formats: YAML, XLSX workbooks, CSV folders."""

from __future__ import annotations

import openpyxl
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

import vsgraph
from vsgraph.authoring import read_yaml
from vsgraph.errors import PublishError
from vsgraph.examples import example_path

GROCERY_YAML = example_path(suffix=".yaml")


def _export(run_cli, *args) -> str:
    result = run_cli("export", *args)
    assert result.exit_code == 0, result.output
    return result.output


def test_yaml_to_a_workbook_and_back_gives_the_same_graph(run_cli, tmp_path, grocery):
    workbook, yaml_again = tmp_path / "grocery.xlsx", tmp_path / "grocery.yaml"
    assert f"wrote {workbook} (xlsx, " in _export(run_cli, GROCERY_YAML, "--to", workbook)
    assert openpyxl.load_workbook(workbook)["steps"]["A1"].comment is not None  # the template's layout
    assert f"wrote {yaml_again} (yaml, " in _export(run_cli, workbook, "--to", yaml_again)
    assert isomorphic(vsgraph.load(yaml_again).graph, grocery.graph)
    assert isomorphic(vsgraph.load(yaml_again).graph, vsgraph.load(GROCERY_YAML).graph)


def test_yaml_to_a_csv_folder_and_back_gives_the_same_graph(run_cli, tmp_path, grocery):
    folder, yaml_again = tmp_path / "grocery", tmp_path / "grocery.yaml"
    assert "(csv, " in _export(run_cli, GROCERY_YAML, "--to", f"{folder}/")
    assert (folder / "steps.csv").is_file() and (folder / "portfolio.csv").is_file()
    _export(run_cli, folder, "--to", yaml_again)
    assert isomorphic(vsgraph.load(yaml_again).graph, grocery.graph)


def test_the_format_option_wins_over_the_name(run_cli, tmp_path, grocery):
    odd = tmp_path / "grocery.txt"
    _export(run_cli, example_path(suffix=".ttl"), "--to", odd, "--format", "yaml")
    assert read_yaml(odd).base == "https://example.org/grocery/"
    assert isomorphic(vsgraph.load(odd, input_format="yaml").graph, grocery.graph)


def test_turtle_becomes_yaml_and_unkeyed_statements_are_counted(run_cli, tmp_path):
    source = tmp_path / "extra.ttl"
    extra = "<https://example.org/grocery/checkout> <http://purl.org/dc/terms/source> <https://example.org/wiki> .\n"
    source.write_text(example_path(suffix=".ttl").read_text(encoding="utf-8") + extra, encoding="utf-8")
    result = run_cli("export", source, "--to", tmp_path / "out.yaml")
    assert result.exit_code == 0, result.output
    assert "left out 1 statement the yaml format has no key for" in result.output


def test_the_python_api_exports_every_authoring_format(tmp_path, grocery):
    for name, fmt in (("g.yaml", None), ("g.xlsx", None), ("g", "csv")):
        result = grocery.export(tmp_path / name, format=fmt) if fmt else grocery.export(tmp_path / name)
        assert result.paths == [tmp_path / name] and result.format == (fmt or name.split(".")[1])
        assert isomorphic(vsgraph.load(tmp_path / name).graph, grocery.graph)
    with pytest.raises(PublishError, match="with_ontology apply to linked data, not to yaml"):
        grocery.export(tmp_path / "other.yaml", with_ontology=True)


def test_the_module_level_export_writes_the_authoring_formats_too(tmp_path, grocery):
    for name in ("top.xlsx", "top.yaml"):
        result = vsgraph.export(grocery, tmp_path / name)
        assert result.paths == [tmp_path / name]
        assert isomorphic(vsgraph.load(tmp_path / name).graph, grocery.graph)


def test_a_name_whose_format_is_unknown_lists_what_export_writes(run_cli, tmp_path):
    """The old message listed the input formats (xlsx among them) as if export wrote them."""
    result = run_cli("export", GROCERY_YAML, "--to", tmp_path / "grocery.csv")
    assert result.exit_code == 2
    assert f"vsgraph: error: {tmp_path / 'grocery.csv'}: cannot tell the format to write from '.csv'" in result.output
    assert "a folder ending in / for CSV files" in result.output
    assert "unknown format" not in result.output


def test_linked_data_options_are_refused_for_authoring_formats(run_cli, tmp_path):
    result = run_cli("export", GROCERY_YAML, "--to", tmp_path / "g.xlsx", "--with-ontology")
    assert result.exit_code == 2
    assert "--with-ontology applies only to linked data, not to xlsx" in result.output
    assert not (tmp_path / "g.xlsx").exists()
    result = run_cli("export", GROCERY_YAML, "--to", "-", "--format", "xlsx")
    assert result.exit_code == 2 and "write xlsx to a file or folder" in result.output


def test_an_authoring_export_replaces_nothing_it_must_not(run_cli, tmp_path):
    """Through vsgraph.safe_write: a symbolic link is refused and its target kept."""
    kept = tmp_path / "kept.yaml"
    kept.write_text("mine", encoding="utf-8")
    (tmp_path / "link.yaml").symlink_to(kept)
    result = run_cli("export", GROCERY_YAML, "--to", tmp_path / "link.yaml")
    assert result.exit_code == 2 and "symbolic link" in result.output
    assert kept.read_text(encoding="utf-8") == "mine"


def test_linked_data_export_still_works(run_cli, tmp_path, grocery):
    _export(run_cli, GROCERY_YAML, "--to", tmp_path / "g.nt", "--no-provenance")
    assert isomorphic(Graph().parse(tmp_path / "g.nt"), grocery.graph)
