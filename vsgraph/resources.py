"""Where the files that ship with vsgraph live.

The ontology, shapes and queries sit at the top of the repository, and the wheel copies
them into ``vsgraph/resources/``. This module finds them in either layout, so that an
editable checkout and an installed wheel behave the same.
"""

from __future__ import annotations

from pathlib import Path

from vsgraph.errors import ResourceError

_PACKAGE_DIR = Path(__file__).resolve().parent
_KINDS = ("ontology", "shapes", "queries", "examples", "schemas")


def resource_dir(kind: str) -> Path:
    """Return the bundled ``ontology``, ``shapes``, ``queries``, ``examples`` or ``schemas`` directory."""
    if kind not in _KINDS:
        raise ValueError(f"unknown resource kind {kind!r}; expected one of {', '.join(_KINDS)}")
    for candidate in (_PACKAGE_DIR / "resources" / kind, _PACKAGE_DIR.parent / kind):
        if candidate.is_dir():
            return candidate
    raise ResourceError(
        f"the bundled {kind} directory is missing: looked in {_PACKAGE_DIR / 'resources' / kind} "
        f"and {_PACKAGE_DIR.parent / kind}; reinstall vsgraph"
    )
