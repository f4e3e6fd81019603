"""Hostile authoring input: every bad YAML file, workbook or CSV folder is refused with a
located error (file and line, or sheet, row and column), never a traceback, a silently
wrong graph, or unbounded memory and time.

Each case comes from a fuzzing campaign. Bombs and hangs run in a child process under an
address-space limit and a time cap (:func:`run_bounded`), so a regression fails the test
instead of taking the machine down.
"""

from __future__ import annotations

import csv
import os
import re
import resource
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import openpyxl
import pytest
from rdflib import Literal
from rdflib.namespace import XSD

import vsgraph
from tests.support.paths import DATA as TEST_DATA
from tests.support.paths import ROOT
from vsgraph.authoring import read_csv_folder, read_yaml
from vsgraph.authoring.sources import read_graph
from vsgraph.errors import AuthoringError, InputError, LimitError
from vsgraph.limits import InputLimits

DATA = TEST_DATA / "hostile" / "authoring"
BASE = "base: https://example.org/shop/\n"
MEMORY = 1 << 30  # bytes of address space a bounded child may use
TIMEOUT = 60  # seconds before a bounded child counts as hung, far beyond a normal run


def run_bounded(code: str, *args: str, exit_code: int = 0) -> subprocess.CompletedProcess[str]:
    """Run ``code`` (with ``args`` in ``sys.argv``) in a child Python limited to ``MEMORY``
    of address space and ``TIMEOUT`` seconds. A child that hangs, or ends with another exit
    code than ``exit_code`` (as one that runs out of memory does), fails the test."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    try:
        done = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(code), *args],
            cwd=ROOT,
            preexec_fn=limit,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"still running after {TIMEOUT} s")
    assert done.returncode == exit_code, done.stderr[-3000:]
    return done


def refused(kind: type[Exception], path: Path, *, limits: InputLimits | None = None):
    """Load ``path`` as vsgraph does (read, then write the graph); return the error raised."""
    fmt = "csv" if path.is_dir() else "xlsx" if path.suffix == ".xlsx" else "yaml"
    with pytest.raises(kind) as caught:
        read_graph(path, fmt, limits=limits or InputLimits())
    assert type(caught.value) is kind
    return caught.value


def located(error: Exception, path: Path, line: int) -> None:
    assert str(error).startswith(f"{path}:{line}: "), str(error)
    assert (error.path, error.line) == (path, line)


def write(tmp_path: Path, text: str | bytes, name: str = "portfolio.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


# --- YAML -----------------------------------------------------------------------------

METRIC = BASE + "metrics:\n  - id: m\n    name: Queue time\n    target: {target}\n"


@pytest.mark.parametrize(
    ("name", "text", "kind", "line", "message"),
    [
        (
            "impossible-date",
            BASE + "metrics:\n  - id: m\n    name: M\n    readings:\n      - date: 2026-02-30\n        value: 3\n",
            AuthoringError,
            6,
            "'2026-02-30' is not a real date",
        ),
        ("unhashable-key", BASE + "? [a, b]\n: 1\n", AuthoringError, 2, "a key must be a plain word, not a list or a mapping"),
        ("deep", BASE + "teams: " + "[" * 5000 + "]" * 5000 + "\n", LimitError, 2, "lists and mappings nest more than 100 deep"),
        ("long-int", METRIC.format(target="9" * 5000), LimitError, 5, "a number with more than 100 digits"),
        (
            "huge-exponent",
            METRIC.format(target="1e999999999"),
            LimitError,
            5,
            "key 'target': the target of a metric has more than 100 digits written out",
        ),
        (
            "infinite",
            METRIC.format(target=".inf"),
            AuthoringError,
            5,
            "key 'target': the target of a metric must be a finite number, not inf",
        ),
        ("not-a-number", METRIC.format(target=".nan"), AuthoringError, 5, "must be a finite number, not nan"),
        (
            "language",
            BASE + "language: en us\n",
            AuthoringError,
            2,
            "key 'language': language 'en us' is not a language tag such as en or en-GB",
        ),
        (
            "iri-unsafe-id",
            BASE + "teams:\n  - id: 'a:<b>'\n    name: T\n",
            AuthoringError,
            3,
            "key 'id': the id of a team 'a:<b>' is not a valid id",
        ),
        ("relative-base", "base: shop/\n", AuthoringError, 1, "key 'base': base 'shop/' is not an absolute IRI"),
        ("base-with-space", "base: https://example.org/my shop/\n", AuthoringError, 1, "is not an absolute IRI"),
        (
            "base-without-slash",
            "base: https://example.org/shop\n",
            AuthoringError,
            1,
            "base 'https://example.org/shop' must end in '/' or '#'",
        ),
        (
            "binary",
            BASE + "teams:\n  - id: t\n    name: !!binary aGVsbG8=\n",
            AuthoringError,
            4,
            "the tag '!!binary' is not allowed",
        ),
        (
            "python-tag",
            BASE + "teams:\n  - id: t\n    name: !!python/object:os.system {}\n",
            AuthoringError,
            4,
            "the tag '!!python/object:os.system' is not allowed",
        ),
        ("set", BASE + "teams: !!set {a, b}\n", AuthoringError, 2, "the tag '!!set' is not allowed"),
        ("local-tag", BASE + "teams: !team []\n", AuthoringError, 2, "the tag '!team' is not allowed"),
        (
            "control-character",
            BASE + 'teams:\n  - id: t\n    name: "\x01"\n',
            InputError,
            4,
            "not valid YAML: special characters are not allowed (U+0001)",
        ),
        (
            "alias",
            BASE + "customers:\n  - &c {id: c, name: C}\n  - *c\n",
            LimitError,
            4,
            "the alias *c repeats an anchored value; aliases are refused",
        ),
        ("duplicate-key", BASE + "teams:\n  - id: t\n    id: u\n", AuthoringError, 4, "key 'id' appears twice in one mapping"),
    ],
)
def test_hostile_yaml_is_refused_at_its_line(tmp_path, name, text, kind, line, message):
    path = write(tmp_path, text, f"{name}.yaml")
    error = refused(kind, path)
    located(error, path, line)
    assert message in str(error)


def test_latin1_yaml_is_refused_at_the_line_of_the_first_bad_byte(tmp_path):
    path = write(tmp_path, (BASE + "teams:\n  - id: t\n    name: Caf\xe9\n").encode("latin-1"))
    located(refused(InputError, path), path, 4)


def test_utf16_yaml_without_byte_order_mark_is_refused(tmp_path):
    path = write(tmp_path, (BASE + "teams: []\n").encode("utf-16-le"))
    error = refused(InputError, path)
    located(error, path, 1)
    assert "not UTF-8 text (UTF-16 without a byte-order mark?)" in str(error)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-8-sig"])
def test_yaml_with_a_byte_order_mark_loads(tmp_path, encoding):
    path = write(tmp_path, (BASE + "teams:\n  - id: t\n    name: Café\n").encode(encoding))
    assert Literal("Café", lang="en") in set(read_graph(path, "yaml").objects())


def test_a_large_number_in_exponent_form_loads_exactly(tmp_path):
    path = write(tmp_path, METRIC.format(target="1.0e+30"))
    targets = list(read_graph(path, "yaml").objects(None, vsgraph.VSG.targetValue))
    assert targets == [Literal("1" + "0" * 30, datatype=XSD.decimal)]


def test_a_value_longer_than_the_limit_is_refused_at_its_line(tmp_path):
    path = write(tmp_path, BASE + "teams:\n  - id: t\n    name: " + "x" * 200 + "\n")
    located(refused(LimitError, path, limits=InputLimits(max_literal_chars=100)), path, 4)


def test_aliases_load_when_the_limits_allow_them(tmp_path):
    path = write(tmp_path, BASE + "teams:\n  - {id: t, name: &n Cashiers}\n  - {id: u, name: *n}\n")
    refused(LimitError, path)
    model = read_yaml(path, limits=InputLimits(allow_yaml_aliases=True))
    assert [team.name for team in model.teams] == ["Cashiers", "Cashiers"]


def _alias_bomb(where: str) -> str:
    """A few hundred bytes that expand to about 400 million values, hung under ``where``."""
    levels = ["&a [" + ", ".join(["lol"] * 9) + "]"]
    for previous, anchor in zip("abcdefgh", "bcdefghi", strict=True):
        levels.append(f"&{anchor} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return BASE + where.format(bomb="[" + ", ".join(levels) + "]")


@pytest.mark.parametrize(
    "where",
    [
        "teams:\n  - id: t\n    name: {bomb}\n",
        "people:\n  - id: p\n    name: P\n    member_of: {bomb}\n",
        "metrics:\n  - id: m\n    name: M\n    target: {bomb}\n",
    ],
)
def test_alias_bombs_cost_neither_memory_nor_a_huge_message(tmp_path, where):
    path = write(tmp_path, _alias_bomb(where))
    assert len(path.read_bytes()) < 600
    out = run_bounded(f"""
        from vsgraph.authoring.sources import read_graph
        from vsgraph.errors import InputError, LimitError
        from vsgraph.limits import InputLimits
        for limits in (InputLimits(), InputLimits(allow_yaml_aliases=True)):
            try:
                read_graph({str(path)!r}, "yaml", limits=limits)
            except InputError as exc:
                print(type(exc).__name__, len(str(exc)), exc.line)
        """).stdout
    refused_outright, allowed = out.splitlines()
    alias_line = path.read_text(encoding="utf-8").count("\n", 0, path.read_text().index("*a")) + 1
    assert refused_outright.startswith("LimitError") and refused_outright.endswith(f" {alias_line}")
    kind, length, _ = allowed.split()
    assert kind == "AuthoringError" and int(length) < 400


# --- CSV folders ------------------------------------------------------------------------


def csv_folder(tmp_path: Path, **tables: list[list[str]]) -> Path:
    """A small valid CSV portfolio, with ``tables`` replacing or adding sheets."""
    folder = tmp_path / "shop"
    folder.mkdir()
    sheets = {
        "portfolio": [["base"], ["https://example.org/shop/"]],
        "teams": [["id", "name"], ["cashiers", "Cashiers"]],
        "customers": [["id", "name"], ["shopper", "Shopper"]],
        "value_streams": [["id", "name", "kind"], ["checkout", "Check-out", "operational"]],
        "steps": [["value_stream", "name", "team", "pcta"], ["checkout", "Scan", "cashiers", "80%"]],
    } | tables
    for sheet, rows in sheets.items():
        with (folder / f"{sheet}.csv").open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    return folder


def test_csv_folder_reads_a_percentage_written_with_its_sign(tmp_path):
    graph = read_graph(csv_folder(tmp_path), "csv")
    assert [str(v) for v in graph.objects(None, vsgraph.VSG.percentCompleteAccurate)] == ["80"]


def test_latin1_csv_is_refused_at_its_line(tmp_path):
    folder = csv_folder(tmp_path)
    (folder / "teams.csv").write_bytes("id,name\ncashiers,Caf\xe9\n".encode("latin-1"))
    error = refused(InputError, folder)
    located(error, folder / "teams.csv", 2)
    assert "not UTF-8 text (byte 0xe9): save the file as UTF-8" in str(error)


def test_a_field_longer_than_the_csv_module_allows_loads(tmp_path):
    """The csv module refuses fields over 131,072 characters unless told otherwise."""
    folder = csv_folder(tmp_path, teams=[["id", "name"], ["cashiers", "C" * 200_000]])
    assert len(read_csv_folder(folder).teams[0].name) == 200_000


def test_a_field_longer_than_the_limit_is_refused_at_its_line(tmp_path):
    folder = csv_folder(tmp_path, teams=[["id", "name"], ["t", "T"], ["cashiers", "C" * 500]])
    error = refused(LimitError, folder, limits=InputLimits(max_literal_chars=100))
    located(error, folder / "teams.csv", 3)


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        (InputLimits(max_rows=2), "more than 2 rows"),
        (InputLimits(max_columns=4), "more than 4 columns"),
    ],
)
def test_csv_rows_and_columns_are_bounded(tmp_path, limits, message):
    folder = csv_folder(tmp_path, teams=[["id", "name", "unit_of", "x", "y"], ["a", "A"], ["b", "B"]])
    error = refused(LimitError, folder, limits=limits)
    assert str(error).startswith(f"{folder / 'teams.csv'}:") and message in str(error)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("teams.csv", "teams.csv: not a regular file (a folder, a pipe or a device)"),
        ("x.csv", "unknown sheet 'x'"),
    ],
)
def test_a_folder_named_like_a_csv_file_is_refused(tmp_path, entry, message):
    folder = csv_folder(tmp_path)
    (folder / entry).unlink(missing_ok=True)
    (folder / entry).mkdir()
    assert message in str(refused(InputError, folder))


def test_a_dangling_link_is_refused_by_name(tmp_path):
    folder = csv_folder(tmp_path)
    (folder / "people.csv").symlink_to(tmp_path / "nowhere.csv")
    error = refused(InputError, folder)
    assert str(error) == f"{folder / 'people.csv'}: cannot read: a link to a missing file"


def test_a_pipe_named_like_a_csv_file_is_refused_without_blocking(tmp_path):
    folder = csv_folder(tmp_path)
    os.mkfifo(folder / "people.csv")
    out = run_bounded(f"""
        from vsgraph.authoring import read_csv_folder
        from vsgraph.errors import InputError
        try:
            read_csv_folder({str(folder)!r})
        except InputError as exc:
            print(exc)
        """).stdout
    assert out.strip() == f"{folder / 'people.csv'}: not a regular file (a folder, a pipe or a device)"


def test_a_nul_byte_is_refused_at_its_line(tmp_path):
    folder = csv_folder(tmp_path)
    (folder / "teams.csv").write_bytes(b"id,name\ncash\0iers,C\n")
    located(refused(InputError, folder), folder / "teams.csv", 2)


def test_a_value_without_a_delivered_to_column_loads(tmp_path):
    folder = csv_folder(
        tmp_path, value_streams=[["id", "name", "kind", "value"], ["checkout", "Check-out", "operational", "Paid"]]
    )
    assert read_csv_folder(folder).value_streams[0].value.name == "Paid"


@pytest.mark.parametrize(
    ("tables", "cell", "kind", "message"),
    [
        (
            {"steps": [["value_stream", "name", "pcta"], ["checkout", "Scan", "1e999999999"]]},
            "sheet 'steps', row 2, column C (pcta)",
            LimitError,
            "has more than 100 digits written out",
        ),
        (
            {"steps": [["value_stream", "name", "pcta"], ["checkout", "Scan", "NaN"]]},
            "sheet 'steps', row 2, column C (pcta)",
            AuthoringError,
            "must be a finite number",
        ),
        (
            {"portfolio": [["base"], ["https://example.org/shop"]]},
            "sheet 'portfolio', row 2, column A (base)",
            AuthoringError,
            "must end in '/' or '#'",
        ),
        (
            {"teams": [["id", "name", "name"], ["t", "T", "U"]]},
            "sheet 'teams', column C",
            AuthoringError,
            "the column 'name' appears twice (also column B)",
        ),
    ],
)
def test_bad_csv_values_are_refused_at_their_cell(tmp_path, tables, cell, kind, message):
    folder = csv_folder(tmp_path, **tables)
    error = refused(kind, folder)
    assert str(error).startswith(f"{folder}: {cell}: ") and message in str(error)


# --- XLSX workbooks -----------------------------------------------------------------------

STEPS = "xl/worksheets/sheet5.xml"  # the steps sheet of ``workbook``


def workbook(tmp_path: Path, name: str = "shop.xlsx") -> Path:
    """A small valid workbook whose steps sheet holds D2 = 0.8 shown as 80%."""
    book = openpyxl.Workbook()
    book.active.title = "portfolio"
    rows = {
        "portfolio": [["base"], ["https://example.org/shop/"]],
        "teams": [["id", "name"], ["cashiers", "Cashiers"]],
        "customers": [["id", "name"], ["shopper", "Shopper"]],
        "value_streams": [["id", "name", "kind"], ["checkout", "Check-out", "operational"]],
        "steps": [["value_stream", "name", "team", "pcta"], ["checkout", "Scan", "cashiers", 0.8]],
    }
    for sheet, table in rows.items():
        worksheet = book[sheet] if sheet in book.sheetnames else book.create_sheet(sheet)
        for row in table:
            worksheet.append(row)
    book["steps"]["D2"].number_format = "0%"
    path = tmp_path / name
    book.save(path)
    return path


def rewritten(path: Path, part: str, change, name: str = "hostile.xlsx") -> Path:
    """A copy of the workbook at ``path`` with ``change(bytes)`` applied to one part."""
    target = path.with_name(name)
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info.filename)
            out.writestr(info.filename, change(data) if info.filename == part else data)
    return target


def with_cell(path: Path, coordinate: str, xml: str) -> Path:
    """The workbook with the cell at ``coordinate`` of the steps sheet replaced by ``xml``."""
    pattern = re.compile(rf'<c r="{coordinate}"[^>]*>.*?</c>'.encode())
    return rewritten(path, STEPS, lambda data: pattern.sub(xml.encode(), data, count=1))


def test_a_percentage_cell_is_read_as_shown(tmp_path):
    graph = read_graph(workbook(tmp_path), "xlsx")
    assert [str(v) for v in graph.objects(None, vsgraph.VSG.percentCompleteAccurate)] == ["80"]


@pytest.mark.parametrize(
    ("xml", "kind", "message"),
    [
        ('<c r="D2" t="b"><v>x</v></c>', InputError, "cannot read this cell"),
        ('<c r="D2" t="s"><v>99999</v></c>', InputError, "cannot read this cell"),
        ('<c r="D2" t="d"><v>yesterday</v></c>', InputError, "cannot read this cell"),
        ('<c r="D2" t="n"><v>' + "9" * 5000 + "</v></c>", LimitError, "a number with more than 100 digits"),
        ('<c r="D2"><v>1e999</v></c>', AuthoringError, "must be a finite number"),
        ('<c r="D2"><f>B2*2</f></c>', AuthoringError, "holds a formula whose result was never saved"),
        ('<c r="D2" t="e"><v>#DIV/0!</v></c>', AuthoringError, "holds the Excel error '#DIV/0!'"),
    ],
)
def test_a_bad_cell_is_refused_at_its_cell(tmp_path, xml, kind, message):
    path = with_cell(workbook(tmp_path), "D2", xml)
    error = refused(kind, path)
    assert str(error).startswith(f"{path}: sheet 'steps', row 2, column D"), str(error)
    assert message in str(error)


def test_a_formula_with_its_saved_result_is_read_as_the_result(tmp_path):
    path = with_cell(workbook(tmp_path), "D2", '<c r="D2"><f>40+40</f><v>80</v></c>')
    graph = read_graph(path, "xlsx")
    assert [str(v) for v in graph.objects(None, vsgraph.VSG.percentCompleteAccurate)] == ["80"]


def test_a_truncated_sheet_is_refused_naming_the_sheet(tmp_path):
    path = rewritten(workbook(tmp_path), STEPS, lambda data: data[: data.index(b'<row r="2"') + 40])
    error = refused(InputError, path)
    assert str(error).startswith(f"{path}: sheet 'steps', row 2: cannot read the sheet from this row on")


def test_a_corrupt_deflate_stream_is_refused_naming_the_sheet(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "teams"
    book.active.append(["id", "name"])
    for number in range(3000):
        book.active.append([f"team-{number}", f"Team {number} {number * 7919 % 10007}"])
    path = tmp_path / "corrupt.xlsx"
    book.save(path)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        sheet = archive.getinfo("xl/worksheets/sheet1.xml")
    start = sheet.header_offset + 30 + len(sheet.filename) + len(sheet.extra)
    for offset in range(start + sheet.compress_size - 400, start + sheet.compress_size - 300):
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))
    error = refused(InputError, path)
    assert str(error).startswith(f"{path}: sheet 'teams', row ")
    assert "cannot read the sheet from this row on" in str(error)


@pytest.mark.parametrize(
    ("row", "kind", "message"),
    [
        (
            '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>',
            LimitError,
            "sheet 'teams', row 1048576, column A: the sheet has more than 1000000 rows (raise InputLimits.max_rows to allow it)",
        ),
        (
            '<row r="3"><c r="XFD3" t="inlineStr"><is><t>x</t></is></c></row>',
            LimitError,
            "sheet 'teams', row 3, column XFD: the sheet has more than 200 columns (raise InputLimits.max_columns to allow it)",
        ),
        (
            '<row r="1"><c r="C1" t="inlineStr"><is><t>x</t></is></c></row>',
            InputError,
            "sheet 'teams', row 1: comes after row 2: the rows of the sheet are out of order",
        ),
    ],
)
def test_rows_and_cells_beyond_the_limits_are_refused_where_they_are(tmp_path, row, kind, message):
    path = rewritten(
        workbook(tmp_path), "xl/worksheets/sheet2.xml", lambda data: data.replace(b"</sheetData>", row.encode() + b"</sheetData>")
    )
    assert str(refused(kind, path)) == f"{path}: {message}"


def test_a_sheet_claiming_the_largest_dimension_reads_in_no_time(tmp_path):
    """openpyxl pads every row up to the claimed dimension: a million rows of sixteen
    thousand cells to look through, for a sheet that holds three rows."""
    far = (
        '<row r="1000000"><c r="A1000000" t="inlineStr"><is><t>far</t></is></c>'
        '<c r="B1000000" t="inlineStr"><is><t>Far team</t></is></c></row></sheetData>'
    )

    def claim(data: bytes) -> bytes:
        data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', data)
        return data.replace(b"</sheetData>", far.encode())

    path = rewritten(workbook(tmp_path), "xl/worksheets/sheet2.xml", claim)
    out = run_bounded(f"""
        import time
        from vsgraph.authoring import read_workbook
        started = time.monotonic()
        teams = read_workbook({str(path)!r}).teams
        print(",".join(team.id for team in teams), time.monotonic() - started)
        """).stdout
    teams, seconds = out.split()
    assert teams == "cashiers,far" and float(seconds) < 10


def test_a_zip_bomb_part_is_refused_before_it_is_unpacked(tmp_path):
    """A sheet padded with a long XML comment packs tiny and takes openpyxl ages to read."""
    comment = b"<!--" + b"a" * 20_000_000 + b"--></sheetData>"
    path = rewritten(workbook(tmp_path), "xl/worksheets/sheet2.xml", lambda data: data.replace(b"</sheetData>", comment))
    assert path.stat().st_size < 100_000
    error = refused(LimitError, path)
    assert str(error) == (
        f"{path}: the workbook part 'xl/worksheets/sheet2.xml' unpacks to more "
        "than 100 times its packed size, as a zip bomb does (raise "
        "InputLimits.max_workbook_compression_ratio to allow it)"
    )


def test_a_part_larger_than_the_limit_is_refused(tmp_path):
    path = workbook(tmp_path)
    error = refused(LimitError, path, limits=InputLimits(max_workbook_part_bytes=2000))
    assert "the workbook part" in str(error) and "unpacks to more than 2000 bytes" in str(error)


def test_a_damaged_workbook_is_one_located_error(tmp_path):
    path = rewritten(workbook(tmp_path), "xl/workbook.xml", lambda data: data[:50])
    assert str(refused(InputError, path)).startswith(f"{path}: cannot read as an XLSX workbook: ")


# --- through the command line -------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.yaml")))
def test_the_cli_reports_hostile_files_in_one_line_and_exit_2(name):
    done = run_bounded("from vsgraph.cli import main; main()", "summary", str(DATA / name), exit_code=2)
    assert done.stdout == "" and done.stderr.count("\n") == 1
    assert f"{DATA / name}:" in done.stderr
