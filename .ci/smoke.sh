#!/usr/bin/env bash
# Runs an installed or unpacked peerlint (the first argument, a path or a
# name on PATH) the way a user would: its version is Cargo.toml's, and it finds
# the corpus' both-listen-only sessions (exit code 1; 0 or 2 is a failure).
# Used by .ci/wheel.sh and by the release workflow on every platform.
set -euo pipefail
peerlint=${1:?usage: smoke.sh PEERLINT}
case "$peerlint" in
  */*) peerlint="$(cd "$(dirname "$peerlint")" && pwd)/$(basename "$peerlint")" ;;
esac
cd "$(dirname "$0")/.."
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
log=$(mktemp)
trap 'rm -f "$log"' EXIT

got=$("$peerlint" --version)
got=${got%$'\r'}
if [ "$got" != "peerlint $version" ]; then
  echo "smoke: $peerlint --version says '$got', not 'peerlint $version'" >&2
  exit 1
fi

code=0
"$peerlint" check corpus/ --color never >"$log" 2>&1 || code=$?
if [ "$code" -ne 1 ]; then
  cat "$log"
  echo "smoke: $peerlint check corpus/ exited $code (1 expected: the corpus has defects)" >&2
  exit 1
fi
if ! grep -q "both-listen-only" "$log"; then
  cat "$log"
  echo "smoke: no both-listen-only in the output of $peerlint check corpus/" >&2
  exit 1
fi
echo "smoke: $got; check corpus/ exits 1 and reports both-listen-only"
