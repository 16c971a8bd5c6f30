#!/usr/bin/env bash
# Runs the benchmark (bench/run.mjs) after setting up Node 24 and the pinned MLflow.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source scripts/ensure-env.sh
node bench/run.mjs "$@"
