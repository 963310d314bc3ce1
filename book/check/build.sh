#!/usr/bin/env bash
# Builds both editions of the book and fails on any warning or error that
# mdbook or a preprocessor logs. mdbook-katex only *warns* when a formula does
# not parse (and keeps the raw LaTeX), so this is what makes broken LaTeX fail
# the build.
#
#   bash book/check/build.sh [extra mdbook build args...]
#
# The English edition (book/src) goes to book/book, the Korean one (book/ko/src)
# to book/book/ko, so one site holds both and each page links to the other
# language. English first: mdbook empties book/book before it builds.
set -euo pipefail
cd "$(dirname "$0")/../.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT

build() { # edition-name book-dir
  local status=0
  : >"$log"
  NO_COLOR=1 mdbook build "$2" "${@:3}" >"$log" 2>&1 || status=$?
  # Strip colour codes, in case a tool ignores NO_COLOR.
  sed -i 's/\x1b\[[0-9;]*m//g' "$log"
  cat "$log"
  # The one warning we accept: mdbook-katex 0.10.0 (installed with --locked) was
  # compiled against mdbook 0.5.3's preprocessor crate and says so when mdbook
  # 0.5.4 calls it. The protocol is the same within 0.5, and the formulas render
  # (the browser check proves it).
  local problems
  problems=$(grep -E '\b(WARN|ERROR)\b|panicked' "$log" |
    grep -vE 'This mdbook-katex was built against mdbook v0\.5\.[0-9]+, but we are being called from mdbook v0\.5\.[0-9]+\.' || true)
  if [ "$status" -ne 0 ] || [ -n "$problems" ]; then
    echo "book build ($1): FAILED (exit $status); these lines are not allowed:" >&2
    printf '%s\n' "$problems" >&2
    exit 1
  fi
  echo "book build ($1): ok, no warnings"
}

build English book "$@"
build 한국어 book/ko "$@"
test -f book/book/index.html && test -f book/book/ko/index.html
