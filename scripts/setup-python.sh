#!/usr/bin/env bash
# Creates (or refreshes) the project's Python virtual environment in .venv with the pinned
# MLflow from python/requirements.txt and the repository's own tools from
# python/dev-requirements.txt (zizmor, for scripts/lint-workflows.sh). Idempotent: it reinstalls
# only when either file changes. Prints the venv's bin directory on its last line.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv=${CARE_LABEL_VENV:-$root/.venv}
req=$root/python/requirements.txt
dev_req=$root/python/dev-requirements.txt
python=${PYTHON:-python3}

want=$( { "$python" --version 2>&1; cat "$req" "$dev_req"; } | sha256sum | cut -d' ' -f1)
stamp=$venv/.requirements.sha256
if [ -x "$venv/bin/mlflow" ] && [ -x "$venv/bin/zizmor" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "$venv/bin"
  exit 0
fi

echo "Setting up the Python environment in $venv (mlflow, the example's packages and zizmor)..." >&2
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv" >&2
# pip's notes about this machine's unused local package indexes are noise: keep everything else.
quiet_pip() { "$venv/bin/python" -m pip "$@" 2> >(grep -v "^WARNING: Location '" >&2) >&2; }
quiet_pip install --quiet --upgrade pip
quiet_pip install --quiet -r "$req" -r "$dev_req"
echo "$want" > "$stamp"
echo "$venv/bin"
