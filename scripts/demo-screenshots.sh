#!/usr/bin/env bash
# Pictures of the demo's HTML reports for the documentation (docs/report-pass.png and
# docs/report-fail.png): the demo (scripts/demo.sh), whose change passes, then a change that
# breaks the example's rules (one shallow tree), compared with the same baseline runs.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source scripts/ensure-env.sh
export PATH="$venv_bin:$PATH"
out=out/demo-screenshots
scripts/demo.sh "$out/pass" >/dev/null
status=0
node dist/cli/index.js --project examples/iris --config examples/iris/care-label.yml \
  --tracking-uri "sqlite:///$root/$out/pass/mlflow/mlflow.db" --output-dir "$out/fail" \
  --baseline-branch main --run-name one-shallow-tree \
  -P n_estimators=1 -P max_depth=1 -P "model_note=one shallow tree" >/dev/null || status=$?
# Exit 1 is the failing comparison this picture is for; anything else is an error.
[ "$status" -eq 1 ] || { echo "the failing change did not fail (exit $status)" >&2; exit 1; }
node scripts/screenshots.mjs "$out/pass/report.html" "$out/fail/report.html"
