#!/usr/bin/env bash
# Builds the PyPI package the way a user without Rust gets it: maturin makes
# the source distribution, pip builds the wheel from it (so the sdist is
# proved complete), and the wheel is installed in a fresh virtual environment.
# There, with no cargo or rustc on PATH, `peerlint` must run and find the
# corpus' both-listen-only sessions (.ci/smoke.sh), and so must the release
# archive made from the wheel (.ci/release-archive.py). Last, the GitHub
# Action is run with pip served this wheel (.ci/action-e2e.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
[ -n "$version" ] || { echo "wheel: no version in Cargo.toml" >&2; exit 1; }

python3 -m venv "$work/tools"
"$work/tools/bin/python" -m pip install -q --disable-pip-version-check 'maturin>=1.5,<2'
"$work/tools/bin/maturin" --version

start=$(date +%s)
"$work/tools/bin/maturin" sdist --out "$work/sdist"
sdist=$(ls "$work"/sdist/peerlint-"$version".tar.gz)
tar -tzf "$sdist" >"$work/sdist.txt"
for member in pyproject.toml Cargo.toml Cargo.lock README.md LICENSE-MIT LICENSE-APACHE src/main.rs rules/both-listen-only.yaml; do
  grep -qx "peerlint-$version/$member" "$work/sdist.txt" || { echo "wheel: $member is missing from $sdist" >&2; exit 1; }
done

# The wheel, from the sdist alone, with the build backend pyproject.toml asks
# for. Dependencies stay in target/ between local runs; the sdist's files carry
# one fixed date, so they are unpacked with the current one (-m) for cargo to
# see what changed since the last run.
mkdir "$work/unpacked"
tar -xzmf "$sdist" -C "$work/unpacked"
MATURIN_PEP517_ARGS="--locked" CARGO_TARGET_DIR="$repo/target/wheel" \
  "$work/tools/bin/python" -m pip wheel -q --disable-pip-version-check --no-deps \
  --wheel-dir "$work/dist" "$work/unpacked/peerlint-$version"
wheel=$(ls "$work"/dist/peerlint-"$version"-*.whl)
echo "wheel: built $(basename "$wheel") ($(du -k "$wheel" | cut -f1) KiB) in $(($(date +%s) - start)) s"

"$work/tools/bin/python" - "$wheel" "$version" <<'PY'
import sys, zipfile
wheel, version = sys.argv[1], sys.argv[2]
names = set(zipfile.ZipFile(wheel).namelist())
dist = f"peerlint-{version}.dist-info"
for need in (f"peerlint-{version}.data/scripts/peerlint", f"{dist}/METADATA",
             f"{dist}/licenses/LICENSE-MIT", f"{dist}/licenses/LICENSE-APACHE"):
    if need not in names:
        sys.exit(f"wheel: {need} is missing from {wheel}")
meta = zipfile.ZipFile(wheel).read(f"{dist}/METADATA").decode()
for line in ("Name: peerlint", f"Version: {version}"):
    if line not in meta.splitlines():
        sys.exit(f"wheel: METADATA lacks {line!r}")
if "MIT OR Apache-2.0" not in meta:
    sys.exit("wheel: METADATA does not name the license")
PY

# The release workflow's archive of the program, from this wheel.
host=$(rustc -vV | sed -n 's/^host: //p')
python3 .ci/release-archive.py "$wheel" "$host" "$work/archive" >/dev/null
mkdir "$work/unpacked-archive"
tar -xzf "$work/archive/peerlint-$version-$host.tar.gz" -C "$work/unpacked-archive"
listing=$(tar -tvzf "$work/archive/peerlint-$version-$host.tar.gz" | awk '{print $1, $NF}' | sort -k2)
expected="-rw-r--r-- peerlint-$version-$host/LICENSE-APACHE
-rw-r--r-- peerlint-$version-$host/LICENSE-MIT
-rw-r--r-- peerlint-$version-$host/README.md
-rwxr-xr-x peerlint-$version-$host/peerlint"
[ "$listing" = "$expected" ] || { printf 'wheel: the release archive holds\n%s\n' "$listing" >&2; exit 1; }

python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q --disable-pip-version-check --no-index "$wheel"

# PATH without any folder that holds cargo or rustc, the venv first.
clean=""
IFS=: read -ra dirs <<<"$PATH"
for d in "${dirs[@]}"; do
  [ -n "$d" ] || continue
  if [ -e "$d/cargo" ] || [ -e "$d/rustc" ]; then continue; fi
  clean="$clean:$d"
done
(
  export PATH="$work/venv/bin$clean"
  unset CARGO CARGO_HOME RUSTUP_HOME RUSTUP_TOOLCHAIN
  if command -v cargo >/dev/null 2>&1 || command -v rustc >/dev/null 2>&1; then
    echo "wheel: cargo or rustc still on PATH" >&2
    exit 1
  fi
  [ "$(command -v peerlint)" = "$work/venv/bin/peerlint" ] || { echo "wheel: peerlint is not the venv's: $(command -v peerlint || true)" >&2; exit 1; }

  bash .ci/smoke.sh peerlint

  # The release archive made from this wheel, unpacked, runs too.
  bash .ci/smoke.sh "$work/unpacked-archive/peerlint-$version-$host/peerlint"
  echo "wheel: $(basename "$wheel") installs in a fresh venv and runs without cargo or rustc on PATH; so does its release archive"
)

# The GitHub Action, run as the runner runs it, installs this wheel.
bash .ci/action-e2e.sh "$work/dist"
