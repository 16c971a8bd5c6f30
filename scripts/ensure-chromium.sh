#!/usr/bin/env bash
# Makes sure Chromium is installed for the test that renders the HTML report in a headless
# browser (test/integration/html-render.test.ts). Idempotent: silent when `chromium` or
# `chromium-browser` is on PATH (or CHROMIUM_PATH is set); else installs Debian's `chromium`
# package when run as root on a machine with apt-get; else says what is missing and fails.
set -euo pipefail
if [ -n "${CHROMIUM_PATH:-}" ] || command -v chromium >/dev/null 2>&1 ||
  command -v chromium-browser >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium (Debian package chromium) for the HTML rendering test..." >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
  exit 0
fi
echo "The HTML rendering test needs Chromium: install Debian's chromium package" \
  "(sudo apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary." >&2
exit 1
