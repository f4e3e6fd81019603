#!/usr/bin/env bash
# Installs vsgraph (see setup.sh) and runs the main job on the bundled grocery example.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/vsgraph demo "$@"
