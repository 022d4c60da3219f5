"""Prints pair `grids-small`'s plans from run.sh's results file: per instance and
side (LifeCircle's default run, pymetis, GerryChain short bursts from
LifeCircle's plan and from its own seed plan) the time, max |d_i|, cut edges,
mean Polsby-Popper and non-contiguous grids, and whether LifeCircle meets the
target: within ±5% and contiguous, cut edges ≤ the better of short bursts and
pymetis, mean Polsby-Popper at least as high."""
import json
import sys

rows = {}
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    if not r["pair"].startswith("grids-small/"):
        continue
    _, inst, side = r["pair"].split("/")
    rows.setdefault(inst, {})[side] = r

print(f"{'instance':<24} {'side':<28} {'s':>7} {'max|d|':>7} {'cut':>6} {'mean PP':>8} {'pieces>1':>8}")
for inst, sides in rows.items():
    seeds = [sides[s]["quality"]["cut_edges"] for s in sides if s.startswith("lifecircle") and (sides[s].get("quality"))]
    for side, r in sides.items():
        if side.startswith("lifecircle-seed-"):
            continue
        q = r.get("quality") or {}
        print(f"{inst:<24} {side:<28} {r.get('seconds', float('nan')):>7.2f} {q.get('max_abs_dev', float('nan')):>7.4f} "
              f"{q.get('cut_edges', -1):>6} {q.get('mean_pp', float('nan')):>8.4f} {q.get('noncontiguous', -1):>8}")
    if seeds:
        print(f"{inst:<24} seeds 1..{len(seeds)}: cut edges {min(seeds)}..{max(seeds)}, "
              f"spread {100 * (max(seeds) - min(seeds)) / max(1, min(seeds)):.1f}% of the best "
              f"(target ≤ 5%), times {min(sides[s]['seconds'] for s in sides if s.startswith('lifecircle')):.2f}"
              f"..{max(sides[s]['seconds'] for s in sides if s.startswith('lifecircle')):.2f} s")
    lc = (sides.get("lifecircle") or {}).get("quality")
    others = [(sides.get(s) or {}).get("quality") for s in ("pymetis", "shortbursts-from-lifecircle", "shortbursts-from-seed")]
    others = [o for o in others if o]
    if lc and others:
        best_cut = min(o["cut_edges"] for o in others)
        best_pp = max(o["mean_pp"] for o in others)
        ok = lc["max_abs_dev"] <= 0.05 + 1e-9 and lc["noncontiguous"] == 0 and lc["cut_edges"] <= best_cut
        print(f"{inst:<24} target: cut {lc['cut_edges']} vs best other {best_cut}, PP {lc['mean_pp']} vs {best_pp}: "
              f"{'met' if ok and lc['mean_pp'] >= best_pp else ('cut met, PP not' if ok else 'NOT met')}")
