#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs npm packages and the Python environment with
# the pinned MLflow, rebuilds dist/, then runs unit, integration and end-to-end tests on Node 24.
# Extra arguments go to Jest, e.g. `scripts/test.sh --selectProjects unit`.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source scripts/ensure-env.sh
scripts/ensure-chromium.sh
scripts/ensure-postgres.sh
echo "Node $(node --version), $("$venv_bin/mlflow" --version 2>/dev/null)" >&2
npm run --silent package >/dev/null
# --experimental-vm-modules for Jest's ESM support; Node warns that it is experimental once per
# run, between the results: hide that warning.
NODE_OPTIONS='--experimental-vm-modules --disable-warning=ExperimentalWarning' jest "$@"
