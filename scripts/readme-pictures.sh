#!/usr/bin/env bash
# The README's pictures (docs/pictures/care-label.svg and comment.png), made from the example's
# report by scripts/readme-pictures.ts. `--check` fails when they do not match the sources (CI
# runs it); `--refresh` first runs the demo again and takes its report as the example's.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source scripts/ensure-env.sh
dir=docs/pictures
mode=()
for arg in "$@"; do
  case $arg in
    --check) mode=(--check) ;;
    --refresh)
      scripts/demo.sh out/pictures-demo >/dev/null
      cp out/pictures-demo/report.json "$dir/example-report.json"
      ;;
    *) echo "usage: scripts/readme-pictures.sh [--check | --refresh]" >&2; exit 2 ;;
  esac
done
if [ "${#mode[@]}" -eq 0 ]; then
  scripts/ensure-chromium.sh
  # The comment's letters are coloured emoji: without an emoji font they photograph as boxes.
  if ! fc-list 2>/dev/null | grep -qi 'color emoji'; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
      apt-get install -y -qq --no-install-recommends fonts-noto-color-emoji >/dev/null
    else
      echo "The pictures need an emoji font: install Debian's fonts-noto-color-emoji." >&2
      exit 1
    fi
  fi
fi
# The script imports the renderers from src/: bundle it as the action is bundled.
ncc build scripts/readme-pictures.ts -o out/readme-pictures -e puppeteer-core --target es2022 \
  --quiet >/dev/null
CARE_LABEL_VENV=${CARE_LABEL_VENV:-$root/.venv} node out/readme-pictures/index.js "$dir" "${mode[@]}"
