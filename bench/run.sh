#!/usr/bin/env bash
# Benchmark: peerlint check on generated networks beside ripgrep over the same
# files (the floor for reading them). Run by hand, not in CI:
#
#   bench/run.sh                 # 1,000, 10,000 and 100,000 devices
#   bench/run.sh 1000 10000      # chosen sizes
#
# Needs ripgrep and GNU time (apt-get install ripgrep time). Networks are
# generated once into $BENCH_DIR (default /tmp/peerlint-bench) by
# examples/gen_network.rs, seed 1. Each tool runs three times on a warm page
# cache; the best wall time counts. The last column checks that peerlint
# found exactly the defects the generator planted.
set -euo pipefail
cd "$(dirname "$0")/.."
root=${BENCH_DIR:-/tmp/peerlint-bench}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)
command -v rg >/dev/null || { echo "bench: needs ripgrep (apt-get install ripgrep)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 2; }
cargo build --release --quiet --example gen_network
cargo build --release --quiet
peerlint=$(pwd)/target/release/peerlint
gen=$(pwd)/target/release/examples/gen_network

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(uname -r)"
echo
echo "| devices | input | rg -c peer | peerlint check | ratio | MB/s | devices/s | peak RSS | RSS / input | planted found |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---|"
for n in "${sizes[@]}"; do
  dir=$root/n$n
  [ -f "$dir/manifest.json" ] || "$gen" --devices "$n" --seed 1 --out "$dir" 2>/dev/null
  bytes=$(du -sb --exclude=manifest.json "$dir" | cut -f1)
  find "$dir" -type f -exec cat {} + > /dev/null
  best() {
    local best_t=999999 best_m=0 t m out
    out=$(mktemp)
    for _ in 1 2 3; do
      /usr/bin/time -f "%e %M" -o "$out" "$@" > /dev/null 2>&1 || true
      read -r t m < <(tail -1 "$out")
      if awk "BEGIN {exit !($t < $best_t)}"; then best_t=$t; fi
      if [ "$m" -gt "$best_m" ]; then best_m=$m; fi
    done
    rm -f "$out"
    echo "$best_t $best_m"
  }
  read -r rg_t _ < <(best rg -c peer "$dir")
  read -r pl_t pl_m < <(best "$peerlint" check "$dir" --format json -o /dev/null --no-config)
  found=$("$peerlint" check "$dir" --format json --no-config 2>/dev/null | python3 -c '
import collections, json, os, sys
d = json.load(sys.stdin)
m = json.load(open(os.path.join(sys.argv[1], "manifest.json")))
got = collections.Counter((f["rule"], os.path.basename(f["primary"]["path"])) for f in d["findings"])
want = collections.Counter((e["rule"], e["file"]) for e in m)
print(f"all {sum(want.values())}" if got == want else f"MISMATCH: missing {sum((want-got).values())}, extra {sum((got-want).values())}")
' "$dir") || true
  python3 - "$n" "$bytes" "$rg_t" "$pl_t" "$pl_m" "$found" <<'PY'
import sys
n, b, rg, pl, rss, found = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
mb = b / 1e6
print(f"| {n:,} | {mb:,.0f} MB | {rg:.2f} s | {pl:.2f} s | {pl / max(rg, 0.01):.1f}x | {mb / max(pl, 0.01):,.0f} | {n / max(pl, 0.01):,.0f} | {rss / 1024:,.0f} MB | {rss * 1024 / b:.0%} | {found} |")
PY
done
