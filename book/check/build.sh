#!/usr/bin/env bash
# Builds the book and fails on any warning or error that mdbook or a
# preprocessor logs. mdbook-katex only *warns* when a formula does not parse
# (and keeps the raw LaTeX), so this is what makes broken LaTeX fail the build.
#
#   bash book/check/build.sh [extra mdbook build args...]
set -euo pipefail
cd "$(dirname "$0")/../.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
NO_COLOR=1 mdbook build book "$@" >"$log" 2>&1 || status=$?
# Strip colour codes, in case a tool ignores NO_COLOR.
sed -i 's/\x1b\[[0-9;]*m//g' "$log"
cat "$log"
# The one warning we accept: mdbook-katex 0.10.0 (installed with --locked) was
# compiled against mdbook 0.5.3's preprocessor crate and says so when mdbook
# 0.5.4 calls it. The protocol is the same within 0.5, and the formulas render
# (the browser check proves it).
problems=$(grep -E '\b(WARN|ERROR)\b|panicked' "$log" |
  grep -vE 'This mdbook-katex was built against mdbook v0\.5\.[0-9]+, but we are being called from mdbook v0\.5\.[0-9]+\.' || true)
if [ "$status" -ne 0 ] || [ -n "$problems" ]; then
  echo "book build: FAILED (exit $status); these lines are not allowed:" >&2
  printf '%s\n' "$problems" >&2
  exit 1
fi
echo "book build: ok, no warnings"
