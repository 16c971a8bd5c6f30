#!/usr/bin/env bash
# Installs the npm packages (Node 24 among them, as the dev dependency `node`) when they are
# missing or older than package-lock.json. Sourced by the other scripts.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ ! -x "$root/node_modules/.bin/node" ] || [ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]; then
  echo "Installing npm packages..." >&2
  # npm ci, or npm install from the same lock file where this npm refuses a lock file that
  # records only this platform's optional packages (it installs the same versions).
  (cd "$root" && { npm ci --no-audit --no-fund --loglevel=error 2>/dev/null ||
    npm install --no-audit --no-fund --loglevel=error; }) >&2
fi
# npm scripts put node_modules/.bin first on PATH; do the same here so `node` is Node 24.
export PATH="$root/node_modules/.bin:$PATH"
