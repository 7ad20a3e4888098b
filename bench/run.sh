#!/usr/bin/env bash
# Benchmark: peerlint check on generated networks beside ripgrep over the same
# files (the floor for reading them). Run by hand, not in CI:
#
#   bench/run.sh                 # 1,000, 10,000 and 100,000 devices
#   bench/run.sh 1000 10000      # chosen sizes
#   bench/run.sh path/to/network # a folder of configurations, as it is
#
# Needs ripgrep. Networks are generated once into $BENCH_DIR (default
# /tmp/peerlint-bench) by examples/gen_network.rs, seed 1. On a warm page
# cache, rg and peerlint run in turn, $RUNS times each (default 5): the
# table gives each one's best and median wall time (to the millisecond) and
# the ratios of both, and peerlint's largest peak RSS; then the default
# text report (what `peerlint check` prints without --format) and its ratio. The last column
# checks that peerlint found exactly the defects the generator planted.
set -euo pipefail
cd "$(dirname "$0")/.."
root=${BENCH_DIR:-/tmp/peerlint-bench}
runs=${RUNS:-5}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)
command -v rg >/dev/null || { echo "bench: needs ripgrep (apt-get install ripgrep)" >&2; exit 2; }
cargo build --release --quiet --example gen_network
cargo build --release --quiet
peerlint=$(pwd)/target/release/peerlint
gen=$(pwd)/target/release/examples/gen_network

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(uname -r)"
echo
echo "| devices | input | rg -c peer best / median | peerlint check (json) best / median | ratio best / median | MB/s | devices/s | peak RSS | RSS / input | check (text) best / median | text ratio best / median | planted found |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---|"
for n in "${sizes[@]}"; do
  if [ -d "$n" ]; then
    # A folder given by path: its files count as the devices.
    dir=$n
    n=$(find "$dir" -type f ! -name manifest.json | wc -l)
  else
    dir=$root/n$n
    [ -f "$dir/manifest.json" ] || "$gen" --devices "$n" --seed 1 --out "$dir" 2>/dev/null
  fi
  bytes=$(du -sb --exclude=manifest.json "$dir" | cut -f1)
  find "$dir" -type f -exec cat {} + > /dev/null
  times=$(python3 - "$runs" "$peerlint" "$dir" <<'PY'
import os, statistics, subprocess, sys, time
runs, peerlint, d = int(sys.argv[1]), sys.argv[2], sys.argv[3]
cmds = {"rg": ["rg", "-c", "peer", d],
        "pl": [peerlint, "check", d, "--format", "json", "-o", "/dev/null", "--no-config"],
        "text": [peerlint, "check", d, "-o", "/dev/null", "--no-config"]}
wall = {k: [] for k in cmds}
rss = 0
for _ in range(runs):
    for k, cmd in cmds.items():
        t = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, _, usage = os.wait4(p.pid, 0)
        wall[k].append(time.perf_counter() - t)
        if k == "pl":
            rss = max(rss, usage.ru_maxrss)
print(min(wall["rg"]), statistics.median(wall["rg"]), min(wall["pl"]), statistics.median(wall["pl"]), rss,
      min(wall["text"]), statistics.median(wall["text"]))
PY
)
  read -r rg_t rg_m pl_t pl_m pl_rss tx_t tx_m <<< "$times"
  found="no manifest"
  [ -f "$dir/manifest.json" ] && found=$("$peerlint" check "$dir" --format json --no-config 2>/dev/null | python3 -c '
import collections, json, os, sys
d = json.load(sys.stdin)
m = json.load(open(os.path.join(sys.argv[1], "manifest.json")))
got = collections.Counter((f["rule"], os.path.basename(f["primary"]["path"])) for f in d["findings"])
want = collections.Counter((e["rule"], e["file"]) for e in m)
print(f"all {sum(want.values())}" if got == want else f"MISMATCH: missing {sum((want-got).values())}, extra {sum((got-want).values())}")
' "$dir") || true
  python3 - "$n" "$bytes" "$rg_t" "$rg_m" "$pl_t" "$pl_m" "$pl_rss" "$found" "$tx_t" "$tx_m" <<'PY'
import sys
n, b = int(sys.argv[1]), int(sys.argv[2])
rg, rg_m, pl, pl_m = (float(x) for x in sys.argv[3:7])
rss, found = int(sys.argv[7]), sys.argv[8]
tx, tx_m = float(sys.argv[9]), float(sys.argv[10])
mb = b / 1e6
print(f"| {n:,} | {mb:,.0f} MB | {rg:.3f} / {rg_m:.3f} s | {pl:.3f} / {pl_m:.3f} s | {pl / rg:.1f}x / {pl_m / rg_m:.1f}x | {mb / pl:,.0f} | {n / pl:,.0f} | {rss / 1024:,.0f} MB | {rss * 1024 / b:.0%} | {tx:.3f} / {tx_m:.3f} s | {tx / rg:.1f}x / {tx_m / rg_m:.1f}x | {found} |")
PY
done
