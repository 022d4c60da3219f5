"""Writes the instance of pair `parks` into DIR (skipped when present):
  residents.csv   x, y, weight   50,000 points (70% in 40 clusters, 30% spread), households 1..10
  candidates.csv  x, y           2,000 candidate park sites
in an 8 km x 8 km square (projected metres). Seeded. Reach is straight-line
within 300 m (spopt's MCLP measures Euclidean distance), p = 100 sites.
usage: generate_parks_instance.py DIR [RESIDENTS CANDIDATES]  (smaller sizes for smoke runs;
the defaults, 50,000 and 2,000, give the benchmark instance)"""
import os
import sys

import numpy as np

SEED = 20261125
SIDE = 8_000.0
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
res_path, cand_path = os.path.join(out, "residents.csv"), os.path.join(out, "candidates.csv")
if os.path.exists(res_path) and os.path.exists(cand_path):
    sys.exit(0)
rng = np.random.default_rng(SEED)
n_res = int(sys.argv[2]) if len(sys.argv) > 2 else 50_000
n_cand = int(sys.argv[3]) if len(sys.argv) > 3 else 2_000
clusters = 40
centres = rng.random((clusters, 2)) * SIDE
n_clustered = int(0.7 * n_res)
pts = np.vstack([centres[rng.integers(0, clusters, n_clustered)] + rng.normal(0, 400, (n_clustered, 2)),
                 rng.random((n_res - n_clustered, 2)) * SIDE])
pts = np.clip(pts, 0, SIDE)
weight = rng.integers(1, 11, n_res)
cand = rng.random((n_cand, 2)) * SIDE
np.savetxt(res_path + ".tmp", np.column_stack([pts, weight]), delimiter=",", header="x,y,weight",
           comments="", fmt=["%.3f", "%.3f", "%d"])
np.savetxt(cand_path, cand, delimiter=",", header="x,y", comments="", fmt="%.3f")
os.replace(res_path + ".tmp", res_path)
print(f"generated {n_res} residents and {n_cand} candidates in {out}", file=sys.stderr)
