#!/usr/bin/env bash
# Sourced by the scripts that need everything: npm packages with Node 24 first on PATH, and the
# Python environment with the pinned MLflow (its bin directory in $venv_bin, its root in
# $CARE_LABEL_VENV).
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/scripts/ensure-node.sh"
venv_bin=$("$root/scripts/setup-python.sh" | tail -n 1)
export CARE_LABEL_VENV=$(dirname "$venv_bin")
