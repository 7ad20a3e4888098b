#!/usr/bin/env bash
# Runs the real pre-commit with the two .pre-commit-config.yaml snippets of
# the README's "### pre-commit" section, exactly as printed there except for
# the repository URL: it is replaced with a local clone of this repository in
# which the tag the snippets name as `rev` is created at HEAD. Each hook must
# fail on a both-listen-only pair (corpus/lab/R7.log + R8.cfg) and pass once
# it is fixed. peerlint-system runs the peerlint that `cargo build` makes;
# peerlint has pre-commit build it from the clone with cargo.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
url=https://github.com/peerlint/peerlint
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/tools"
"$work/tools/bin/python" -m pip install -q --disable-pip-version-check pre-commit pyyaml
export PATH="$work/tools/bin:$PATH"
export PRE_COMMIT_HOME="$work/cache"
pre-commit --version

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)

# The snippets, and the two hooks agreeing on everything but how peerlint is
# found.
mkdir "$work/snippets"
python3 - "$work/snippets" "$url" "v$version" <<'PY'
import re, sys, yaml
out, url, rev = sys.argv[1:]
readme = open("README.md", encoding="utf-8").read()
m = re.search(r"^### pre-commit\n(.*?)(?=^#{2,3} )", readme, re.S | re.M)
if not m:
    sys.exit("pre-commit e2e: no '### pre-commit' section in README.md")
blocks = re.findall(r"^```yaml\n(.*?)^```$", m.group(1), re.S | re.M)
ids = []
for text in blocks:
    config = yaml.safe_load(text)
    [repo] = config["repos"]
    [hook] = repo["hooks"]
    if repo["repo"] != url:
        sys.exit(f"pre-commit e2e: the snippet for {hook['id']} names {repo['repo']}, not {url}")
    if repo["rev"] != rev:
        sys.exit(f"pre-commit e2e: the snippet for {hook['id']} names rev {repo['rev']}, not {rev} (the version of Cargo.toml)")
    if text.count(url) != 1:
        sys.exit(f"pre-commit e2e: the snippet for {hook['id']} names {url} more than once")
    ids.append(hook["id"])
    open(f"{out}/{hook['id']}.yaml", "w", encoding="utf-8").write(text)
if sorted(ids) != ["peerlint", "peerlint-system"]:
    sys.exit(f"pre-commit e2e: the README's pre-commit snippets use the hooks {ids}, not peerlint and peerlint-system")

hooks = {h["id"]: h for h in yaml.safe_load(open(".pre-commit-hooks.yaml", encoding="utf-8"))}
rust, system = hooks["peerlint"], hooks["peerlint-system"]
if (rust["language"], system["language"]) != ("rust", "system"):
    sys.exit("pre-commit e2e: peerlint must be a rust hook and peerlint-system a system one")
for key in ("entry", "files", "exclude", "require_serial", "pass_filenames"):
    if rust.get(key) != system.get(key):
        sys.exit(f"pre-commit e2e: peerlint and peerlint-system differ in {key}")
PY

# The hook repository: a clone of what is committed here, tagged as the
# snippets say.
rev="v$version"
git clone -q "$root" "$work/peerlint"
git -C "$work/peerlint" tag -f "$rev" HEAD >/dev/null

# peerlint-system needs a peerlint on PATH.
cargo build --locked --quiet
bin_dir="$root/target/debug"

run_snippet() {
  local id=$1 hook_path=$2
  local repo="$work/configs-$id"
  mkdir -p "$repo"
  cp corpus/lab/R7.log corpus/lab/R8.cfg "$repo/"
  sed "s|$url|$work/peerlint|" "$work/snippets/$id.yaml" >"$repo/.pre-commit-config.yaml"
  (
    cd "$repo"
    git init -q
    git config user.email ci@peerlint.invalid
    git config user.name "peerlint ci"
    git add -A

    local start=$SECONDS
    if PATH="$hook_path" pre-commit run --all-files >"$work/$id-broken.log" 2>&1; then
      cat "$work/$id-broken.log"
      echo "pre-commit e2e: $id passed a both-listen-only pair" >&2
      exit 1
    fi
    grep -q "both-listen-only" "$work/$id-broken.log" || { cat "$work/$id-broken.log"; echo "pre-commit e2e: $id printed no both-listen-only" >&2; exit 1; }

    sed -i '/peer 10.50.1.1 listen-only/d' R8.cfg
    git add -A
    if ! PATH="$hook_path" pre-commit run --all-files >"$work/$id-fixed.log" 2>&1; then
      cat "$work/$id-fixed.log"
      echo "pre-commit e2e: $id failed after the fix" >&2
      exit 1
    fi
    echo "pre-commit e2e: $id (rev $rev) fails on the broken session, passes once it is fixed ($((SECONDS - start)) s)"
  )
}

run_snippet peerlint-system "$bin_dir:$PATH"
run_snippet peerlint "$PATH"
