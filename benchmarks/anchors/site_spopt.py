"""Anchor for pair `site`: spopt's MCLP and LSCP with PuLP/CBC on the
instance of generate_site_inputs.py, the same straight-line distance sets
(300 m) as `lifecircle site --metric euclidean`: residents within 300 m of
an existing facility are served already and left out of the demand, as
LifeCircle does. Prints the MCLP optimum (newly served weight) and the
LSCP site count to compare with LifeCircle's exact_value and exact.count.
CBC runs with a relative gap of 0; statuses are PuLP's sol_status (which,
unlike LpStatus, tells an optimum from a feasible stop at the time limit).
A flushed JSON line with the MCLP's result and time (`mclp_seconds`) is
printed as soon as the MCLP finishes, so run.sh keeps it when the LSCP
later runs into the timeout; the last line carries both problems.
usage: site_spopt.py DIR P [TIME_LIMIT_S]"""
import json
import os
import sys
import warnings

from _common import Timer, report

import geopandas as gpd
import numpy as np
import pulp
from scipy.spatial import cKDTree
from spopt.locate import LSCP, MCLP

warnings.filterwarnings("ignore")
RADIUS = 300.0
d = sys.argv[1]
P = int(sys.argv[2])
TIME_LIMIT = float(sys.argv[3]) if len(sys.argv) > 3 else 600.0
res = np.loadtxt(os.path.join(d, "residents.csv"), delimiter=",", skiprows=1)
cand = np.loadtxt(os.path.join(d, "candidates.csv"), delimiter=",", skiprows=1, ndmin=2)
existing = np.loadtxt(os.path.join(d, "existing.csv"), delimiter=",", skiprows=1, ndmin=2)

t = Timer()
served = cKDTree(existing).query(res[:, :2], distance_upper_bound=RADIUS)[0] <= RADIUS
un = res[~served]
demand = gpd.GeoDataFrame({"weight": un[:, 2]}, geometry=gpd.points_from_xy(un[:, 0], un[:, 1]), crs=32650)
facility = gpd.GeoDataFrame(geometry=gpd.points_from_xy(cand[:, 0], cand[:, 1]), crs=32650)
mclp = MCLP.from_geodataframe(demand, facility, "geometry", "geometry", "weight",
                              service_radius=RADIUS, p_facilities=P, distance_metric="euclidean")
mclp = mclp.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=TIME_LIMIT, gapRel=0))
t.lap("mclp")
mclp_quality = {"mclp_value": round(float(pulp.value(mclp.problem.objective)), 6),
                "mclp_status": pulp.LpSolution[mclp.problem.sol_status], "p": P}
print(json.dumps({"pair": "site-mclp", "side": "anchor", "mclp_seconds": round(t.laps["mclp"], 6),
                  "quality": mclp_quality}), flush=True)
reach = cKDTree(cand).query(un[:, :2], distance_upper_bound=RADIUS)[0] <= RADIUS
lscp = LSCP.from_geodataframe(demand[reach], facility, "geometry", "geometry",
                              service_radius=RADIUS, distance_metric="euclidean")
lscp = lscp.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=TIME_LIMIT, gapRel=0))
t.lap("lscp")
report("site", t.total(), mclp_seconds=round(t.laps["mclp"], 6), lscp_seconds=round(t.laps["lscp"], 6),
       quality={**mclp_quality, "lscp_sites": int(round(pulp.value(lscp.problem.objective))),
                "lscp_status": pulp.LpSolution[lscp.problem.sol_status]},
       stages={k: round(v, 4) for k, v in t.laps.items()})
