#!/usr/bin/env bash
# Creates (or refreshes) the project's Python virtual environment in .venv with the pinned
# MLflow from python/requirements.txt. Idempotent: it reinstalls only when the requirements change.
# Prints the venv's bin directory on its last line.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv=${CARE_LABEL_VENV:-$root/.venv}
req=$root/python/requirements.txt
python=${PYTHON:-python3}

want=$( { "$python" --version 2>&1; cat "$req"; } | sha256sum | cut -d' ' -f1)
stamp=$venv/.requirements.sha256
if [ -x "$venv/bin/mlflow" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "$venv/bin"
  exit 0
fi

echo "Setting up the Python environment in $venv (mlflow and the example's packages)..." >&2
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv" >&2
"$venv/bin/python" -m pip install --quiet --upgrade pip >&2
"$venv/bin/python" -m pip install --quiet -r "$req" >&2
echo "$want" > "$stamp"
echo "$venv/bin"
