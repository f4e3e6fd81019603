#!/usr/bin/env bash
# Installs vsgraph with its test extras (see setup.sh), checks the code's format, lint and
# types (settings in pyproject.toml), then runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff format --check vsgraph tests bench
.venv/bin/ruff check vsgraph tests bench
.venv/bin/mypy
exec .venv/bin/python -m pytest "$@"
