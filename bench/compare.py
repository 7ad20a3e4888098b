#!/usr/bin/env python3
"""Times two or more peerlint builds on one network, alternating, and gives
each one's best and median wall time, peak RSS, and ratios to the first:

    python3 bench/compare.py RUNS NETWORK OLD_BINARY NEW_BINARY...
"""
import os
import statistics
import subprocess
import sys
import time


def main() -> None:
    runs, network, binaries = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    wall = {b: [] for b in binaries}
    rss = {b: 0 for b in binaries}
    for _ in range(runs):
        for b in binaries:
            start = time.perf_counter()
            cmd = [b, "check", network, "--format", "json", "-o", "/dev/null", "--no-config"]
            p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, _, usage = os.wait4(p.pid, 0)
            wall[b].append(time.perf_counter() - start)
            rss[b] = max(rss[b], usage.ru_maxrss)
    first = binaries[0]
    for b in binaries:
        best, median = min(wall[b]), statistics.median(wall[b])
        print(
            f"{b}: best {best:.3f} s, median {median:.3f} s, peak RSS {rss[b] / 1024:.0f} MB; "
            f"to the first: best {best / min(wall[first]):.2f}x, median {median / statistics.median(wall[first]):.2f}x"
        )


if __name__ == "__main__":
    main()
