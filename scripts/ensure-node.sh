#!/usr/bin/env bash
# Installs the npm packages (Node 24 among them, as the dev dependency `node`) when they are
# missing or older than package-lock.json. Sourced by the other scripts.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ ! -x "$root/node_modules/.bin/node" ] || [ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]; then
  echo "Installing npm packages..." >&2
  # npm ci only: it installs exactly what package-lock.json records and never writes it, so a
  # fresh clone stays clean. (An `npm install` fallback rewrote the committed lock file whenever
  # npm ci refused it.) If npm ci says the lock file is out of sync with package.json, run
  # `npm install` once and commit package-lock.json, with the optional packages of every platform.
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error) >&2
fi
# npm scripts put node_modules/.bin first on PATH; do the same here so `node` is Node 24.
export PATH="$root/node_modules/.bin:$PATH"
