#!/usr/bin/env bash
# Runs the benchmark on a team's MLflow (bench/team.mjs) after setting up Node 24, the pinned
# MLflow and PostgreSQL's binaries (the team server starts its own cluster).
#   bench/team.sh [--runs 10000] [--repeat 5] [--max-load 1.5]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source scripts/ensure-env.sh
scripts/ensure-postgres.sh
node bench/team.mjs "$@"
