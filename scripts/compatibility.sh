#!/usr/bin/env bash
# Regenerates COMPATIBILITY.md: the conformance matrix over Ceph RGW 16, Swift 2.30 s3api and the
# embedded server (the targets of s3tester.targets.yaml), with the committed profiles, under
# --strict-profile. Starts the two real servers when they are not running (idempotent scripts;
# root and apt needed the first time) and leaves them running. `npm run compatibility` runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
set -a
eval "$(bash scripts/ceph-rgw-start.sh)"
eval "$(bash scripts/swift-s3api-start.sh)"
set +a
out=$(mktemp -d)
status=0
npx s3tester matrix --strict-profile --output-dir "$out" >"$out/matrix.log" 2>&1 || status=$?
tail -n 30 "$out/matrix.log"
if [ "$status" -ne 0 ]; then
  echo "compatibility: the matrix run failed (exit $status); COMPATIBILITY.md left as it was. Log: $out/matrix.log" >&2
  exit "$status"
fi
cp "$out/matrix.md" COMPATIBILITY.md
echo "compatibility: wrote COMPATIBILITY.md (reports in $out)"
