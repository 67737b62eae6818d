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
  if ! python3 -m venv "$VENV" >/dev/null 2>&1; then
    # Debian ships venv apart from Python; CI runs as root, as for Chromium in .ci/run.
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      rm -rf "$VENV"
      DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv >&2
      python3 -m venv "$VENV"
    else
      echo "python3 -m venv failed: install Python 3 with venv (Debian: apt-get install python3-venv)" >&2
      exit 1
    fi
  fi
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION" >&2
  touch "$VENV/.installed"
fi
if [ "${1:-}" = "--install" ]; then exit 0; fi
exec "$VENV/bin/st" "$@"
