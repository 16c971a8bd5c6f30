#!/usr/bin/env bash
# The verdict benchmark (bench/verdicts.ts): simulated PRs through decideBreach, no MLflow and no
# Python. Bundles it with ncc (as bench/run.mjs does bench/ours.ts) and runs it with Node 24.
#   bench/verdicts.sh [--prs 10000] [--jobs 2] [--seed 1] > out/bench/verdicts.md
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source scripts/ensure-node.sh
out=out/bench/verdicts
ncc build bench/verdicts.ts -o "$out" --quiet >&2
node "$out/index.js" "$@"
