#!/usr/bin/env bash
# Regenerates test fixtures that need another MLflow than the pinned one: a legacy FileStore
# written by MLflow 2.x (test/fixtures/filestore-2x), in a throw-away virtual environment.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv=$(mktemp -d)
trap 'rm -rf "$venv"' EXIT
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet "mlflow-skinny==2.22.5" 2> >(grep -v "^WARNING: Location '" >&2)
"$venv/bin/python" "$root/test/fixtures/filestore-2x/generate.py"
