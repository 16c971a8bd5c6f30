#!/usr/bin/env bash
# Makes sure PostgreSQL's server binaries are installed for the tests that start a team's MLflow
# server on PostgreSQL (test/integration/team-server.test.ts starts its own throwaway cluster, on
# loopback, with initdb). Idempotent: silent when initdb and pg_ctl are on PATH or in Debian's
# /usr/lib/postgresql/<version>/bin; else installs Debian's `postgresql` package when run as root
# on a machine with apt-get (without starting its system cluster); else says what is missing
# and fails.
set -euo pipefail
if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
  exit 0
fi
for bin in /usr/lib/postgresql/*/bin; do
  if [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ]; then
    exit 0
  fi
done
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing PostgreSQL (Debian package postgresql) for the team server tests..." >&2
  apt-get update -qq >&2
  # policy-rc.d exit code 101: do not start the package's own cluster; the tests start theirs.
  policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod +x "$policy"
    trap 'rm -f "$policy"' EXIT
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  exit 0
fi
echo "The team server tests need PostgreSQL's initdb and pg_ctl: install Debian's postgresql" \
  "package (sudo apt-get install postgresql) or put a PostgreSQL bin directory on PATH." >&2
exit 1
