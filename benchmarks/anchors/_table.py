"""Prints the pair table from run.sh's results file (one JSON object a line:
{"pair", "side": "lifecircle"|"anchor", "anchor": name, "seconds", "max_rss_mb", ...})."""
import json
import sys

rows = {}
order = []
runs = {}
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.strip()
    if not line:
        continue
    r = json.loads(line)
    key = r["pair"]
    if key not in rows:
        rows[key] = {}
        order.append(key)
    runs.setdefault((key, r["side"]), []).append(r)

# A side measured several times (run.sh's RUNS, interleaved with the other
# side): the run with the median time stands for it, peak memory is the largest.
for (key, side), rs in runs.items():
    timed = sorted((r for r in rs if isinstance(r.get("seconds"), (int, float))), key=lambda r: r["seconds"])
    pick = dict(timed[len(timed) // 2] if timed else rs[-1])
    mems = [r["max_rss_mb"] for r in rs if isinstance(r.get("max_rss_mb"), (int, float))]
    pick["max_rss_mb"] = max(mems) if mems else None
    pick["runs"] = len(timed)
    rows[key][side] = pick


def fmt(x, spec):
    return format(x, spec) if isinstance(x, (int, float)) else "n/a"


head = f"{'pair':<34} {'LifeCircle s':>12} {'anchor s':>10} {'ratio':>8} {'LC MB':>8} {'anchor MB':>9}  notes"
print(head)
print("-" * len(head))
for key in order:
    lc = rows[key].get("lifecircle", {})
    an = rows[key].get("anchor", {})
    a, b = lc.get("seconds"), an.get("seconds")
    ratio = b / a if isinstance(a, (int, float)) and isinstance(b, (int, float)) and a > 0 else None
    notes = []
    for side, r in (("LC", lc), ("anchor", an)):
        if r.get("error"):
            notes.append(f"{side}: {r['error']}")
        if r.get("note"):
            notes.append(f"{side}: {r['note']}")
        if r.get("runs", 1) > 1:
            notes.append(f"{side} median of {r['runs']}")
        if r.get("process_seconds") is not None:
            notes.append(f"{side} whole process {r['process_seconds']:.3f} s")
        if r.get("timing") == "process":
            notes.append(f"{side} time is whole process")
        if r.get("quality"):
            notes.append(f"{side} " + ", ".join(f"{k}={v}" for k, v in r["quality"].items()))
    print(f"{key:<34} {fmt(a, '12.3f')} {fmt(b, '10.3f')} {fmt(ratio, '8.2f')} "
          f"{fmt(lc.get('max_rss_mb'), '8.0f')} {fmt(an.get('max_rss_mb'), '9.0f')}  {'; '.join(notes)}")
print()
print("ratio = anchor s / LifeCircle s (above 1: LifeCircle faster). Times are work time "
      "printed by each side unless marked 'process'; MB = peak resident memory (/usr/bin/time -v).")
