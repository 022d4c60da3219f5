"""Fits time and peak memory per city against its size from a measured
sample batch, and projects the wall time of the whole national batch on
1, 10 and 100 Slurm nodes (docs/SCALING.md).

usage: scaling.py SAMPLE_BATCH_SUMMARY CITIES_TSV [--node-cores 32] [--node-memory-gb 128]
  SAMPLE_BATCH_SUMMARY  batch_summary.json of `lifecircle batch manifest-sample.yaml`
  CITIES_TSV            cities.tsv of generate_cities.py (row, code, population, points)
Fits are least squares on (points, value): time = a + b·points, memory = c + d·points.
A node runs as many rows at once as its cores and memory allow; rows are
scheduled longest first onto the node that frees up first (LPT), which is
how a Slurm array with enough tasks fills the nodes.
"""
import heapq
import json
import sys


def fit(xs, ys):
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else 0.0
    a = my - b * mx
    ss = sum((y - a - b * x) ** 2 for x, y in zip(xs, ys))
    st = sum((y - my) ** 2 for y in ys) or 1.0
    return a, b, 1 - ss / st


def main():
    summary = json.load(open(sys.argv[1]))
    args = sys.argv[3:]
    cores = int(args[args.index("--node-cores") + 1]) if "--node-cores" in args else 32
    mem_gb = float(args[args.index("--node-memory-gb") + 1]) if "--node-memory-gb" in args else 128
    cities = []
    for line in open(sys.argv[2]).read().splitlines()[1:]:
        row, code, pop, pts = line.split("\t")
        cities.append((code, int(pop), int(pts)))
    points = {c: p for c, _, p in cities}
    sample = [c for c in summary["cities"] if c["status"] == "ok"]
    xs = [points[c["code"]] for c in sample]
    ta, tb, tr2 = fit(xs, [c["seconds"] for c in sample])
    ma, mb, mr2 = fit(xs, [c["peak_memory_mb"] for c in sample])
    print("| city | resident points | seconds | peak MB |")
    print("|---|---:|---:|---:|")
    for c, x in sorted(zip(sample, xs), key=lambda t: t[1]):
        print(f"| {c['code']} | {x:,} | {c['seconds']:.2f} | {c['peak_memory_mb']:.0f} |")
    print()
    print(f"time ≈ {ta:.2f} s + {tb * 1e6:.2f} s per million points (R² {tr2:.3f})")
    print(f"peak ≈ {ma:.0f} MB + {mb * 1e6:.0f} MB per million points (R² {mr2:.3f})")
    est = [(max(0.1, ta + tb * p), max(50.0, ma + mb * p), code) for code, _, p in cities]
    total = sum(t for t, _, _ in est)
    print(f"\n{len(cities)} cities, {sum(p for _, _, p in cities):,} resident points: {total / 3600:.2f} h of row time in all;"
          f" largest row {max(t for t, _, _ in est):.0f} s, {max(m for _, m, _ in est):.0f} MB")
    print(f"\nnodes of {cores} cores and {mem_gb:.0f} GB, 2 cores per row:\n")
    print("| nodes | rows at once | projected wall time |")
    print("|---:|---:|---:|")
    for nodes in (1, 10, 100):
        # Slots: cores/2 rows per node; memory is checked per row as it starts.
        slots = nodes * max(1, cores // 2)
        free = [(0.0, i, mem_gb * 1024) for i in range(slots)]
        heapq.heapify(free)
        end = 0.0
        for t, m, _ in sorted(est, reverse=True):
            start, i, _ = heapq.heappop(free)
            heapq.heappush(free, (start + t, i, mem_gb * 1024))
            end = max(end, start + t)
        print(f"| {nodes} | {slots} | {end / 60:.1f} min |")


main()
