"""The text of an authoring file (a YAML file, one CSV file of a folder), read safely.

Only regular files are opened: a FIFO would block the reader forever and ``/dev/zero``
never ends, so anything else is refused by its kind before a byte is read. The bytes must
be UTF-8, or UTF-16 or UTF-32 with a byte-order mark (YAML allows all three, and Excel's
"Unicode text" is UTF-16); anything else is refused at the line of the first bad byte
rather than guessed at, since a wrong guess silently changes every accented name.
"""

from __future__ import annotations

import codecs
import stat
from pathlib import Path

from vsgraph.errors import InputError

#: Byte-order marks, the UTF-32 ones first since they begin like UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


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
