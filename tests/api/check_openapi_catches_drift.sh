#!/usr/bin/env bash
# The OpenAPI check can fail: each sample in tests/api/drifted-samples/ (an extra property, an
# undocumented status, a wrong type) must be refused on its own.
#   check_openapi_catches_drift.sh PYTHON OPENAPI_JSON
set -euo pipefail
python=$1
document=$2
here=$(dirname "$0")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for sample in "$here"/drifted-samples/*.json; do
  rm -f "$work"/*.json
  cp "$sample" "$work/"
  if "$python" "$here/check_openapi.py" "$document" "$work" >"$work/out.txt" 2>&1; then
    echo "check_openapi.py accepted $(basename "$sample"):" >&2
    cat "$work/out.txt" >&2
    exit 1
  fi
  grep -m1 '^FAIL' "$work/out.txt"
done
