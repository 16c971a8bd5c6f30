#!/usr/bin/env bash
# Prints the size of the local store's workflow artifact for 10 and 1,000 runs of the example
# project (bench/store_size.py), with the pinned MLflow.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source scripts/ensure-env.sh
for runs in "${@:-10 1000}"; do
  for n in $runs; do
    "$venv_bin/python" bench/store_size.py "out/bench/store-size-$n" "$n"
  done
done
