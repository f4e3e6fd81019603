"""The example portfolios that ship with vsgraph."""

from __future__ import annotations

from pathlib import Path

from vsgraph.errors import ResourceError
from vsgraph.resources import resource_dir


def example_path(name: str = "grocery", suffix: str = ".ttl") -> Path:
    """Return the path of a bundled example, ``grocery`` by default."""
    path = resource_dir("examples") / f"{name}{suffix}"
    if not path.is_file():
        raise ResourceError(f"there is no bundled example {path.name}")
    return path
