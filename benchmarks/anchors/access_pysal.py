"""Anchor for pair `access`: PySAL `access` (2SFCA and E2SFCA) given the
same cost table LifeCircle used, checked against `lifecircle access`.
The pair runs `lifecircle access --metric euclidean` on the given residents
and facilities, so both sides see the same straight-line cost table (built
here with SciPy's cKDTree, pairs within the catchment), and compares
every resident's value to 1e-9 relative.
usage: access_pysal.py LIFECIRCLE_GPKG RESIDENTS.csv FACILITIES.csv CATCHMENT [BANDS]
  RESIDENTS.csv: x,y,pop   FACILITIES.csv: x,y,capacity   (working CRS metres)
  BANDS: "300:1,600:0.68,1000:0.22" for e2sfca (default: plain 2sfca)"""
import sys

from _common import Timer, report

import numpy as np
import pandas as pd
import pyogrio
from access import Access, weights
from scipy.spatial import cKDTree

gpkg, res_csv, fac_csv, catchment = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
bands = sys.argv[5] if len(sys.argv) > 5 else None
res = np.loadtxt(res_csv, delimiter=",", skiprows=1, ndmin=2)
fac = np.loadtxt(fac_csv, delimiter=",", skiprows=1, ndmin=2)

t = Timer()
tree = cKDTree(res[:, :2])
rows = []
for j, (x, y, _) in enumerate(fac):
    for i in tree.query_ball_point((x, y), catchment):
        rows.append((i, j, float(np.hypot(res[i, 0] - x, res[i, 1] - y))))
cost = pd.DataFrame(rows, columns=["origin", "dest", "cost"])
demand = pd.DataFrame({"id": np.arange(len(res)), "pop": res[:, 2]})
supply = pd.DataFrame({"id": np.arange(len(fac)), "cap": fac[:, 2]})
t.lap("cost_table")
A = Access(demand_df=demand, demand_index="id", demand_value="pop",
           supply_df=supply, supply_index="id", supply_value="cap",
           cost_df=cost, cost_origin="origin", cost_dest="dest", cost_name="cost")
if bands:
    steps = {float(b.split(":")[0]): float(b.split(":")[1]) for b in bands.split(",")}
    A.enhanced_two_stage_fca(name="acc", weight_fn=weights.step_fn(steps), max_cost=catchment)
else:
    A.two_stage_fca(name="acc", max_cost=catchment)
t.lap("access")
ours = pyogrio.read_dataframe(gpkg, layer="residents", read_geometry=False)
col = [c for c in ours.columns if c.startswith("access_")][0]
theirs = A.access_df["acc_cap"].reindex(np.arange(len(res))).fillna(0).to_numpy()
mine = ours[col].fillna(0).to_numpy()
scale = np.maximum(np.maximum(np.abs(theirs), np.abs(mine)), 1e-300)
worst = float(np.max(np.abs(theirs - mine) / scale)) if len(mine) else 0.0
report("access", t.total(), quality={"max_relative_difference": worst, "agrees_1e-9": worst <= 1e-9,
                                     "residents": len(res), "pairs": len(cost)},
       stages={k: round(v, 4) for k, v in t.laps.items()})
