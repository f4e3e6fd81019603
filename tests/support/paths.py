"""Where the repository and the tests' fixture data are, wherever a test module sits."""

from __future__ import annotations

from pathlib import Path

#: The repository's root.
ROOT = Path(__file__).resolve().parents[2]
#: The fixture files of the tests.
DATA = ROOT / "tests" / "data"
