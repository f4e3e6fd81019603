"""Malformed and hostile exchange files: each one is refused with an error that names the
file and the line, before any of it is mapped, and the CLI says so in one line, exit 2.
Nothing is fetched and no entity is expanded."""

from __future__ import annotations

from pathlib import Path

import pytest

import vsgraph
from tests.support.paths import DATA
from vsgraph.archimate import read_archimate
from vsgraph.limits import InputLimits

HOSTILE = DATA / "archimate" / "hostile"

CASES = [
    ("bad-xml.xml", vsgraph.InputError, 7, "not well-formed XML"),
    ("entity-bomb.xml", vsgraph.LimitError, 3, "declares XML entities"),
    ("external-entity.xml", vsgraph.LimitError, 3, "declares XML entities"),
    ("external-dtd.xml", vsgraph.InputError, 2, "has a DOCTYPE"),
    ("unknown-ref.xml", vsgraph.InputError, 8, "refers to 'nowhere'"),
    ("unknown-property.xml", vsgraph.InputError, 8, "property definition 'missing'"),
    ("duplicate-id.xml", vsgraph.InputError, 6, "used twice"),
    ("no-type.xml", vsgraph.InputError, 5, "no xsi:type"),
]


@pytest.mark.parametrize(("name", "error", "line", "message"), CASES)
def test_refused_with_file_and_line(name: str, error: type[Exception], line: int, message: str, no_network) -> None:
    path = HOSTILE / name
    with pytest.raises(error, match=message) as caught:
        vsgraph.load(path)  # detected as an exchange file by its content
    assert caught.value.path == path and caught.value.line == line
    assert str(caught.value).startswith(f"{path}:{line}: ")


@pytest.mark.parametrize(("name", "error", "line", "message"), CASES)
def test_the_cli_says_it_in_one_line_with_exit_2(
    run_cli, name: str, error: type[Exception], line: int, message: str, no_network
) -> None:
    path = HOSTILE / name
    result = run_cli("summary", path, "--input-format", "archimate")
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and f"{path}:{line}: " in lines[0] and message in lines[0]
    assert "Traceback" not in result.output


def test_no_entity_text_reaches_the_portfolio(no_network) -> None:
    """The external entity names /etc/passwd: nothing of it may be read, even in an error."""
    with pytest.raises(vsgraph.LimitError) as caught:
        read_archimate(HOSTILE / "external-entity.xml")
    assert "root:" not in str(caught.value)


def test_limits_apply_to_exchange_files(tmp_path: Path) -> None:
    path = tmp_path / "deep.xml"
    path.write_text(
        '<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" identifier="m"><name>'
        + "<x>" * 30
        + "</x>" * 30
        + "</name></model>",
        encoding="utf-8",
    )
    with pytest.raises(vsgraph.LimitError, match="nest deeper than 10"):
        vsgraph.load(path, limits=InputLimits(max_depth=10))


def test_a_file_of_another_root_is_refused_when_named_archimate(tmp_path: Path) -> None:
    path = tmp_path / "other.xml"
    path.write_text("<?xml version='1.0'?>\n<notamodel/>\n", encoding="utf-8")
    with pytest.raises(vsgraph.InputError, match="not an ArchiMate exchange file") as caught:
        vsgraph.load(path, input_format="archimate")
    assert caught.value.line == 2


def test_undeclared_encoding_errors_name_the_line(tmp_path: Path) -> None:
    """windows-1252 bytes in a file that declares no encoding (so UTF-8) are an error, not mojibake."""
    path = tmp_path / "latin.xml"
    path.write_bytes(
        b'<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" identifier="m">\n<name>Caf\xe9</name>\n</model>\n'
    )
    with pytest.raises(vsgraph.InputError, match="not well-formed XML") as caught:
        vsgraph.load(path)
    assert caught.value.line == 2


def test_a_property_that_needs_an_iri_says_where(tmp_path: Path) -> None:
    path = tmp_path / "status.xml"
    path.write_text(
        '<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="m">\n'
        "<name>m</name><elements>\n"
        '<element identifier="w" xsi:type="WorkPackage"><name>W</name><properties>'
        '<property propertyDefinitionRef="p"><value>not an iri</value></property></properties></element>\n'
        '</elements><propertyDefinitions><propertyDefinition identifier="p" type="string"><name>vsg:hasStatus</name>'
        "</propertyDefinition></propertyDefinitions></model>\n",
        encoding="utf-8",
    )
    with pytest.raises(vsgraph.InputError, match="needs an IRI") as caught:
        vsgraph.load(path)
    assert caught.value.line == 3
