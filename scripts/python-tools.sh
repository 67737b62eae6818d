#!/usr/bin/env bash
# Python tools the tests use, pinned, in a virtual environment inside the project (.tools/venv):
# cfn-lint checks the synthesized CloudFormation template against the resource specifications.
# Idempotent: a venv that already has the pinned versions is left alone. .ci/run calls this;
# test/infra/cfn-lint.test.ts finds the tool at .tools/venv/bin/cfn-lint.
set -euo pipefail
cd "$(dirname "$0")/.."

CFN_LINT_VERSION=1.58.0
VENV=.tools/venv

if [ -x "$VENV/bin/cfn-lint" ] && [ "$("$VENV/bin/cfn-lint" --version 2>/dev/null)" = "cfn-lint $CFN_LINT_VERSION" ]; then
  exit 0
fi
python=$(command -v python3 || true)
if [ -z "$python" ]; then
  echo "python-tools: python3 is not on PATH (cfn-lint needs Python 3.9+)" >&2
  exit 1
fi
"$python" -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check "cfn-lint==$CFN_LINT_VERSION"
"$VENV/bin/cfn-lint" --version
