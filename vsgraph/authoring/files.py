"""The text of an authoring file (a YAML file, one CSV file of a folder), read safely, and
the records of a CSV file within the input limits.

Only regular files are opened: a FIFO would block the reader forever and ``/dev/zero``
never ends, so anything else is refused by its kind before a byte is read. The bytes must
be UTF-8, or UTF-16 or UTF-32 with a byte-order mark (YAML allows all three, and Excel's
"Unicode text" is UTF-16); anything else is refused at the line of the first bad byte
rather than guessed at, since a wrong guess silently changes every accented name.
"""

from __future__ import annotations

import codecs
import csv
import io
import stat
import threading
from pathlib import Path

from vsgraph.errors import InputError, LimitError
from vsgraph.limits import InputLimits, quoted

#: The csv module's field size limit is one setting for the whole process: one reader at a
#: time sets it.
_CSV_FIELD_LIMIT = threading.Lock()

#: Byte-order marks, the UTF-32 ones first since they begin like UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def csv_records(path: Path, limits: InputLimits) -> list[tuple[int, int, list[str]]]:
    """The records of the CSV file at ``path``: ``(record number from 1, line, cells)``.

    Refuses, naming the file and line, more rows or columns than ``limits`` allow
    (:class:`LimitError`), a value longer than ``limits.max_literal_chars`` (the csv
    module's field limit, set for this read) and text that is not CSV (:class:`InputError`).
    All records are read at once: the field limit is set under a lock, which must not be
    held while a caller works through the records.
    """
    reader = csv.reader(io.StringIO(read_text(path), newline=""))
    records: list[tuple[int, int, list[str]]] = []
    try:
        with _CSV_FIELD_LIMIT:
            previous = csv.field_size_limit(limits.max_literal_chars)
            try:
                for number, record in enumerate(reader, start=1):
                    if number > limits.max_rows:
                        raise LimitError(
                            f"more than {limits.max_rows} rows (raise InputLimits.max_rows to allow it)",
                            path=path,
                            line=reader.line_num,
                        )
                    if len(record) > limits.max_columns:
                        raise LimitError(
                            f"more than {limits.max_columns} columns (raise InputLimits.max_columns to allow it)",
                            path=path,
                            line=reader.line_num,
                        )
                    records.append((number, reader.line_num, record))
            finally:
                csv.field_size_limit(previous)
    except csv.Error as exc:
        if "field limit" in str(exc):
            raise LimitError(
                f"a value longer than {limits.max_literal_chars} characters (raise InputLimits.max_literal_chars to allow it)",
                path=path,
                line=reader.line_num,
            ) from exc
        raise InputError(f"not valid CSV: {quoted(str(exc), limits)}", path=path, line=reader.line_num) from exc
    return records


def read_text(path: Path) -> str:
    """The decoded text of the regular file at ``path``; a located :class:`InputError` if none."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise InputError("not a regular file (a folder, a pipe or a device)", path=path)
        data = path.read_bytes()
    except FileNotFoundError as exc:
        missing = "a link to a missing file" if path.is_symlink() else "no such file"
        raise InputError(f"cannot read: {missing}", path=path) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=path) from exc
    return _decoded(data, path)


def _decoded(data: bytes, path: Path) -> str:
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), "utf-8")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].decode(encoding, errors="replace").count("\n") + 1
        raise InputError(
            f"not {encoding.upper().removesuffix('-SIG')} text (byte {data[exc.start]:#04x}): save the file as UTF-8",
            path=path,
            line=line,
        ) from exc
    if "\0" in text:
        raise InputError(
            "holds NUL characters, so it is not UTF-8 text (UTF-16 without a byte-order mark?): save the file as UTF-8",
            path=path,
            line=text[: text.index("\0")].count("\n") + 1,
        )
    return text
