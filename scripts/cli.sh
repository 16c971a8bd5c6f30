#!/usr/bin/env bash
# The command-line care label on a fresh machine (`npm run cli -- --project examples/iris -P
# max_depth=3`, or scripts/cli.sh from any directory): installs the npm packages and the Python
# environment with the pinned MLflow when they are missing, puts the venv's mlflow first on PATH and
# runs the committed CLI bundle (dist/cli/index.js) with the arguments given. It stays in the
# caller's directory, so relative paths (--project, --config, --output-dir) mean what the caller
# typed. Set-up messages go to stderr; stdout is the CLI's own.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# `npm run cli` runs this script in the package root; INIT_CWD is where the command was typed.
if [ "${npm_lifecycle_event:-}" = cli ] && [ -n "${INIT_CWD:-}" ]; then
  cd "$INIT_CWD"
fi
source "$root/scripts/ensure-env.sh"
export PATH="$venv_bin:$PATH"
exec node "$root/dist/cli/index.js" "$@"
