#!/usr/bin/env bash
# Checks the sample GitHub Actions workflow against the workflow schema with action-validator
# (from the npm registry; actionlint has no Debian package), so that a user who copies it gets
# a workflow GitHub accepts. The GitLab job is checked for structure by samples' CiFilesTest.
set -euo pipefail
cd "$(dirname "$0")/.."
tools=/var/tmp/migratest-action-validator
if [ ! -x "$tools/node_modules/.bin/action-validator" ]; then
  npm install --prefix "$tools" --no-audit --no-fund --silent \
    @action-validator/cli@0.6.0 @action-validator/core@0.6.0
fi
for workflow in samples/.github/workflows/*.yml; do
  "$tools/node_modules/.bin/action-validator" "$workflow"
  echo "valid workflow: $workflow"
done
