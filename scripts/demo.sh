#!/usr/bin/env bash
# The demo on a fresh machine: installs what it needs, runs the example MLflow Project into a
# local MLflow store (SQLite) with two parameter sets (each three repeats, as the example's rules
# ask), the first recorded as the main branch's runs, and compares the second with them. The care
# label goes to out/demo/report.md and report.json. Then the example's care-label test suite
# certifies each set's model (out/demo/suite/).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source scripts/ensure-env.sh
export PATH="$venv_bin:$PATH"
out=${1:-out/demo}
rm -rf "$out"
common=(--project examples/iris --config examples/iris/care-label.yml --output-dir "$out")

echo "== 1/2: the baseline, as if pushed to main (n_estimators=60, max_depth=4)" >&2
node dist/cli/index.js "${common[@]}" --branch main --run-name baseline \
  -P n_estimators=60 -P max_depth=4 -P "model_note=baseline run" > /dev/null

echo "== 2/2: a change, compared with main's latest run (n_estimators=20, max_depth=2)" >&2
status=0
node dist/cli/index.js "${common[@]}" --baseline-branch main --run-name candidate \
  -P n_estimators=20 -P max_depth=2 -P "model_note=shallower trees; \"faster\"" || status=$?

echo "== 3/3: the care-label test suite (quality, robustness, runtime, memory, energy) against the" >&2
echo "   model each run logs, for main and then for the change (examples/iris/care-label-suite.yml)" >&2
suite=(--project examples/iris --config examples/iris/care-label-suite.yml --output-dir "$out/suite")
node dist/cli/index.js "${suite[@]}" --branch main --run-name suite-baseline \
  -P n_estimators=60 -P max_depth=4 > /dev/null
suite_status=0
node dist/cli/index.js "${suite[@]}" --baseline-branch main --run-name suite-candidate \
  -P n_estimators=20 -P max_depth=2 || suite_status=$?

echo >&2
echo "The care label: $out/report.md (JSON: $out/report.json; MLflow store: $out/mlflow/mlflow.db)" >&2
echo "Browse the runs: $venv_bin/mlflow ui --backend-store-uri sqlite:///$(cd "$out" && pwd)/mlflow/mlflow.db" >&2
echo "The test suite's care label: $out/suite/report.md" >&2
# Exit 1 means the comparison found a broken threshold: a result of the demo, not an error.
[ "$status" -le 1 ] || exit "$status"
[ "$suite_status" -le 1 ] || exit "$suite_status"
