#!/usr/bin/env bash
# Runs the real pre-commit against a throwaway config repository that uses
# this repository, at its current commit, as a hook repository: the hook
# must fail on a both-listen-only pair and pass once it is fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
hook_repo=$(pwd)
rev=$(git rev-parse HEAD)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -m pip install -q --disable-pip-version-check pre-commit >/dev/null
export PRE_COMMIT_HOME="$work/cache"

repo="$work/configs"
mkdir -p "$repo"
cp corpus/lab/R7.log corpus/lab/R8.cfg "$repo/"
cd "$repo"
git init -q
git config user.email ci@peerlint.invalid
git config user.name "peerlint ci"
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $hook_repo
    rev: $rev
    hooks:
      - id: peerlint
YAML
git add -A

if pre-commit run --all-files >"$work/broken.log" 2>&1; then
  cat "$work/broken.log"
  echo "pre-commit e2e: the hook passed a both-listen-only pair" >&2
  exit 1
fi
grep -q "both-listen-only" "$work/broken.log" || { cat "$work/broken.log"; echo "pre-commit e2e: no both-listen-only in the hook output" >&2; exit 1; }

sed -i '/peer 10.50.1.1 listen-only/d' R8.cfg
git add -A
if ! pre-commit run --all-files >"$work/fixed.log" 2>&1; then
  cat "$work/fixed.log"
  echo "pre-commit e2e: the hook failed after the fix" >&2
  exit 1
fi
echo "pre-commit e2e: fails on the broken session, passes once it is fixed"
