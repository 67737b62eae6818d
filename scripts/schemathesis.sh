#!/usr/bin/env bash
# Runs schemathesis (pinned, from PyPI) from a project-local virtual environment made on first use:
#   scripts/schemathesis.sh run http://127.0.0.1:3000/api/openapi.json …
# `scripts/schemathesis.sh --install` only makes the environment (what CI can call up front).
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=4.32.5
VENV=.tools/schemathesis-$VERSION
# A marker written last, so an install cut short is redone rather than trusted.
if [ ! -f "$VENV/.installed" ]; then
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION" >&2
  touch "$VENV/.installed"
fi
if [ "${1:-}" = "--install" ]; then exit 0; fi
exec "$VENV/bin/st" "$@"
