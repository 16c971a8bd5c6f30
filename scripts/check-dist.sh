#!/usr/bin/env bash
# Fails when the committed dist/ does not match a fresh build of the sources.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source scripts/ensure-node.sh
npm run --silent package >/dev/null
if [ -n "$(git status --porcelain -- dist)" ]; then
  echo "dist/ does not match the sources: run 'npm run package' and commit dist/." >&2
  git status --porcelain -- dist >&2
  git diff --stat -- dist >&2
  exit 1
fi
echo "dist/ is up to date." >&2
