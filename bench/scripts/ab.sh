#!/usr/bin/env bash
# A/B between two builds of the benchmarks jar on a noisy machine: rounds alternate which jar goes first
# (A B, B A, ...), one fork per jar and round; prints per benchmark and parameters the median and range of
# each side over the rounds and B/A with its per-round range (a difference is "within noise" when the two
# ranges overlap). Used for docs/performance.md's before/after tables.
#   bench/scripts/ab.sh A.jar B.jar ROUNDS 'regex' [JMH options...]
# e.g. bench/scripts/ab.sh /tmp/before.jar bench/target/benchmarks.jar 3 'McjcacheBenchmark.(put|putAll)$' \
#        -p mirror=none,pairs -p keys=UNIFORM -t 2 -wi 1 -w 2s -i 3 -r 2s -prof gc
set -euo pipefail
a=$1; b=$2; rounds=$3; regex=$4; shift 4
out=$(mktemp -d)
for round in $(seq 1 "$rounds"); do
  if (( round % 2 )); then order="A B"; else order="B A"; fi
  for side in $order; do
    jar=$a; [[ $side == B ]] && jar=$b
    java -jar "$jar" "$regex" -f 1 "$@" -rf json -rff "$out/$round-$side.json" > "$out/$round-$side.log"
    echo "round $round $side done ($(uptime | sed 's/.*load average: //'))" >&2
  done
done
python3 - "$out" "$rounds" <<'PY'
import json, sys, statistics, os
out, rounds = sys.argv[1], int(sys.argv[2])
rows = {}
for r in range(1, rounds + 1):
    for side in "AB":
        for row in json.load(open(os.path.join(out, f"{r}-{side}.json"))):
            params = ",".join(f"{k}={v}" for k, v in sorted(row.get("params", {}).items()) if k != "keys")
            key = (row["benchmark"].split(".")[-2] + "." + row["benchmark"].split(".")[-1], row["threads"], params)
            alloc = row.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
            rows.setdefault(key, {"A": [], "B": [], "allocA": [], "allocB": []})
            rows[key][side].append(row["primaryMetric"]["score"])
            if alloc is not None:
                rows[key]["alloc" + side].append(alloc)
print("| benchmark | threads | params | A ops/s median [range] | B ops/s median [range] | B/A median [per-round range] | verdict | B/A bytes/op |")
print("|---|---|---|---|---|---|---|---|")
for key in sorted(rows):
    d = rows[key]; A, B = d["A"], d["B"]
    ratios = [y / x for x, y in zip(A, B)]
    overlap = not (min(B) > max(A) or max(B) < min(A))
    verdict = "within noise" if overlap else ("faster" if min(B) > max(A) else "slower")
    alloc = f"{statistics.median(d['allocB']) / statistics.median(d['allocA']):.2f} ({statistics.median(d['allocA']):,.0f} -> {statistics.median(d['allocB']):,.0f})" if d["allocA"] and d["allocB"] else ""
    print(f"| {key[0]} | {key[1]} | {key[2]} | {statistics.median(A):,.0f} [{min(A):,.0f}-{max(A):,.0f}] | "
          f"{statistics.median(B):,.0f} [{min(B):,.0f}-{max(B):,.0f}] | {statistics.median(B)/statistics.median(A):.2f}x "
          f"[{min(ratios):.2f}-{max(ratios):.2f}] | {verdict} | {alloc} |")
PY
