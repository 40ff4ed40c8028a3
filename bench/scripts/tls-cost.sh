#!/usr/bin/env bash
# What TLS costs (docs/performance.md, "TLS"): mcjcache (mirror=none, near cache off) and raw spymemcached,
# get and put/set, on plain and on TLS-only servers. Rounds alternate the order (plain first, then TLS first)
# so that drift on a noisy machine hits both; each round is one fork per wire. Prints per row the median and
# range of the rounds and the TLS/plain ratio with its per-round range.
#   bench/scripts/tls-cost.sh [rounds] [threads]      (after: mvn -B -q -pl bench -am package -DskipTests)
set -euo pipefail
rounds=${1:-3}
threads=${2:-1}
jar=bench/target/benchmarks.jar
out=$(mktemp -d)
for round in $(seq 1 "$rounds"); do
  if (( round % 2 )); then order="plain tls"; else order="tls plain"; fi
  for wire in $order; do
    java -jar "$jar" 'McjcacheBenchmark\.(get|put)$|RawSpymemcachedBenchmark\.(get|set)$' \
      -p wire="$wire" -p mirror=none -p keys=UNIFORM -t "$threads" -f 1 -wi 1 -w 2s -i 3 -r 2s \
      -rf json -rff "$out/$round-$wire.json" > "$out/$round-$wire.log"
    echo "round $round $wire done" >&2
  done
done
python3 - "$out" "$rounds" "$threads" <<'PY'
import json, sys, statistics, glob, os
out, rounds, threads = sys.argv[1], int(sys.argv[2]), sys.argv[3]
scores = {}  # (benchmark, wire) -> [score per round]
for round in range(1, rounds + 1):
    for wire in ("plain", "tls"):
        for row in json.load(open(os.path.join(out, f"{round}-{wire}.json"))):
            name = row["benchmark"].rsplit(".", 2)
            key = (name[-2] + "." + name[-1], wire)
            scores.setdefault(key, []).append(row["primaryMetric"]["score"])
print(f"| benchmark ({threads} thread(s)) | plain ops/s median [range] | TLS ops/s median [range] | TLS/plain median [per-round range] |")
print("|---|---|---|---|")
for bench in sorted({b for b, _ in scores}):
    p, t = scores[(bench, "plain")], scores[(bench, "tls")]
    ratios = [b / a for a, b in zip(p, t)]
    print(f"| {bench} | {statistics.median(p):,.0f} [{min(p):,.0f}-{max(p):,.0f}] | {statistics.median(t):,.0f} "
          f"[{min(t):,.0f}-{max(t):,.0f}] | {statistics.median(t)/statistics.median(p):.2f}x "
          f"[{min(ratios):.2f}-{max(ratios):.2f}] |")
PY
